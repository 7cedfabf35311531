import FuzzSupport

/// libFuzzer's entry point: one input per call; a trap is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzSanitizer(Fuzz.bytes(data, size))
    return 0
}

#if !TAQUILLA_FUZZ
/// Without libFuzzer: run the harness once over each file or directory given.
@main enum Replay {
    static func main() {
        Fuzz.replayArguments(fuzzSanitizer)
    }
}
#endif
