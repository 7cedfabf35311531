/// Hand-built multipart bodies for the multipart tests.
enum MultipartFixtures {
    static let boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW"

    /// Every byte value, plus CRLF-dash sequences and near-boundaries that must stay content.
    static let binaryPayload: [UInt8] =
        Array(0...255) + Array("\r\n--\r\n--\(boundary.dropLast())\r\n--\(boundary)X\n--x\r\n".utf8) + [0x0D]

    /// A part with the given header lines and body.
    struct Part {
        var headers: [String]
        var body: [UInt8]

        init(_ headers: String..., body: [UInt8]) {
            self.headers = headers
            self.body = body
        }

        init(_ headers: String..., text: String) {
            self.headers = headers
            self.body = Array(text.utf8)
        }
    }

    static func body(
        _ parts: [Part],
        boundary: String = boundary,
        newline: String = "\r\n",
        preamble: String = "",
        epilogue: String = ""
    ) -> [UInt8] {
        var bytes = Array(preamble.utf8)
        for part in parts {
            bytes += Array("--\(boundary)\(newline)".utf8)
            for header in part.headers {
                bytes += Array("\(header)\(newline)".utf8)
            }
            bytes += Array(newline.utf8) + part.body + Array(newline.utf8)
        }
        bytes += Array("--\(boundary)--\(newline)\(epilogue)".utf8)
        return bytes
    }

    /// Two text fields and two files, one of them binary.
    static let mixedParts: [Part] = [
        Part(#"Content-Disposition: form-data; name="title""#, text: "Printer is on fire"),
        Part(#"content-disposition: form-data; name="details""#, text: "Line 1\r\nLine 2 ü"),
        Part(
            #"Content-Disposition: form-data; name="attachment"; filename="notes.txt""#,
            "Content-Type: text/plain; charset=utf-8",
            text: "hello"
        ),
        Part(
            #"CONTENT-DISPOSITION: form-data; name="blob"; filename="data.bin""#,
            "X-Ignored: yes",
            "content-TYPE: Application/Octet-Stream",
            body: binaryPayload
        ),
    ]
}
