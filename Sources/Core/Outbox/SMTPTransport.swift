#if canImport(Glibc)
import Glibc
#endif
import CCurl
import CCurlShim

/// Sends messages to an SMTP server through libcurl: `smtp://` (plain, or upgraded with
/// STARTTLS, which is then required) or `smtps://` (TLS from the start), with AUTH when a
/// user is set, MAIL FROM and one RCPT per recipient, and the message uploaded as is.
///
/// - The message already has CRLF line ends and lines of at most 998 bytes (the
///   builder's guarantee); CURLOPT_CRLF is NOT set, which would double the CRs. libcurl
///   escapes leading dots itself.
/// - Every outbox row has one recipient, so CURLOPT_MAIL_RCPT_ALLLOWFAILS is not
///   needed: a refused recipient fails the transfer with the server's reply.
/// - The server's replies are read through the debug callback (only incoming lines, so
///   the AUTH exchange is never kept) to report its actual words.
/// - One curl handle serves the whole run, so consecutive mails reuse the connection.
/// - Time limits: 20 s to connect, 5 minutes per message (below the 10 minutes after
///   which a 'sending' row counts as abandoned), and a transfer slower than 100 bytes/s
///   for 60 s is cut.
/// - `verifyTLS == false` (setting `smtp_tls_verify = 0`) turns certificate checks off:
///   insecure, only for test servers with self-signed certificates.
public final class SMTPTransport: MailTransport {
    let settings: OutgoingMailSettings.SMTP
    private let curl = CurlEasy()

    /// The upload: the message bytes and how far libcurl has read.
    final class Upload {
        let bytes: [UInt8]
        var offset = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
    }

    public init(_ settings: OutgoingMailSettings.SMTP) {
        self.settings = settings
    }

    public var url: String {
        let host = settings.host.contains(":") && !settings.host.hasPrefix("[") ? "[\(settings.host)]" : settings.host
        return (settings.security == .tls ? "smtps://" : "smtp://") + host + ":" + String(settings.port)
    }

    public var summary: String { url + (settings.security == .starttls ? " (starttls)" : "") }

    public func deliver(_ message: OutgoingMessage) -> DeliveryResult {
        guard let handle = curl.handle else { return .retry("curl_easy_init failed", transportDown: true) }
        var recipients: UnsafeMutablePointer<curl_slist>?
        for address in message.recipients { recipients = tq_curl_slist_append(recipients, "<" + address + ">") }
        defer { tq_curl_slist_free_all(recipients) }
        let upload = Upload(message.bytes)
        curl.reset()

        let code: CURLcode = withExtendedLifetime(upload) {
            curl.setMailOptions(url: url, protocols: "smtp,smtps", requireTLS: settings.security != .none,
                                verifyTLS: settings.verifyTLS)
            if !settings.user.isEmpty {
                _ = tq_curl_setopt_pointer(handle, CURLOPT_USERNAME, settings.user)
                _ = tq_curl_setopt_pointer(handle, CURLOPT_PASSWORD, settings.password)
            }
            _ = tq_curl_setopt_pointer(handle, CURLOPT_MAIL_FROM, "<" + message.envelopeFrom + ">")
            _ = tq_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients)
            _ = tq_curl_setopt_long(handle, CURLOPT_UPLOAD, 1)
            _ = tq_curl_setopt_off(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.bytes.count))
            _ = tq_curl_setopt_read(handle, { buffer, size, count, user in
                guard let buffer, let user else { return 0 }
                let upload = Unmanaged<Upload>.fromOpaque(user).takeUnretainedValue()
                let n = min(size * count, upload.bytes.count - upload.offset)
                upload.bytes.withUnsafeBytes { source in
                    UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + upload.offset, byteCount: n)
                }
                upload.offset += n
                return n
            }, Unmanaged.passUnretained(upload).toOpaque())
            curl.collectProtocolLines()
            let code = tq_curl_easy_perform(handle)
            _ = tq_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, nil)
            return code
        }

        var response = 0
        _ = tq_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &response)
        let curlMessage = "\(url): " + curl.message(code)
        let answer = SMTPOutcome.answer(lines: curl.lines.lines, code: response)
        return SMTPOutcome.classify(Self.failure(code), responseCode: response, answer: answer, curlMessage: curlMessage)
    }

    static func failure(_ code: CURLcode) -> SMTPOutcome.Failure {
        switch code {
        case CURLE_OK: return .none
        case CURLE_LOGIN_DENIED, CURLE_AUTH_ERROR: return .login
        case CURLE_OPERATION_TIMEDOUT: return .timeout
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT, CURLE_GOT_NOTHING,
             CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_WEIRD_SERVER_REPLY:
            return .connection
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_USE_SSL_FAILED, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return .tls
        default: return .other
        }
    }
}
