/// Turns uploaded form files into `IncomingFile`s under the attachment policy: empty
/// file inputs are skipped; too many files, a file too large or a disallowed extension
/// is an error (a catalog key with parameters) rather than a silent drop.
enum Uploads {
    struct Problem: Error {
        let key: String
        let params: [String: String]
    }

    static func accept(_ uploads: [UploadedFile], policy: AttachmentPolicy) -> Result<[IncomingFile], Problem> {
        let chosen = uploads.filter { $0.fieldName == "files" && !($0.filename.isEmpty && $0.bytes.isEmpty) }
        if chosen.count > policy.maxFiles {
            return .failure(Problem(key: "error.file_count", params: ["count": String(policy.maxFiles)]))
        }
        var out: [IncomingFile] = []
        for file in chosen {
            let name = file.filename.singleLine()
            if name.isEmpty || name.utf8.count > 255 {
                return .failure(Problem(key: "error.file_name", params: [:]))
            }
            if file.bytes.count > policy.maxBytes {
                return .failure(Problem(key: "error.file_size", params: ["name": name, "size": ByteSize.display(Int64(policy.maxBytes))]))
            }
            if !policy.allows(filename: name) {
                return .failure(Problem(key: "error.file_type", params: ["name": name]))
            }
            let bytes = Array(file.bytes)
            out.append(IncomingFile(filename: name, contentType: ContentSniffer.type(of: bytes), bytes: bytes))
        }
        return .success(out)
    }
}
