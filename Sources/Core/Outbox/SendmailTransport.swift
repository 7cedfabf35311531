/// Hands each message to the local mail system's `sendmail` program (default
/// `/usr/sbin/sendmail -t -i`: recipients from the headers, a lone "." is not the end).
///
/// The message is piped with LF line ends, as local submission expects. When the
/// command has no `-t`, the recipients are added as arguments after `--` (and one that
/// starts with "-" is refused, so an address can never become an option). Outcome by
/// exit status:
/// 0 sent; 75 (EX_TEMPFAIL) temporary; any other status permanent, with what the
/// program printed. A program that cannot be started, is killed by a signal or takes
/// longer than two minutes is a temporary failure of the transport (the run stops).
public struct SendmailTransport: MailTransport {
    public let arguments: [String]

    public init(arguments: [String]) { self.arguments = arguments }

    public var summary: String { arguments.joined(separator: " ") }

    public func deliver(_ message: OutgoingMessage) -> DeliveryResult {
        var command = arguments
        if !command.contains("-t") {
            if let bad = message.recipients.first(where: { $0.hasPrefix("-") }) {
                return .failed("refused to pass the address '\(bad)' to \(summary)")
            }
            command += ["--"] + message.recipients
        }
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.run(command, input: Self.unixNewlines(message.bytes))
        } catch {
            return .retry(error.description, transportDown: true)
        }
        let said = DeliveryResult.clean(String(decoding: result.output, as: UTF8.self), limit: 800)
        let suffix = said.isEmpty ? "" : ": " + said
        switch result.termination {
        case .exited(0): return .sent(answer: "\(summary) exited with status 0" + suffix)
        case .exited(75): return .retry("\(summary) exited with status 75 (temporary failure)" + suffix, transportDown: false)
        case .exited(let status): return .failed("\(summary) exited with status \(status)" + suffix)
        case .signalled(let signal): return .retry("\(summary) was killed by signal \(signal)" + suffix, transportDown: true)
        case .timedOut: return .retry("\(summary) did not finish within 2 minutes" + suffix, transportDown: true)
        }
    }

    /// CRLF → LF (a lone CR is kept).
    static func unixNewlines(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A {
                index += 1
                continue
            }
            out.append(bytes[index])
            index += 1
        }
        return out
    }
}
