/// Reading what an API client sent: the bearer key, a JSON body (type, size and syntax
/// checked in that order: 415, 413, 400) and typed members of a JSON object, each with
/// the error a client can act on. Members not listed by an endpoint are ignored.
enum ApiInput {
    /// The key from `Authorization: Bearer KEY` (scheme case-insensitive, RFC 6750); nil
    /// when the header is missing or another scheme.
    static func bearer(_ request: Request) -> String? {
        guard let header = request.headers["authorization"] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = String(parts[1]).trimmingASCIIWhitespace()
        return token.isEmpty ? nil : token
    }

    /// The body as a JSON object. Only `application/json` (charset absent or UTF-8) is taken.
    static func object(_ request: Request, maxBytes: Int) throws(ApiError) -> [String: JSON] {
        let type = HeaderValue.parse(request.contentType.utf8)
        let charset = type.parameters["charset"]?.lowercased()
        guard type.value == "application/json", charset == nil || charset == "utf-8" else {
            throw ApiError(status: 415, code: "unsupported_media_type")
        }
        guard request.body.count <= maxBytes else {
            throw ApiError(status: 413, code: "body_too_large", params: ["size": ByteSize.display(Int64(maxBytes))])
        }
        let parsed: JSON
        do {
            parsed = try JSON.parse(request.body)
        } catch {
            throw ApiError(status: 400, code: "invalid_json", params: ["offset": String(error.offset)])
        }
        guard case .object(let members) = parsed else { throw ApiError(status: 400, code: "invalid_json", params: ["offset": "0"]) }
        return members
    }

    /// A string member; absent or null is "", any other type is refused.
    static func string(_ members: [String: JSON], _ name: String) throws(ApiError) -> String {
        switch members[name] {
        case .none, .some(.null): return ""
        case .some(.string(let s)): return s
        default: throw ApiError(status: 422, code: "invalid_type", field: name, params: ["name": name])
        }
    }

    /// A positive integer id member; absent or null is nil.
    static func id(_ members: [String: JSON], _ name: String) throws(ApiError) -> Int64? {
        switch members[name] {
        case .none, .some(.null): return nil
        case .some(.number(let d)) where d >= 1 && d <= 9_007_199_254_740_991 && d == d.rounded(.towardZero): return Int64(d)
        default: throw ApiError(status: 422, code: "invalid_type", field: name, params: ["name": name])
        }
    }

    /// Optional files as `[{"name", "content_type", "data" (base64)}]`, turned into uploads
    /// so the web form's policy (`Uploads.accept`) decides about count, size and type.
    static func attachments(_ members: [String: JSON], policy: AttachmentPolicy) throws(ApiError) -> [IncomingFile] {
        let items: [JSON]
        switch members["attachments"] {
        case .none, .some(.null): return []
        case .some(.array(let a)): items = a
        default: throw ApiError(status: 422, code: "invalid_type", field: "attachments", params: ["name": "attachments"])
        }
        var uploads: [UploadedFile] = []
        for item in items {
            guard case .object(let file) = item, let name = file["name"]?.string, let data = file["data"]?.string,
                  let bytes = Base64.decode(data) else {
                throw ApiError(status: 422, code: "invalid_attachment", field: "attachments")
            }
            uploads.append(UploadedFile(fieldName: "files", filename: name, contentType: file["content_type"]?.string ?? "",
                                        bytes: bytes[...]))
        }
        switch Uploads.accept(uploads, policy: policy) {
        case .success(let files): return files
        case .failure(let problem):
            throw ApiError(status: 422, code: "attachment_rejected", field: "attachments", messageKey: problem.key, params: problem.params)
        }
    }

    /// The largest body worth reading: every allowed file at its largest, base64-encoded,
    /// plus room for the message itself.
    static func maxBodyBytes(_ policy: AttachmentPolicy) -> Int {
        max(0, policy.maxFiles) * max(0, policy.maxBytes) / 3 * 4 + 1_048_576
    }
}
