import Glibc
import Testing
@testable import Core

/// `FastTime` must give exactly what the `gmtime_r` + interpolation formatting gives, for
/// every second it accepts, and step aside (nil) outside the years 1000–9999.
@Suite struct FastTimeTests {
    /// The formatting `TimeFormat` had before `FastTime`, kept here as the reference.
    func reference(_ t: Int64, iso: Bool) -> String {
        let p = TimeFormat.parts(t), pad = TimeFormat.pad
        let date = String(p.tm_year + 1900) + "-" + pad(p.tm_mon + 1) + "-" + pad(p.tm_mday)
        return iso ? date + "T" + pad(p.tm_hour) + ":" + pad(p.tm_min) + ":" + pad(p.tm_sec) + "Z"
                   : date + " " + pad(p.tm_hour) + ":" + pad(p.tm_min) + " UTC"
    }

    @Test func agreesWithGmtimeOnRandomAndEdgeSeconds() {
        var rng = SplitMix64(state: 0x7A9_1CE)
        let first: Int64 = -30_610_224_000, end: Int64 = 253_402_300_800
        var samples: [Int64] = [first, first + 59, -1, 0, 1, 86_399, 86_400, 951_782_400, 951_868_799, 4_107_542_400,
                                1_790_000_000, end - 1]
        for _ in 0..<20_000 { samples.append(first + Int64(rng.next() % UInt64(end - first))) }
        for t in samples {
            #expect(FastTime.format(t, iso: true) == reference(t, iso: true), "iso \(t)")
            #expect(FastTime.format(t, iso: false) == reference(t, iso: false), "display \(t)")
            #expect(TimeFormat.iso(t) == reference(t, iso: true))
            #expect(TimeFormat.display(t) == reference(t, iso: false))
        }
    }

    @Test func stepsAsideOutsideFourDigitYears() {
        for t: Int64 in [-30_610_224_001, 253_402_300_800, Int64.min / 2, -62_135_596_800] {
            #expect(FastTime.format(t, iso: true) == nil)
            #expect(TimeFormat.iso(t) == reference(t, iso: true))
        }
    }
}
