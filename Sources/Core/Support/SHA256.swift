/// SHA-256 (FIPS 180-4), implemented in pure Swift.
///
/// Use `hash(_:)` for data already in memory and `SHA256.Hasher` to hash
/// large attachments chunk by chunk. Edge cases: the empty message is valid
/// (it hashes to `e3b0c442…b855`); the message length is counted modulo
/// 2^64 bits, as the standard specifies.
public enum SHA256 {
    /// Size of a digest in bytes.
    public static let digestByteCount = 32
    /// Size of the internal block in bytes (relevant for HMAC).
    public static let blockByteCount = 64

    /// Returns the 32-byte digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var hasher = Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }
}

extension SHA256 {
    /// Incremental SHA-256: feed data with `update(_:)` in chunks of any
    /// size, then call `finalize()`.
    ///
    /// Splitting the input differently never changes the digest. `finalize()`
    /// does not modify the hasher, so calling it twice returns the same digest
    /// and further `update(_:)` calls continue the same message.
    public struct Hasher: Sendable {
        private var state = State()
        /// Bytes waiting for a complete block; always fewer than 64.
        private var pending: [UInt8] = []
        private var byteCount: UInt64 = 0

        public init() {
            pending.reserveCapacity(SHA256.blockByteCount)
        }

        /// Appends `bytes` to the message.
        public mutating func update(_ bytes: some Collection<UInt8>) {
            let absorbed: Void? = bytes.withContiguousStorageIfAvailable {
                absorb(UnsafeRawBufferPointer($0))
            }
            if absorbed == nil {
                Array(bytes).withUnsafeBytes { absorb($0) }
            }
        }

        /// Returns the 32-byte digest of everything passed to `update(_:)`.
        public func finalize() -> [UInt8] {
            var tail = pending
            tail.append(0x80)
            let paddedCount = tail.count <= SHA256.blockByteCount - 8
                ? SHA256.blockByteCount
                : 2 * SHA256.blockByteCount
            tail.append(contentsOf: repeatElement(0, count: paddedCount - 8 - tail.count))
            let bitCount = byteCount &* 8
            for shift in stride(from: 56, through: 0, by: -8) {
                tail.append(UInt8(truncatingIfNeeded: bitCount >> UInt64(shift)))
            }
            var final = state
            tail.withUnsafeBytes { final.compress(blocks: $0) }
            return final.digest
        }

        private mutating func absorb(_ input: UnsafeRawBufferPointer) {
            byteCount &+= UInt64(input.count)
            var rest = input[...]
            if !pending.isEmpty {
                let take = min(SHA256.blockByteCount - pending.count, rest.count)
                pending.append(contentsOf: rest.prefix(take))
                rest = rest.dropFirst(take)
                guard pending.count == SHA256.blockByteCount else { return }
                pending.withUnsafeBytes { state.compress(blocks: $0) }
                pending.removeAll(keepingCapacity: true)
            }
            let wholeBlocks = rest.count - rest.count % SHA256.blockByteCount
            state.compress(blocks: UnsafeRawBufferPointer(rebasing: rest.prefix(wholeBlocks)))
            pending.append(contentsOf: rest.dropFirst(wholeBlocks))
        }
    }
}

extension SHA256 {
    /// The eight working hash words and the compression function.
    private struct State: Sendable {
        private var h0: UInt32 = 0x6a09_e667, h1: UInt32 = 0xbb67_ae85
        private var h2: UInt32 = 0x3c6e_f372, h3: UInt32 = 0xa54f_f53a
        private var h4: UInt32 = 0x510e_527f, h5: UInt32 = 0x9b05_688c
        private var h6: UInt32 = 0x1f83_d9ab, h7: UInt32 = 0x5be0_cd19

        var digest: [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(SHA256.digestByteCount)
            for word in [h0, h1, h2, h3, h4, h5, h6, h7] {
                for shift in stride(from: 24, through: 0, by: -8) {
                    out.append(UInt8(truncatingIfNeeded: word >> UInt32(shift)))
                }
            }
            return out
        }

        /// Processes `blocks`, whose length must be a multiple of 64.
        mutating func compress(blocks: UnsafeRawBufferPointer) {
            assert(blocks.count % SHA256.blockByteCount == 0)
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                SHA256.roundConstants.withUnsafeBufferPointer { k in
                    for offset in stride(from: 0, to: blocks.count, by: SHA256.blockByteCount) {
                        for t in 0..<16 {
                            w[t] = UInt32(bigEndian: blocks.loadUnaligned(fromByteOffset: offset + 4 * t, as: UInt32.self))
                        }
                        for t in 16..<64 {
                            let s0 = w[t - 15].rotated(7) ^ w[t - 15].rotated(18) ^ (w[t - 15] &>> 3)
                            let s1 = w[t - 2].rotated(17) ^ w[t - 2].rotated(19) ^ (w[t - 2] &>> 10)
                            w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                        }
                        var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
                        for t in 0..<64 {
                            let sum1 = e.rotated(6) ^ e.rotated(11) ^ e.rotated(25)
                            let choice = (e & f) ^ (~e & g)
                            let t1 = h &+ sum1 &+ choice &+ k[t] &+ w[t]
                            let sum0 = a.rotated(2) ^ a.rotated(13) ^ a.rotated(22)
                            let majority = (a & b) ^ (a & c) ^ (b & c)
                            (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ sum0 &+ majority)
                        }
                        h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d
                        h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
                    }
                }
            }
        }
    }

    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}

private extension UInt32 {
    /// Rotates right by `count` bits (0 < count < 32).
    func rotated(_ count: UInt32) -> UInt32 {
        (self &>> count) | (self &<< (32 - count))
    }
}
