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
            out.append(IncomingFile(filename: name, contentType: cleanType(file.contentType), bytes: Array(file.bytes)))
        }
        return .success(out)
    }

    /// A media type made only of token characters, else `application/octet-stream`.
    static func cleanType(_ raw: String) -> String {
        let type = HeaderValue.parse(raw.utf8).value
        let ok = type.utf8.count <= 100 && type.utf8.filter({ $0 == 47 }).count == 1 && type.utf8.allSatisfy {
            ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || "/+-.".utf8.contains($0)
        }
        return ok ? type : "application/octet-stream"
    }
}
