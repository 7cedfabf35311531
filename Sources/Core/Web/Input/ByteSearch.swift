#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fast search in byte arrays using libc `memchr`/`memcmp`, so multi-megabyte
/// bodies are scanned at memory speed even in debug builds.
///
/// Both functions search only inside `range` (which must lie within the
/// array) and return an absolute index into the array, or nil. An empty
/// needle or a range shorter than the needle finds nothing.
enum ByteSearch {
    static func firstIndex(of byte: UInt8, in haystack: [UInt8], range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        return haystack.withUnsafeBytes { buffer in
            let base = buffer.baseAddress!
            guard let hit = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
    }

    static func firstIndex(of needle: [UInt8], in haystack: [UInt8], range: Range<Int>) -> Int? {
        guard !needle.isEmpty, range.count >= needle.count else { return nil }
        return haystack.withUnsafeBytes { hay in
            needle.withUnsafeBytes { pattern in
                let base = hay.baseAddress!
                let lastStart = range.upperBound - pattern.count
                var start = range.lowerBound
                while start <= lastStart, let hit = memchr(base + start, Int32(pattern[0]), lastStart - start + 1) {
                    let index = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + index, pattern.baseAddress!, pattern.count) == 0 { return index }
                    start = index + 1
                }
                return nil
            }
        }
    }
}
