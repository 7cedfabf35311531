import CCurl
import CCurlShim

/// One libcurl handle kept open for a whole mailbox session (POP3 or IMAP), so that the
/// list, fetch and delete requests of a run share one login. Each `perform` sets the URL
/// and the optional custom command, and collects the body (write callback) and the
/// server's protocol lines (debug callback, incoming lines only, so the login exchange
/// with the password is never kept).
///
/// Edge cases: POP3 commits deletions only at QUIT, which libcurl sends when the handle is
/// cleaned up (deinit) — a process killed before that deletes nothing; `noBody` must be
/// set for single-line POP3 commands (DELE, STAT) or curl waits for a multi-line answer
/// and never sends QUIT. Time limits: 20 s to connect, 5 minutes per request, and a
/// transfer slower than 100 bytes/s for 60 s is cut. A body over 64 MB is refused.
final class CurlMailSession {
    let settings: MailboxSettings
    private let curl = CurlEasy()
    private let body = Body()

    /// What a request returned: the body bytes and the server's protocol lines.
    struct Answer {
        var body: [UInt8]
        var lines: [String]
    }

    /// The bytes the write callback received; `overflow` when the limit cut the transfer.
    final class Body {
        var bytes: [UInt8] = []
        var overflow = false
    }

    static let maxBody = 64 << 20

    init(_ settings: MailboxSettings) { self.settings = settings }

    /// Runs one request on `path` (appended to the base URL) with an optional custom command.
    func perform(path: String, command: String? = nil, noBody: Bool = false) throws(MailboxError) -> Answer {
        guard let handle = curl.handle else { throw MailboxError(.connection, "libcurl is not available (curl_easy_init failed)") }
        body.bytes.removeAll(keepingCapacity: true)
        body.overflow = false
        curl.reset()
        let url = settings.baseURL + path
        curl.setMailOptions(url: url, protocols: settings.mailProtocol == .pop3 ? "pop3,pop3s" : "imap,imaps",
                            requireTLS: settings.security != .none, verifyTLS: settings.verifyTLS)
        _ = tq_curl_setopt_pointer(handle, CURLOPT_USERNAME, settings.user)
        _ = tq_curl_setopt_pointer(handle, CURLOPT_PASSWORD, settings.password)
        if let command {
            _ = tq_curl_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, command)
        } else {
            _ = tq_curl_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, nil)
        }
        _ = tq_curl_setopt_long(handle, CURLOPT_NOBODY, noBody ? 1 : 0)
        _ = tq_curl_setopt_write(handle, { data, size, count, user in
            guard let data, let user else { return 0 }
            let body = Unmanaged<Body>.fromOpaque(user).takeUnretainedValue()
            let n = size * count
            guard body.bytes.count + n <= CurlMailSession.maxBody else {
                body.overflow = true
                return 0
            }
            data.withMemoryRebound(to: UInt8.self, capacity: n) { body.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: n)) }
            return n
        }, Unmanaged.passUnretained(body).toOpaque())
        curl.collectProtocolLines()
        let code = withExtendedLifetime(body) { tq_curl_easy_perform(handle) }
        guard code == CURLE_OK else {
            if body.overflow { throw MailboxError(.protocolError, "\(url): message larger than 64 MB") }
            let last = curl.lines.lines.last.map { " (server: \($0))" } ?? ""
            throw MailboxError(Self.kind(code), "\(settings.summary): \(command ?? path): \(curl.message(code))\(last)")
        }
        return Answer(body: body.bytes, lines: curl.lines.lines)
    }

    static func kind(_ code: CURLcode) -> MailboxError.Kind {
        switch code {
        case CURLE_LOGIN_DENIED, CURLE_AUTH_ERROR: return .login
        case CURLE_OPERATION_TIMEDOUT: return .timeout
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR:
            return .connection
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_USE_SSL_FAILED, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR:
            return .tls
        default: return .protocolError
        }
    }
}
