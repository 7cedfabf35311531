/// HMAC-SHA-256 (RFC 2104, test vectors in RFC 4231), for signing tokens and
/// webhook payloads.
///
/// Edge cases: empty keys and empty messages are valid; keys longer than the
/// 64-byte block are hashed first, as the RFC requires. Compare tags with
/// `constantTimeEquals(_:_:)`, never with `==`.
public enum HMACSHA256 {
    /// Returns the 32-byte authentication tag of `message` under `key`.
    public static func mac(key: [UInt8], message: some Collection<UInt8>) -> [UInt8] {
        Key(key).mac(message)
    }

    /// A key with its padded inner and outer blocks already hashed, for signing many short
    /// messages under one key (the site secret): each tag then costs two SHA-256 blocks
    /// instead of four. Tags are the same as `mac(key:message:)` gives.
    public struct Key: Sendable {
        private let inner: SHA256.Hasher
        private let outer: SHA256.Hasher

        public init(_ key: [UInt8]) {
            var block = key.count > SHA256.blockByteCount ? SHA256.hash(key) : key
            block.append(contentsOf: repeatElement(0, count: SHA256.blockByteCount - block.count))
            var inner = SHA256.Hasher()
            inner.update(block.map { $0 ^ 0x36 })
            var outer = SHA256.Hasher()
            outer.update(block.map { $0 ^ 0x5c })
            self.inner = inner
            self.outer = outer
        }

        public func mac(_ message: some Collection<UInt8>) -> [UInt8] {
            var inner = self.inner
            inner.update(message)
            var outer = self.outer
            outer.update(inner.finalize())
            return outer.finalize()
        }
    }
}
