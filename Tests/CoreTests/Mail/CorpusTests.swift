import Testing
@testable import Core

/// The shared corpus of ~270 real messages from other projects' test suites
/// (see INDEX.tsv there). Every listed file is parsed under a time bound; the
/// messages whose expected results are machine-readable (the
/// php-mime-mail-parser `expected/*.json` files; the rest of the corpus has
/// its expectations inline in Ruby/C#/JS specs or in external suites) are
/// compared field by field.
@Suite("Mail corpus")
struct CorpusTests {
    /// Per-message time bound. Generous because tests run unoptimised; the
    /// slowest message (2 MB) takes well under a second.
    static let secondsPerMessage = 20

    /// `MAIL_CORPUS`, else `<repo>/../shared/mail-corpus` (the project layout),
    /// else `<repo>/../../shared/mail-corpus` (a checkout one level deeper, e.g. a worktree).
    static func corpusDirectory() -> String? {
        if let fromEnvironment = TestSupport.environment("MAIL_CORPUS"), !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        let testFile = #filePath
        var components = testFile.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        components.removeLast(4) // CorpusTests.swift, Mail, CoreTests, Tests
        let repository = components.joined(separator: "/")
        for candidate in [repository + "/../shared/mail-corpus", repository + "/../../shared/mail-corpus"]
        where TestSupport.fileExists(candidate + "/INDEX.tsv") {
            return candidate
        }
        return nil
    }

    struct Entry {
        var file: String
        var kind: String
        var expected: String
    }

    static func index(_ directory: String) -> [Entry] {
        guard let bytes = TestSupport.readFile(directory + "/INDEX.tsv") else { return [] }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        guard let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init),
              let fileColumn = header.firstIndex(of: "file"), let kindColumn = header.firstIndex(of: "kind"),
              let expectedColumn = header.firstIndex(of: "expected_output") else { return [] }
        return lines.dropFirst().compactMap { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cells.count > max(fileColumn, kindColumn, expectedColumn) else { return nil }
            return Entry(file: cells[fileColumn], kind: cells[kindColumn], expected: cells[expectedColumn])
        }
    }

    @Test("every corpus file parses without crash or hang", .timeLimit(.minutes(10)))
    func parsesEverything() throws {
        let directory = try #require(Self.corpusDirectory(), "mail corpus not found (set MAIL_CORPUS)")
        let entries = Self.index(directory)
        #expect(entries.count >= 250, "INDEX.tsv lists \(entries.count) files")
        var slowest = (name: "", seconds: 0.0)
        var parsed = 0
        for entry in entries {
            let bytes = try #require(TestSupport.readFile(directory + "/" + entry.file), "cannot read \(entry.file)")
            let start = TestSupport.now()
            let mail = BoundedParse.run(bytes, seconds: Self.secondsPerMessage)
            let elapsed = TestSupport.now() - start
            #expect(mail != nil, "\(entry.file) did not parse within \(Self.secondsPerMessage) s")
            if elapsed > slowest.seconds { slowest = (entry.file, elapsed) }
            if let mail, entry.kind == "message" {
                parsed += 1
                // Basic sanity: attachments have names and consistent sizes/digests.
                for attachment in mail.attachments {
                    #expect(!attachment.filename.isEmpty, "\(entry.file): empty attachment name")
                    #expect(attachment.sha256.utf8.count == 64)
                }
                _ = MailJSON.render(mail)
            }
        }
        print("corpus: parsed \(parsed) messages (\(entries.count) files); slowest \(slowest.name) in "
            + "\(Int(slowest.seconds * 1000)) ms")
    }

    // MARK: - Field comparison

    /// Tally of compared fields.
    struct Tally {
        var compared = 0
        var agreed = 0
        var mismatches: [String] = []

        mutating func check(_ agrees: Bool, _ what: @autoclosure () -> String) {
            compared += 1
            if agrees { agreed += 1 } else { mismatches.append(what()) }
        }

        var share: Double { compared == 0 ? 0 : Double(agreed) / Double(compared) }
    }

    /// Differences that are conventions of php-mime-mail-parser (the library
    /// the expectations were recorded with), not of the message. They are
    /// normalised before comparing; `rawTally` counts them as disagreements.
    ///
    /// - display names: php reports the address as "display" when the header
    ///   has no name; we report an empty name;
    /// - nameless attachments: php invents "noname1", "noname2"…; we use
    ///   "attachment" plus an extension for the type (e.g. "attachment.ics");
    /// - MATCH text: php keeps the part's CRLF line breaks; we normalise to LF.
    private func sameMailbox(_ ours: MailAddress, _ theirs: JSONValue, normalise: Bool) -> Bool {
        let address = theirs["address"]?.string ?? ""
        let display = theirs["display"]?.string ?? ""
        guard ours.address == address else { return false }
        return ours.name == display || (normalise && display == address && ours.name.isEmpty)
    }

    static func isPHPGeneratedName(_ name: String) -> Bool {
        name.hasPrefix("noname") && name.dropFirst(6).allSatisfy(\.isNumber)
    }

    @Test("agreement with machine-readable corpus expectations is at least 98%", .timeLimit(.minutes(5)))
    func agreesWithExpectations() throws {
        let directory = try #require(Self.corpusDirectory(), "mail corpus not found (set MAIL_CORPUS)")
        var tally = Tally()
        var rawTally = Tally()
        var messagesCompared = 0
        let expectations = Self.index(directory).filter { $0.kind == "message" && $0.expected.hasSuffix(".json") }
        for entry in expectations {
            guard let expectedBytes = TestSupport.readFile(directory + "/" + entry.expected),
                  let expected = JSONValue.parse(String(decoding: expectedBytes, as: UTF8.self)) else {
                Issue.record("unreadable expectation \(entry.expected)")
                continue
            }
            let raw = try #require(TestSupport.readFile(directory + "/" + entry.file))
            let mail = try #require(BoundedParse.run(raw, seconds: Self.secondsPerMessage), "\(entry.file) timed out")
            messagesCompared += 1
            let id = entry.file
            compare(mail, expected, id: id, normalise: true, into: &tally)
            compare(mail, expected, id: id, normalise: false, into: &rawTally)
        }
        print("corpus expectations: \(messagesCompared) messages, \(tally.compared) fields, \(tally.agreed) agree "
            + "(\(percent(tally.share))); without quirk normalisation \(rawTally.agreed)/\(rawTally.compared) "
            + "(\(percent(rawTally.share)))")
        for mismatch in tally.mismatches { print("  mismatch: \(mismatch)") }
        for mismatch in rawTally.mismatches { print("  raw mismatch: \(mismatch)") }
        #expect(messagesCompared >= 20)
        #expect(tally.share >= 0.98, "agreement \(percent(tally.share)) below 98%")
    }

    private func percent(_ share: Double) -> String {
        let tenths = Int((share * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    private func compare(_ mail: ParsedMail, _ expected: JSONValue, id: String, normalise: Bool, into tally: inout Tally) {
        if let subject = expected["subject"]?.string {
            tally.check(mail.subject == subject, "\(id) subject: \(mail.subject) ≠ \(subject)")
        }
        if let from = expected["from_array"]?.array?.first {
            tally.check(mail.from.map { sameMailbox($0, from, normalise: normalise) } ?? false,
                        "\(id) from: \(String(describing: mail.from)) ≠ \(from)")
        }
        if let to = expected["to_array"]?.array {
            tally.check(mail.to.count == to.count && zip(mail.to, to).allSatisfy { sameMailbox($0, $1, normalise: normalise) },
                        "\(id) to: \(mail.to) ≠ \(to)")
        }
        if let text = expected["text_expected"]?.array {
            tally.check(matches(mail.text, text, normalise: normalise), "\(id) text: \(text) vs \(mail.text.prefix(80))")
        }
        if let html = expected["html_expected"]?.array {
            let ours = mail.html ?? ""
            tally.check(matches(ours, html, normalise: normalise), "\(id) html: \(html) vs \(ours.prefix(80))")
        }
        if let attachments = expected["attachments"]?.array {
            tally.check(mail.attachments.count == attachments.count,
                        "\(id) attachment count: \(mail.attachments.count) ≠ \(attachments.count)")
            for (ours, theirs) in zip(mail.attachments, attachments) {
                let name = theirs["filename"]?.string ?? ""
                let nameAgrees = ours.filename == name
                    || (normalise && Self.isPHPGeneratedName(name) && ours.filename.hasPrefix("attachment"))
                tally.check(nameAgrees, "\(id) attachment name: \(ours.filename) ≠ \(name)")
                let type = theirs["content_type"]?.string ?? ""
                tally.check(ours.contentType == type, "\(id) attachment type (\(name)): \(ours.contentType) ≠ \(type)")
                let size = theirs["size"]?.int ?? -1
                tally.check(ours.size == size, "\(id) attachment size (\(name)): \(ours.size) ≠ \(size)")
                if let needle = theirs["string_inside"]?.string, !needle.isEmpty, let count = theirs["string_count"]?.int {
                    let found = TestSupport.occurrences(of: Array(needle.utf8), in: ours.bytes)
                    tally.check(found == count, "\(id) attachment content (\(name)): \"\(needle)\" ×\(found) ≠ ×\(count)")
                }
                let inline = theirs["disposition"]?.string == "inline"
                tally.check(ours.isInline == inline, "\(id) attachment inline (\(name)): \(ours.isInline) ≠ \(inline)")
            }
        }
    }

    /// ["MATCH", s] compares the whole text; ["COUNT", n, needle] counts occurrences.
    private func matches(_ ours: String, _ expectation: [JSONValue], normalise: Bool) -> Bool {
        guard let mode = expectation.first?.string else { return false }
        if mode == "MATCH", expectation.count >= 2, let wanted = expectation[1].string {
            let target = normalise ? String(decoding: MailBytes.normalizingNewlines(Array(wanted.utf8)), as: UTF8.self) : wanted
            return ours == target
        }
        if mode == "COUNT", expectation.count >= 3, let count = expectation[1].int, let needle = expectation[2].string {
            return TestSupport.occurrences(of: needle, in: ours) == count
        }
        return false
    }
}
