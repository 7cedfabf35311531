import Testing

@testable import Core

@Suite struct MultipartFormTests {
    @Test func splitsFieldsAndFilesAndSkipsEmptyFilenames() throws {
        var parts = MultipartFixtures.mixedParts
        parts.append(MultipartFixtures.Part(#"Content-Disposition: form-data; name="extra"; filename="""#, text: ""))
        parts.append(MultipartFixtures.Part(#"Content-Disposition: form-data; name="title""#, body: [0x41, 0xFF]))
        let body = MultipartFixtures.body(parts)
        let form = MultipartForm(parts: try MultipartParser.parse(body: body, boundary: MultipartFixtures.boundary))

        #expect(form.fields.names == ["title", "details"])
        #expect(form.fields.all("title") == ["Printer is on fire", "A\u{FFFD}"])
        #expect(form.fields["details"] == "Line 1\r\nLine 2 ü")
        #expect(form.files.map(\.fieldName) == ["attachment", "blob"])
        #expect(form.files.map(\.filename) == ["notes.txt", "data.bin"])
        #expect(form.files.map(\.contentType) == ["text/plain", "application/octet-stream"])
        #expect(Array(form.files[1].bytes) == MultipartFixtures.binaryPayload)
    }
}
