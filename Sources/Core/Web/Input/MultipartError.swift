/// Why a `multipart/form-data` body was rejected by `MultipartParser.parse`.
///
/// Every case means the whole body is unusable; the request should get a
/// 400 (or 413 for the limit cases) and no partial result is returned.
public enum MultipartError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The boundary is empty, longer than 70 bytes or has characters outside RFC 2046 `bchars`.
    case invalidBoundary
    /// The body does not contain the opening `--boundary` line.
    case missingBoundary
    /// The body ends before the closing `--boundary--` (usually a truncated upload).
    case missingClosingDelimiter
    /// A part has no Content-Disposition header or no non-empty `name` parameter.
    case missingName
    /// The body has more parts than `MultipartLimits.maxParts`.
    case tooManyParts(limit: Int)
    /// A part's header section is longer than `MultipartLimits.maxHeaderBytes`.
    case headerTooLarge(limit: Int)

    public var description: String {
        switch self {
        case .invalidBoundary:
            "multipart boundary is empty, longer than 70 bytes or has invalid characters"
        case .missingBoundary:
            "multipart body does not start with the boundary delimiter"
        case .missingClosingDelimiter:
            "multipart body ends without a closing boundary delimiter (truncated?)"
        case .missingName:
            "multipart part has no Content-Disposition header with a name"
        case .tooManyParts(let limit):
            "multipart body has more than \(limit) parts"
        case .headerTooLarge(let limit):
            "multipart part headers are longer than \(limit) bytes"
        }
    }
}
