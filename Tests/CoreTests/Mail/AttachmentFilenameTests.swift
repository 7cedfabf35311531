import Testing
@testable import Core

@Suite("Attachment filenames")
struct AttachmentFilenameTests {
    @Test(arguments: [
        ("factura.pdf", "factura.pdf"), ("C:\\Users\\ana\\factura.pdf", "factura.pdf"), ("../../etc/passwd", "passwd"),
        ("  informe\u{7}\u{0}.doc  ", "informe.doc"), ("evil\u{202E}fdp.exe", "evilfdp.exe"), ("..", ""), ("dir/", ""),
        ("ñandú 📦.txt", "ñandú 📦.txt"),
    ])
    func sanitize(_ input: String, _ expected: String) {
        #expect(AttachmentFilename.sanitize(input) == expected)
    }

    @Test func fallbacks() {
        #expect(AttachmentFilename.fallback(for: "application/pdf") == "attachment.pdf")
        #expect(AttachmentFilename.fallback(for: "image/jpeg") == "attachment.jpg")
        #expect(AttachmentFilename.fallback(for: "application/x-unknown") == "attachment")
        #expect(AttachmentFilename.fromText("Re: a/b\\c\ttab") == "Re_ a_b_c tab")
    }
}
