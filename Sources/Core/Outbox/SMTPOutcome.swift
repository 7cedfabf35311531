/// Decides what an SMTP transfer's end means for the row, from the kind of libcurl
/// failure, the last SMTP reply code (CURLINFO_RESPONSE_CODE) and the server's words.
///
/// Rules, in order:
/// 1. no failure → sent, with the server's last answer;
/// 2. login refused or required (curl's LOGIN_DENIED, or reply 530/534/535/538, which
///    also covers "530 Must issue a STARTTLS command first") → temporary, and the
///    transport is down: fixing the settings must not have failed every mail;
/// 3. a 5xx reply → permanent, with the server's answer ("550 no such user");
/// 4. a 4xx reply → temporary; 421 (service closing) also means the transport is down;
/// 5. no usable reply: connection, TLS and time-out failures → temporary with the
///    transport down; anything else → temporary for this mail only.
///
/// Edge case: the reply code is only trusted when a failure happened; on success it
/// is the final 250.
public enum SMTPOutcome {
    /// libcurl's error reduced to what matters here.
    public enum Failure: Sendable, Equatable {
        case none, connection, tls, login, timeout, other
    }

    public static func classify(_ failure: Failure, responseCode: Int, answer: String, curlMessage: String) -> DeliveryResult {
        let said = answer.isEmpty ? curlMessage : answer
        if failure == .none { return .sent(answer: answer.isEmpty ? "accepted" : answer) }
        if failure == .login || [530, 534, 535, 538].contains(responseCode) {
            return .retry("check smtp_security, smtp_user and smtp_password: " + said, transportDown: true)
        }
        if (500..<600).contains(responseCode) { return .failed(said) }
        if (400..<500).contains(responseCode) { return .retry(said, transportDown: responseCode == 421) }
        switch failure {
        case .connection, .tls, .timeout: return .retry(curlMessage, transportDown: true)
        default: return .retry(curlMessage, transportDown: false)
        }
    }

    /// The server's replies as read from the conversation: `lines` are response lines
    /// ("250-…", "250 …"); the result is the last complete reply with `code` (or the last
    /// reply when no code matches), written as "code text text".
    public static func answer(lines: [String], code: Int) -> String {
        var replies: [(code: Int, text: [String])] = []
        var open = false
        for line in lines {
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, let value = Int(String(decoding: bytes[0..<3], as: UTF8.self)) else { continue }
            let more = bytes.count > 3 && bytes[3] == 0x2D
            let text = bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self).trimmingASCIIWhitespace() : ""
            if open, let last = replies.last, last.code == value {
                replies[replies.count - 1].text.append(text)
            } else {
                replies.append((value, [text]))
            }
            open = more
        }
        guard let reply = replies.last(where: { $0.code == code }) ?? replies.last else { return "" }
        return DeliveryResult.clean(([String(reply.code)] + reply.text.filter { !$0.isEmpty }).joined(separator: " "))
    }
}
