import CCrypt
import Glibc

/// Cryptographically secure random bytes from the kernel (`getrandom(2)`),
/// for salts, session tokens and password-reset codes.
///
/// Edge cases: interrupted calls and short reads are retried; a request for 0
/// bytes returns an empty array. If the kernel call fails for any other
/// reason the process stops, because continuing without randomness would be
/// unsafe.
public enum SecureRandom {
    /// Returns `count` random bytes (`count` must not be negative).
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes: negative count \(count)")
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            var filled = 0
            while filled < count {
                let result = getrandom(buffer.baseAddress! + filled, count - filled, 0)
                if result >= 0 {
                    filled += result
                } else if errno != EINTR {
                    fatalError("getrandom failed with errno \(errno)")
                }
            }
            initializedCount = count
        }
    }

    /// Returns a uniformly distributed integer in `0..<upperBound`
    /// (`upperBound` must be positive). Uses rejection sampling, so there is
    /// no modulo bias.
    public static func uniform(_ upperBound: Int) -> Int {
        precondition(upperBound > 0, "SecureRandom.uniform: upper bound \(upperBound) is not positive")
        let bound = UInt64(upperBound)
        // 2^64 mod bound: values below it would make small results more likely.
        let rejectBelow = (0 &- bound) % bound
        while true {
            let value = bytes(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            if value >= rejectBelow {
                return Int(value % bound)
            }
        }
    }
}
