/// Our own Message-IDs: `taquilla.{outboxID}.{random}.{tag}@{domain}`, where `tag` is
/// the first 8 bytes (16 hex digits) of HMAC-SHA256 under the site secret over
/// "taquilla message-id:" followed by the local part before the tag. A later reply that
/// quotes such an id in In-Reply-To or References can be tied to the outbox row (and
/// so the ticket) it answers, and an id made up by someone else is refused.
///
/// Edge cases: the domain is not signed (changing `smtp_from` keeps old ids valid);
/// `random` (6 bytes, 12 hex digits) keeps ids unique across reinstalls that reuse
/// outbox ids; verification accepts the id with or without angle brackets and with
/// upper-case hex (some gateways change case), refuses anything else that differs, and
/// refuses everything when the key is empty (an unmigrated database has no secret).
public enum SignedMessageID {
    static let prefix = "taquilla"
    static let context = Array("taquilla message-id:".utf8)

    /// A new id, without angle brackets.
    public static func make(outboxID: Int64, domain: String, key: [UInt8], random: [UInt8] = SecureRandom.bytes(6)) -> String {
        let unsigned = "\(prefix).\(outboxID).\(Hex.encode(random))"
        return unsigned + "." + tag(unsigned, key: key) + "@" + domain
    }

    /// The outbox id carried by `id` when we signed it with `key`, else nil.
    public static func verify(_ id: String, key: [UInt8]) -> Int64? {
        guard !key.isEmpty else { return nil }
        var text = Substring(id.trimmingASCIIWhitespace())
        if text.hasPrefix("<") && text.hasSuffix(">") { text = text.dropFirst().dropLast() }
        guard let at = text.lastIndex(of: "@"), text.index(after: at) < text.endIndex else { return nil }
        let parts = text[..<at].split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == prefix, let outboxID = Int64(parts[1]), outboxID >= 0, String(outboxID) == parts[1],
              parts[2].utf8.count == 12, Hex.decode(String(parts[2])) != nil,
              parts[3].utf8.count == 16, let given = Hex.decode(String(parts[3]).lowercased()) else { return nil }
        let unsigned = "\(prefix).\(parts[1]).\(parts[2].lowercased())"
        guard let expected = Hex.decode(tag(unsigned, key: key)), constantTimeEquals(given, expected) else { return nil }
        return outboxID
    }

    private static func tag(_ unsigned: String, key: [UInt8]) -> String {
        Hex.encode(Array(HMACSHA256.mac(key: key, message: context + Array(unsigned.utf8)).prefix(8)))
    }
}
