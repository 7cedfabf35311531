/// The media type of an uploaded file, decided by its first bytes — never by what the
/// uploader's browser claimed or the name says. Only types we recognise by signature
/// get a specific type; everything else is `application/octet-stream`, so a lying
/// "image/png" that is really HTML or SVG is never served as an image or as text.
public enum ContentSniffer {
    public static func type(of b: [UInt8]) -> String {
        func starts(_ prefix: [UInt8]) -> Bool { b.starts(with: prefix) }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if b.count > 12 && starts(Array("RIFF".utf8)) && Array(b[8..<12]) == Array("WEBP".utf8) { return "image/webp" }
        if starts(Array("%PDF-".utf8)) { return "application/pdf" }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return "application/zip" }
        return "application/octet-stream"
    }
}
