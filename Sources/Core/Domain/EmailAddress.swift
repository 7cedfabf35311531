/// A syntactically plausible mailbox address (`local@domain.tld`), lower-cased domain.
/// Deliberately stricter than RFC 5322: no quoted local parts, comments, IP literals,
/// spaces or control characters, at most 254 bytes — what a help desk can safely put
/// into a mail header and what real customers type.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public init?(_ raw: String) {
        let text = raw.trimmingASCIIWhitespace()
        let bytes = Array(text.utf8)
        guard bytes.count >= 3, bytes.count <= 254,
              let at = bytes.lastIndex(of: 64), at > 0, at < bytes.count - 1 else { return nil }
        let local = bytes[..<at], domain = bytes[(at + 1)...]
        guard local.count <= 64, !local.contains(64) else { return nil }
        let localOK = local.allSatisfy { b in
            b >= 0x80 || (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57)
                || Array("!#$%&'*+-/=?^_`{|}~.".utf8).contains(b)
        }
        guard localOK, local.first != 46, local.last != 46 else { return nil }
        let labels = domain.split(separator: 46, omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return nil }
        for label in labels {
            guard !label.isEmpty, label.count <= 63, label.first != 45, label.last != 45,
                  label.allSatisfy({ $0 >= 0x80 || ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 45 })
            else { return nil }
        }
        value = String(decoding: local, as: UTF8.self) + "@" + String(decoding: domain, as: UTF8.self).lowercased()
    }

    public var description: String { value }
}
