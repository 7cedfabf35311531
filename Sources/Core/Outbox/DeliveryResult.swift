/// What a transport made of one message.
///
/// - `sent`: accepted; `answer` is the server's (or program's) reply, for `mail test`.
/// - `retry`: a temporary failure (SMTP 4xx, no connection, time-out, EX_TEMPFAIL);
///   the row goes back to the queue with a backoff. `transportDown` says the failure
///   was not about this message (server unreachable, TLS or login failed, program
///   missing), so the run stops instead of failing the same way on every row.
/// - `failed`: a permanent failure (SMTP 5xx, sendmail refusing the message); not
///   retried.
///
/// Texts are single lines, at most 1000 bytes, ready for `outbox.last_error`.
public enum DeliveryResult: Sendable, Equatable {
    case sent(answer: String)
    case retry(String, transportDown: Bool)
    case failed(String)

    /// The text as stored and printed.
    public var text: String {
        switch self {
        case .sent(let answer): return answer
        case .retry(let text, _), .failed(let text): return text
        }
    }

    /// `text` made one line (controls become spaces) and cut to `limit` bytes on a
    /// character boundary.
    static func clean(_ text: String, limit: Int = 1000) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            out.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? " " : scalar)
        }
        out = out.trimmingASCIIWhitespace()
        while out.utf8.count > limit { out.removeLast() }
        return out
    }
}
