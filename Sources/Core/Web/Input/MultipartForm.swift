/// A file uploaded through a multipart form; `bytes` is a slice of the request body.
public struct UploadedFile: Sendable, Equatable {
    public let fieldName: String
    public let filename: String
    public let contentType: String
    public let bytes: ArraySlice<UInt8>
}

/// Multipart parts split into text fields and uploaded files.
///
/// Parts without a filename become fields, their bodies decoded as UTF-8
/// (invalid sequences become U+FFFD). Parts with a filename become files,
/// except those with an empty filename ("no file chosen"), which are dropped.
/// Order is preserved within fields and within files.
public struct MultipartForm: Sendable, Equatable {
    public private(set) var fields = FormFields()
    public private(set) var files: [UploadedFile] = []

    public init(parts: [MultipartPart]) {
        for part in parts {
            switch part.filename {
            case nil:
                fields.append(String(decoding: part.body, as: UTF8.self), for: part.name)
            case let filename? where !filename.isEmpty:
                let file = UploadedFile(
                    fieldName: part.name, filename: filename, contentType: part.contentType, bytes: part.body
                )
                files.append(file)
            default:
                continue
            }
        }
    }
}
