/// Compares two byte strings (MAC tags, password hashes, tokens) without
/// letting the running time depend on where their contents differ.
///
/// Edge cases: arrays of different lengths are unequal, and that answer is
/// returned immediately because lengths are not secret; two empty arrays are
/// equal.
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in a.indices {
        difference |= a[index] ^ b[index]
    }
    return difference == 0
}
