/// Attachment filenames as the parser reports them and the builder writes
/// them.
///
/// Edge cases for `sanitize`: only the last path component is kept (both "/"
/// and "\" count as separators, so "C:\\x\\a.pdf" and "../../etc/passwd"
/// become "a.pdf" and "passwd"); control characters (C0, DEL, C1) and
/// bidirectional overrides (used to disguise extensions) are removed;
/// surrounding whitespace is trimmed; "." and ".." become empty. An empty
/// result is replaced by "attachment" plus an extension for the content type
/// when one is known (`fallback`).
enum AttachmentFilename {
    static func sanitize(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            if scalar == "/" || scalar == "\\" {
                scalars.removeAll()
                continue
            }
            if isUnsafe(scalar) { continue }
            scalars.append(scalar)
        }
        let trimmed = MailBytes.trimmed(String(scalars))
        return trimmed == "." || trimmed == ".." ? "" : trimmed
    }

    /// Removes path separators (replaced by "_") and unsafe characters, for
    /// names made from free text such as a subject.
    static func fromText(_ text: String, maxScalars: Int = 120) -> String {
        var scalars = String.UnicodeScalarView()
        var taken = 0
        for scalar in text.unicodeScalars {
            if taken >= maxScalars { break }
            taken += 1
            if scalar == "/" || scalar == "\\" || scalar == ":" {
                scalars.append("_")
            } else if scalar == "\t" {
                scalars.append(" ")
            } else if !isUnsafe(scalar) {
                scalars.append(scalar)
            }
        }
        return sanitize(String(scalars))
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F
    }

    /// "attachment" plus an extension for `contentType`, when known.
    static func fallback(for contentType: String) -> String {
        if let ext = fileExtension(for: contentType) { return "attachment." + ext }
        return "attachment"
    }

    /// A conventional extension (without dot) for a lower-cased content type.
    static func fileExtension(for contentType: String) -> String? {
        extensions[contentType]
    }

    private static let extensions: [String: String] = [
        "text/plain": "txt", "text/html": "html", "text/calendar": "ics", "text/csv": "csv", "text/xml": "xml",
        "text/css": "css", "text/markdown": "md", "text/rtf": "rtf", "text/vcard": "vcf", "text/x-vcard": "vcf",
        "text/rfc822-headers": "txt", "text/enriched": "txt",
        "image/jpeg": "jpg", "image/jpg": "jpg", "image/pjpeg": "jpg", "image/png": "png", "image/gif": "gif",
        "image/webp": "webp", "image/bmp": "bmp", "image/tiff": "tif", "image/svg+xml": "svg", "image/heic": "heic",
        "image/x-icon": "ico",
        "application/pdf": "pdf", "application/zip": "zip", "application/x-zip-compressed": "zip",
        "application/gzip": "gz", "application/x-gzip": "gz", "application/x-tar": "tar",
        "application/x-7z-compressed": "7z", "application/x-rar-compressed": "rar", "application/json": "json",
        "application/xml": "xml", "application/rtf": "rtf", "application/ics": "ics",
        "application/msword": "doc", "application/vnd.ms-excel": "xls", "application/vnd.ms-powerpoint": "ppt",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
        "application/vnd.oasis.opendocument.text": "odt", "application/vnd.oasis.opendocument.spreadsheet": "ods",
        "application/vnd.oasis.opendocument.presentation": "odp",
        "application/pkcs7-signature": "p7s", "application/x-pkcs7-signature": "p7s", "application/pkcs7-mime": "p7m",
        "application/x-pkcs7-mime": "p7m", "application/pgp-signature": "asc", "application/pgp-encrypted": "asc",
        "application/ms-tnef": "dat", "application/vnd.ms-tnef": "dat",
        "audio/mpeg": "mp3", "audio/wav": "wav", "audio/x-wav": "wav", "audio/ogg": "ogg", "video/mp4": "mp4",
        "video/mpeg": "mpg", "video/quicktime": "mov",
        "message/rfc822": "eml", "message/global": "eml", "message/delivery-status": "txt",
        "message/disposition-notification": "txt", "message/feedback-report": "txt",
    ]
}
