import CCrypt
import Glibc

/// bcrypt password hashes in the `$2y$08$…` form, made and checked with
/// libxcrypt, for the htpasswd file shared by nginx (libc `crypt`) and
/// Apache (APR, which understands `$2y$` but not every other prefix).
///
/// Edge cases: bcrypt silently ignores everything after 72 bytes and C
/// strings end at NUL, so `make` throws for passwords longer than 72 UTF-8
/// bytes or containing NUL, and `verify` returns false for them. `verify`
/// also returns false for failure tokens such as `*` or `*0`, for hashes
/// libxcrypt does not support, and for malformed hashes.
public enum PasswordHash {
    /// The bcrypt prefix (`$2y$`) and cost written by `make`.
    public static let prefix = "$2y$"
    /// Cost 8 (≈20 ms): the web server checks this hash on EVERY request to /desk/ and
    /// /admin/ (HTTP Basic has no session), so cost 12 (≈340 ms of CPU per request,
    /// measured) would make the desk unusable. Apache's own `htpasswd -B` uses 5.
    public static let cost = 8
    /// bcrypt ignores bytes beyond this length, so longer passwords are refused.
    public static let maxPasswordBytes = 72

    /// Why a password could not be hashed.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case containsNUL
        case tooLong(byteCount: Int)
        case saltGenerationFailed(errno: Int32)
        case hashingFailed(errno: Int32)

        public var description: String {
            switch self {
            case .containsNUL:
                "The password contains a NUL character, which cannot be stored in a C string."
            case .tooLong(let byteCount):
                "The password is \(byteCount) bytes long; bcrypt only uses the first \(PasswordHash.maxPasswordBytes) bytes, so at most \(PasswordHash.maxPasswordBytes) are allowed."
            case .saltGenerationFailed(let errno):
                "libcrypt could not generate a bcrypt salt (errno \(errno))."
            case .hashingFailed(let errno):
                "libcrypt could not hash the password (errno \(errno))."
            }
        }
    }

    /// Returns a new `$2y$08$` bcrypt hash of `password` with a random salt.
    public static func make(_ password: String) throws(Failure) -> String {
        try validate(password)
        var setting = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        guard crypt_gensalt_rn(prefix, UInt(cost), nil, 0, &setting, Int32(setting.count)) != nil else {
            throw .saltGenerationFailed(errno: errno)
        }
        guard let hash = computeHash(password, setting: setting) else {
            throw .hashingFailed(errno: errno)
        }
        return hash
    }

    /// Returns true if `password` matches `hash`, comparing in constant time.
    public static func verify(_ password: String, hash: String) -> Bool {
        guard (try? validate(password)) != nil,
              let computed = computeHash(password, setting: hash) else { return false }
        return constantTimeEquals(Array(computed.utf8), Array(hash.utf8))
    }

    private static func validate(_ password: String) throws(Failure) {
        if password.utf8.contains(0) { throw .containsNUL }
        let byteCount = password.utf8.count
        if byteCount > maxPasswordBytes { throw .tooLong(byteCount: byteCount) }
    }

    /// Runs `crypt_rn`, which reports failure as nil where `crypt_r` would
    /// return a `*` token.
    private static func computeHash(_ password: String, setting: UnsafePointer<CChar>) -> String? {
        let size = MemoryLayout<crypt_data>.size
        let data = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<crypt_data>.alignment)
        data.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        defer { data.deallocate() }
        return crypt_rn(password, setting, data, Int32(size)).map { String(cString: $0) }
    }
}
