import Testing

@testable import Core

@Suite struct MultipartTests {
    typealias Part = MultipartFixtures.Part
    let boundary = MultipartFixtures.boundary

    private func parse(
        _ body: [UInt8], limits: MultipartLimits = MultipartLimits()
    ) throws(MultipartError) -> [MultipartPart] {
        try MultipartParser.parse(body: body, boundary: boundary, limits: limits)
    }

    private func filePart(filenameParameters: String) -> Part {
        Part(#"Content-Disposition: form-data; name="file"; \#(filenameParameters)"#, text: "x")
    }

    @Test func parsesFieldsAndFilesIgnoringPreambleAndEpilogue() throws {
        let body = MultipartFixtures.body(
            MultipartFixtures.mixedParts,
            preamble: "This is a preamble.\r\n",
            epilogue: "--\(boundary)\r\nepilogue"
        )
        let parts = try parse(body)
        #expect(parts.map(\.name) == ["title", "details", "attachment", "blob"])
        #expect(parts.map(\.filename) == [nil, nil, "notes.txt", "data.bin"])
        #expect(parts.map(\.contentType) == ["text/plain", "text/plain", "text/plain", "application/octet-stream"])
        #expect(Array(parts[0].body) == Array("Printer is on fire".utf8))
        #expect(Array(parts[1].body) == Array("Line 1\r\nLine 2 ü".utf8))
        #expect(Array(parts[2].body) == Array("hello".utf8))
        #expect(Array(parts[3].body) == MultipartFixtures.binaryPayload)
    }

    @Test func defaultsContentTypeForFiles() throws {
        let parts = try parse(MultipartFixtures.body([filePart(filenameParameters: #"filename="a.png""#)]))
        #expect(parts[0].contentType == "application/octet-stream")
    }

    @Test func extendedFilenameBeatsPlainFilename() throws {
        let after = filePart(filenameParameters: #"filename="fallback.txt"; filename*=UTF-8''%E2%82%AC%20rates.txt"#)
        let before = filePart(filenameParameters: #"filename*=utf-8'en'%C3%BC.txt; filename="u.txt""#)
        let otherCharset = filePart(filenameParameters: #"filename*=ISO-8859-1''%FC.txt; filename="u.txt""#)
        let parts = try parse(MultipartFixtures.body([after, before, otherCharset]))
        #expect(parts.map(\.filename) == ["€ rates.txt", "ü.txt", "u.txt"])
    }

    @Test(arguments: [
        (#"filename="C:\x\evil.txt""#, "evil.txt"),
        (#"filename="../../etc/passwd""#, "passwd"),
        (#"filename*=UTF-8''..%2F..%2Fboot.ini"#, "boot.ini"),
        ("filename=\"ev\u{7}il\u{1F}.txt\"", "evil.txt"),
        (#"filename="uploads/..""#, ""),
        (#"filename="""#, ""),
    ])
    func sanitizesFilenames(parameters: String, expected: String) throws {
        let parts = try parse(MultipartFixtures.body([filePart(filenameParameters: parameters)]))
        #expect(parts[0].filename == expected)
    }

    @Test func emptyFilenameIsReturnedAsNoFileChosen() throws {
        let part = Part(
            #"Content-Disposition: form-data; name="upload"; filename="""#,
            "Content-Type: application/octet-stream",
            text: ""
        )
        let parts = try parse(MultipartFixtures.body([part]))
        #expect(parts.count == 1)
        #expect(parts[0].filename == "")
        #expect(parts[0].body.isEmpty)
    }

    private func contentTypeBoundary(_ contentType: String) -> String? {
        MultipartParser.boundary(fromContentType: contentType.utf8)
    }

    @Test func readsQuotedAndUnquotedBoundaryFromContentType() {
        #expect(contentTypeBoundary(#"multipart/form-data; boundary="a:b c?""#) == "a:b c?")
        #expect(contentTypeBoundary("Multipart/Form-Data; charset=utf-8; BOUNDARY=xyz") == "xyz")
    }

    @Test func rejectsMissingOrInvalidBoundaryInContentType() {
        #expect(contentTypeBoundary("multipart/form-data") == nil)
        #expect(contentTypeBoundary("text/plain; boundary=xyz") == nil)
        #expect(contentTypeBoundary(#"multipart/form-data; boundary="""#) == nil)
        #expect(contentTypeBoundary(#"multipart/form-data; boundary="ends with space ""#) == nil)
        #expect(contentTypeBoundary("multipart/form-data; boundary=\(String(repeating: "a", count: 71))") == nil)
        #expect(contentTypeBoundary("multipart/form-data; boundary=a\u{1}b") == nil)
    }

    @Test func parsesWithQuotedBoundaryContainingSpecials() throws {
        let contentType = #"multipart/form-data; boundary="weird (boundary) 1+1=2?""#
        let weird = try #require(contentTypeBoundary(contentType))
        let field = Part(#"Content-Disposition: form-data; name="a""#, text: "1")
        let body = MultipartFixtures.body([field], boundary: weird)
        let parts = try MultipartParser.parse(body: body, boundary: weird)
        #expect(parts.map(\.name) == ["a"])
        #expect(Array(parts[0].body) == [UInt8(ascii: "1")])
    }

    @Test func parsesBareLineFeedBodies() throws {
        let parts = try parse(MultipartFixtures.body(MultipartFixtures.mixedParts, newline: "\n"))
        #expect(parts.map(\.name) == ["title", "details", "attachment", "blob"])
        #expect(Array(parts[0].body) == Array("Printer is on fire".utf8))
        #expect(parts[3].contentType == "application/octet-stream")
    }

    @Test func toleratesPaddingAfterBoundaryAndEmptyForm() throws {
        var body = Array("--\(boundary)  \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n".utf8)
        body += Array("--\(boundary)--".utf8)
        #expect(try parse(body).map(\.name) == ["a"])
        #expect(try parse(Array("--\(boundary)--\r\n".utf8)).isEmpty)
    }

    @Test func partWithoutBlankLineHasEmptyBody() throws {
        let body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"a\"\r\n--\(boundary)--".utf8)
        let parts = try parse(body)
        #expect(parts.map(\.name) == ["a"])
        #expect(parts[0].body.isEmpty)
    }

    @Test func truncatedBodyFails() {
        let body = MultipartFixtures.body(MultipartFixtures.mixedParts)
        for cut in [body.count - 4, body.count - 300, 120, 60] {
            #expect(throws: MultipartError.missingClosingDelimiter) { try parse(Array(body[..<cut])) }
        }
    }

    @Test func bodyWithoutBoundaryFails() {
        #expect(throws: MultipartError.missingBoundary) { try parse(Array("just some text".utf8)) }
        #expect(throws: MultipartError.missingBoundary) { try parse([]) }
    }

    @Test func invalidBoundaryArgumentFails() {
        #expect(throws: MultipartError.invalidBoundary) {
            try MultipartParser.parse(body: Array("--\r\n".utf8), boundary: "")
        }
    }

    @Test func partWithoutNameFails() {
        let noName = Part(#"Content-Disposition: form-data; filename="a.txt""#, text: "x")
        let noDisposition = Part("Content-Type: text/plain", text: "x")
        let emptyName = Part(#"Content-Disposition: form-data; name="""#, text: "x")
        for part in [noName, noDisposition, emptyName] {
            #expect(throws: MultipartError.missingName) { try parse(MultipartFixtures.body([part])) }
        }
    }

    @Test func tooManyPartsFails() throws {
        let limits = MultipartLimits(maxParts: 2)
        let field = Part(#"Content-Disposition: form-data; name="f""#, text: "v")
        #expect(try parse(MultipartFixtures.body([field, field]), limits: limits).count == 2)
        #expect(throws: MultipartError.tooManyParts(limit: 2)) {
            try parse(MultipartFixtures.body([field, field, field]), limits: limits)
        }
    }

    @Test func headerTooLargeFails() throws {
        let limits = MultipartLimits(maxHeaderBytes: 64)
        let small = Part(#"Content-Disposition: form-data; name="f""#, text: "v")
        let padding = "X-Padding: \(String(repeating: "p", count: 40))"
        let large = Part(#"Content-Disposition: form-data; name="f""#, padding, text: "v")
        #expect(try parse(MultipartFixtures.body([small]), limits: limits).count == 1)
        #expect(throws: MultipartError.headerTooLarge(limit: 64)) {
            try parse(MultipartFixtures.body([large]), limits: limits)
        }
    }

    @Test func parsesFiveMegabyteFile() throws {
        let payload = (0..<5 * 1024 * 1024).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let part = Part(#"Content-Disposition: form-data; name="big"; filename="big.bin""#, body: payload)
        let parts = try parse(MultipartFixtures.body([part]))
        let body = try #require(parts.first?.body)
        #expect(body.count == payload.count)
        #expect(body[body.startIndex] == 0)
        #expect(body[body.startIndex + 250] == 250)
        #expect(body[body.startIndex + 251] == 0)
        #expect(body[body.endIndex - 1] == payload[payload.count - 1])
    }

    @Test func errorsHaveDistinctDescriptions() {
        let errors: [MultipartError] = [
            .invalidBoundary, .missingBoundary, .missingClosingDelimiter, .missingName,
            .tooManyParts(limit: 3), .headerTooLarge(limit: 9),
        ]
        #expect(Set(errors.map(\.description)).count == errors.count)
        #expect(MultipartError.tooManyParts(limit: 3).description.contains("3"))
    }
}
