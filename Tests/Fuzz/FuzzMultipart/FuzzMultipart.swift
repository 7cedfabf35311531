import Core
import FuzzSupport

/// `MultipartParser.boundary` and `.parse`, then `MultipartForm`.
///
/// Input: the first line is a Content-Type value (`multipart/form-data; boundary=…`); when it
/// yields no boundary, the line itself is tried as the boundary. The rest is the body.
///
/// Invariants: a boundary the Content-Type gives is always accepted by `parse`; parts' bodies
/// are slices inside the body, in order and not overlapping, and none contains a delimiter
/// line; names are non-empty; filenames are bare names; and the parts re-encoded as a fresh
/// multipart body with the same boundary parse back to the same parts.
func fuzzMultipart(_ input: [UInt8]) {
    let newline = input.firstIndex(of: UInt8(ascii: "\n")) ?? input.endIndex
    let header = input[..<newline]
    let body = Array(input[min(newline + 1, input.endIndex)...])
    let fromHeader = MultipartParser.boundary(fromContentType: header)
    if let boundary = fromHeader {
        let count = boundary.utf8.count
        Fuzz.require((1...70).contains(count), "boundary of \(count) bytes accepted")
    }
    let boundary = fromHeader ?? String(decoding: header, as: UTF8.self)
    let limits = MultipartLimits(maxParts: 50, maxHeaderBytes: 1024)

    let parts: [MultipartPart]
    do {
        parts = try MultipartParser.parse(body: body, boundary: boundary, limits: limits)
    } catch {
        if fromHeader != nil {
            Fuzz.require(error != .invalidBoundary, "a boundary from the Content-Type was refused")
        }
        return
    }
    Fuzz.require(parts.count <= limits.maxParts, "\(parts.count) parts")

    var previousEnd = 0
    for part in parts {
        let range = part.body.startIndex..<part.body.endIndex
        Fuzz.require(range.lowerBound >= previousEnd && range.upperBound <= body.count,
                     "part body \(range) outside the body (\(body.count) bytes) or overlapping (previous end \(previousEnd))")
        Fuzz.require(part.body.elementsEqual(body[range]), "part body is not the body's bytes")
        previousEnd = range.upperBound
        Fuzz.require(!containsDelimiter(part.body, boundary: boundary), "part body contains a delimiter line")
        Fuzz.require(!part.name.isEmpty, "empty part name")
        if let filename = part.filename {
            Fuzz.require(filename != "." && filename != ".."
                            && !filename.unicodeScalars.contains { $0 == "/" || $0 == "\\" || $0.properties.generalCategory == .control },
                         "filename \(Fuzz.show(filename)) is not a bare name")
        }
        Fuzz.require(!part.contentType.isEmpty && part.contentType == lowercased(part.contentType),
                     "content type \(Fuzz.show(part.contentType))")
    }

    let form = MultipartForm(parts: parts)
    let fieldCount = form.fields.names.reduce(0) { $0 + form.fields.all($1).count }
    let fileParts = parts.filter { $0.filename.map { !$0.isEmpty } ?? false }
    Fuzz.require(form.files.count == fileParts.count, "\(form.files.count) files for \(fileParts.count) file parts")
    Fuzz.require(fieldCount == parts.filter { $0.filename == nil }.count, "\(fieldCount) fields")
    for (file, part) in zip(form.files, fileParts) {
        Fuzz.require(file.bytes == part.body && file.fieldName == part.name, "file \(Fuzz.show(file.filename)) differs from its part")
    }

    // Re-encode and parse again: the same names, filenames, types and bodies.
    guard parts.allSatisfy(canReencode) else { return }
    let again: [MultipartPart]
    let encoded = encode(parts, boundary: boundary)
    do {
        again = try MultipartParser.parse(body: encoded, boundary: boundary, limits: MultipartLimits(maxParts: 50, maxHeaderBytes: 1 << 20))
    } catch {
        Fuzz.fail("re-encoded parts do not parse: \(error)")
    }
    Fuzz.require(again.count == parts.count, "re-encoded: \(again.count) parts, not \(parts.count)")
    for (a, b) in zip(parts, again) {
        Fuzz.require(a.name == b.name, "re-encoded name \(Fuzz.show(b.name)), not \(Fuzz.show(a.name))")
        Fuzz.require(a.filename == b.filename, "re-encoded filename \(b.filename.map { Fuzz.show($0) } ?? "nil")")
        Fuzz.require(a.contentType == b.contentType, "re-encoded type \(Fuzz.show(b.contentType)), not \(Fuzz.show(a.contentType))")
        Fuzz.require(a.body.elementsEqual(b.body), "re-encoded body differs for \(Fuzz.show(a.name))")
    }
}

/// Whether `bytes` holds `\n--boundary` followed by `--`, or by blanks and a line end: a line
/// the parser would have taken as a delimiter.
private func containsDelimiter(_ bytes: ArraySlice<UInt8>, boundary: String) -> Bool {
    let body = Array(bytes)
    let delimiter = Array("\n--\(boundary)".utf8)
    guard body.count >= delimiter.count else { return false }
    for start in 0...(body.count - delimiter.count) where body[start..<(start + delimiter.count)].elementsEqual(delimiter) {
        var index = start + delimiter.count
        if body[index...].starts(with: "--".utf8) { return true }
        while index < body.count, body[index] == 0x20 || body[index] == 0x09 { index += 1 }
        if body[index...].starts(with: "\n".utf8) || body[index...].starts(with: "\r\n".utf8) { return true }
    }
    return false
}

/// Values whose encoding in a header line is unambiguous: no line breaks or other controls.
private func canReencode(_ part: MultipartPart) -> Bool {
    let values = [part.name, part.contentType] + (part.filename.map { [$0] } ?? [])
    return values.allSatisfy { $0.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F } }
}

private func encode(_ parts: [MultipartPart], boundary: String) -> [UInt8] {
    func quoted(_ value: String) -> String {
        var out = "\""
        for character in value.unicodeScalars {
            if character == "\"" || character == "\\" { out += "\\" }
            out.unicodeScalars.append(character)
        }
        return out + "\""
    }
    var out: [UInt8] = []
    for part in parts {
        var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\(quoted(part.name))"
        if let filename = part.filename { head += "; filename=\(quoted(filename))" }
        head += "\r\nContent-Type: \(part.contentType)\r\n\r\n"
        out += Array(head.utf8)
        out += part.body
        out += Array("\r\n".utf8)
    }
    out += Array("--\(boundary)--\r\n".utf8)
    return out
}

private func lowercased(_ text: String) -> String {
    String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }, as: UTF8.self)
}
