import Testing
@testable import Core

@Suite struct TicketNumberTests {
    @Test func acceptsWhatPeopleType() {
        #expect(TicketNumber("48271930")?.value == "48271930")
        #expect(TicketNumber("#4827-1930")?.value == "48271930")
        #expect(TicketNumber(" 4827 1930 ")?.value == "48271930")
        #expect(TicketNumber("08271930") == nil, "no leading zero")
        #expect(TicketNumber("4827193") == nil)
        #expect(TicketNumber("4827193a") == nil)
    }

    @Test func randomNumbersAreValidAndVary() {
        let numbers = (0..<200).map { _ in TicketNumber.random() }
        #expect(numbers.allSatisfy { TicketNumber($0.value) == $0 })
        #expect(Set(numbers).count > 190)
    }
}

@Suite struct AccessCodeTests {
    @Test func displayRoundTripsAndIgnoresCaseAndDashes() {
        let code = AccessCode.random()
        #expect(code.bytes.count == 16)
        let shown = code.display
        #expect(shown.filter { $0 != "-" }.count == 26)
        #expect(AccessCode(typed: shown)?.bytes == code.bytes)
        #expect(AccessCode(typed: shown.lowercased().replacingDashesWithSpaces())?.bytes == code.bytes)
        #expect(AccessCode(typed: "") == nil)
        #expect(AccessCode(typed: "ABC") == nil)
        #expect(AccessCode(typed: String(repeating: "U", count: 26)) == nil)
    }

    @Test func onlyTheRightCodeMatchesItsHash() {
        let code = AccessCode.random()
        #expect(code.matches(hash: code.hash))
        #expect(!AccessCode.random().matches(hash: code.hash))
        #expect(code.hash.count == 32)
    }
}

@Suite struct EmailAddressTests {
    @Test(arguments: ["ana@example.com", "first.last+tag@sub.example.co.uk", "josé@correo.es", "A@B.CO"])
    func accepts(_ s: String) { #expect(EmailAddress(s) != nil) }

    @Test(arguments: ["", "a", "a@b", "@b.com", "a@.com", "a@b..com", "a b@c.com", "a@b.com\r\nBcc: x@y.z", "a@b.com>", ".a@b.com",
                      "a@-b.com", "\"q\"@b.com", String(repeating: "a", count: 65) + "@b.com"])
    func rejects(_ s: String) { #expect(EmailAddress(s) == nil) }

    @Test func domainIsLowerCased() { #expect(EmailAddress(" Ana@Example.COM ")?.value == "Ana@example.com") }
}

@Suite struct NewTicketInputTests {
    func valid() -> NewTicketInput {
        var i = NewTicketInput()
        i.name = "Ana"; i.email = "ana@example.com"; i.phone = "600 111 222"; i.city = "Quito"
        i.subject = "Hola"; i.message = "Texto"
        return i
    }

    @Test func validInputHasNoErrors() { #expect(valid().validate().isEmpty) }

    @Test func mandatoryFieldsFollowTheSeed() {
        let errors = NewTicketInput().validate()
        #expect(Set(errors.keys) == [.name, .email, .phone, .city, .subject, .message])
        #expect(errors.values.allSatisfy { $0 == "error.required" })
    }

    @Test func cleaningFlattensHeaderBreakingCharacters() {
        var i = valid()
        i.subject = "Hola\r\nBcc: victim@example.com\t "
        i.name = "  Ana \u{0}María  "
        i.message = "a\r\nb\rc\u{7}"
        i.clean()
        #expect(i.subject == "Hola Bcc: victim@example.com")
        #expect(i.name == "Ana María")
        #expect(i.message == "a\nb\nc")
    }

    @Test func lengthsAndFormatsAreChecked() {
        var i = valid()
        i.subject = String(repeating: "x", count: 201)
        i.phone = "12-34"
        i.email = "nope"
        let e = i.validate()
        #expect(e[.subject] == "error.too_long")
        #expect(e[.phone] == "error.phone")
        #expect(e[.email] == "error.email")
    }
}

@Suite struct SettingsTests {
    @Test func badNumbersFallBackToDefaults() {
        let s = Settings(values: ["form_min_seconds": "soon", "ticket_rate_limit": "4"])
        #expect(s.formMinSeconds == 3)
        #expect(s.ticketRateLimit == 4)
    }

    @Test func attachmentPolicyMatchesExtensionsCaseInsensitively() {
        let p = Settings(values: ["attachment_extensions": "pdf JPG"]).attachmentPolicy
        #expect(p.allows(filename: "Factura.PDF"))
        #expect(p.allows(filename: "a.b.jpg"))
        #expect(!p.allows(filename: "run.exe"))
        #expect(!p.allows(filename: "pdf"))
        #expect(!p.allows(filename: ".pdf"))
        #expect(Settings(values: ["attachment_extensions": ""]).attachmentPolicy.allows(filename: "x"))
    }
}

extension String {
    fileprivate func replacingDashesWithSpaces() -> String { String(map { $0 == "-" ? " " : $0 }) }
}

@Suite struct LengthLimitTests {
    @Test func limitsCountCodePointsNotCharacters() {
        var i = NewTicketInput()
        i.name = "a" + String(repeating: "\u{301}", count: 200)
        i.email = "ana@example.com"; i.phone = "600 111 222"; i.city = "Quito"; i.message = "x"
        i.subject = String(repeating: "e\u{301}", count: 160)
        #expect(i.name.count == 1, "one grapheme cluster…")
        #expect(i.name.length == 201, "…but 201 code points")
        let errors = i.validate()
        #expect(errors[.name] == "error.too_long")
        #expect(errors[.subject] == "error.too_long")
    }
}

@Suite struct ContentSnifferTests {
    @Test func typesComeFromTheBytes() {
        #expect(ContentSniffer.type(of: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == "image/png")
        #expect(ContentSniffer.type(of: Array("%PDF-1.7".utf8)) == "application/pdf")
        #expect(ContentSniffer.type(of: Array("<svg onload=alert(1)>".utf8)) == "application/octet-stream")
        #expect(ContentSniffer.type(of: Array("<html><script>x</script>".utf8)) == "application/octet-stream")
        #expect(ContentSniffer.type(of: []) == "application/octet-stream")
    }

    @Test func bidiControlsAreDroppedFromSingleLineValues() {
        #expect("factura\u{202E}fdp.zip".singleLine() == "facturafdp.zip")
        #expect("\u{2067}abc\u{2069}".singleLine() == "abc")
        #expect("שלום".singleLine() == "שלום", "right-to-left text itself is kept")
        // The byte-level shortcut ("already clean") agrees with the scalar walk on random
        // text made of every kind of character the cleaning treats specially.
        let alphabet: [String] = ["a", "ñ", " ", "  ", "\t", "\n", "\r", "\u{7F}", "\u{85}", "\u{9F}", "\u{A0}", "\u{061C}",
                                  "\u{200E}", "\u{200F}", "\u{2028}", "\u{2029}", "\u{202A}", "\u{202E}", "\u{202F}",
                                  "\u{2066}", "\u{2069}", "\u{206A}", "€", "😀", "ع", "\u{1}", "é"]
        var seed: UInt64 = 42
        for _ in 0..<3_000 {
            var text = ""
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            for k in 0..<Int(seed >> 60) { text += alphabet[Int((seed >> UInt64(k * 5 % 55)) % UInt64(alphabet.count))] }
            #expect(text.singleLine() == text.cleanedLine(), "\(Array(text.unicodeScalars))")
            #expect(text.multiLine() == text.cleanedText(), "\(Array(text.unicodeScalars))")
        }
    }
}
