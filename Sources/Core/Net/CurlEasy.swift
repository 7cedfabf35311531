import CCurl
import CCurlShim

/// A libcurl easy handle kept for several transfers (so they share one connection and
/// login), with its error buffer and a collector of the server's protocol lines.
///
/// Edge cases: `handle` is nil when libcurl cannot be loaded (callers report that); at
/// cleanup libcurl still talks to the server (QUIT, LOGOUT), so verbose output and the
/// write callback are switched off first — their data may already be gone.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer?
    let errorBuffer: UnsafeMutablePointer<CChar>
    let lines = CurlProtocolLines()

    init() {
        handle = tq_curl_easy_init()
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        if let handle {
            _ = tq_curl_setopt_long(handle, CURLOPT_VERBOSE, 0)
            _ = tq_curl_setopt_write(handle, { _, size, count, _ in size * count }, nil)
            tq_curl_easy_cleanup(handle)
        }
        errorBuffer.deallocate()
    }

    /// Clears the error buffer and the collected lines before a transfer.
    func reset() {
        errorBuffer[0] = 0
        lines.clear()
    }

    /// Sets the debug callback so that incoming protocol lines (never the outgoing ones,
    /// which carry the login) land in `lines`.
    func collectProtocolLines() {
        guard let handle else { return }
        _ = tq_curl_setopt_long(handle, CURLOPT_VERBOSE, 1)
        _ = tq_curl_setopt_debug(handle, { _, type, data, size, user in
            guard type == CURLINFO_HEADER_IN, let data, let user else { return 0 }
            let lines = Unmanaged<CurlProtocolLines>.fromOpaque(user).takeUnretainedValue()
            data.withMemoryRebound(to: UInt8.self, capacity: size) { lines.take(UnsafeBufferPointer(start: $0, count: size)) }
            return 0
        }, Unmanaged.passUnretained(lines).toOpaque())
    }

    /// The options every mail transfer shares: URL, allowed protocols, error buffer, time
    /// limits (20 s to connect, 5 minutes per transfer, cut below 100 bytes/s for 60 s),
    /// TLS required or not, certificate checks on or (for self-signed test servers) off.
    func setMailOptions(url: String, protocols: String, requireTLS: Bool, verifyTLS: Bool) {
        guard let handle else { return }
        _ = tq_curl_setopt_pointer(handle, CURLOPT_URL, url)
        _ = tq_curl_setopt_pointer(handle, CURLOPT_PROTOCOLS_STR, protocols)
        _ = tq_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = tq_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = tq_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, 20)
        _ = tq_curl_setopt_long(handle, CURLOPT_TIMEOUT, 300)
        _ = tq_curl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, 100)
        _ = tq_curl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, 60)
        _ = tq_curl_setopt_long(handle, CURLOPT_USE_SSL, Int((requireTLS ? CURLUSESSL_ALL : CURLUSESSL_NONE).rawValue))
        _ = tq_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, verifyTLS ? 1 : 0)
        _ = tq_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, verifyTLS ? 2 : 0)
    }

    /// libcurl's detailed message of the last transfer, else its text for `code`.
    func message(_ code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: tq_curl_easy_strerror(code)) : detail
    }
}

/// The server's protocol lines of one transfer, split on LF with the CR dropped; at most
/// 1,000 lines of at most 2,000 bytes are kept (a hostile server cannot fill memory).
final class CurlProtocolLines {
    var lines: [String] = []
    private var partial: [UInt8] = []

    func clear() {
        lines.removeAll()
        partial.removeAll()
    }

    func take(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes {
            if byte == 0x0A {
                if partial.last == 0x0D { partial.removeLast() }
                if lines.count < 1000 { lines.append(String(decoding: partial, as: UTF8.self)) }
                partial.removeAll(keepingCapacity: true)
            } else if partial.count < 2000 {
                partial.append(byte)
            }
        }
    }
}
