import CCurl
import CCurlShim

/// A bounded HTTP(S) GET through libcurl, for the external snippet source: a time limit,
/// a size limit, no redirects to other protocols, and every failure as a message rather
/// than an exception the page could trip over.
public enum HTTPFetch {
    public struct Result: Sendable {
        public let status: Int
        public let body: [UInt8]
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Collects the body, refusing more than `limit` bytes.
    final class Sink {
        var bytes: [UInt8] = []
        let limit: Int
        var overflow = false
        init(limit: Int) { self.limit = limit }
    }

    public static func get(_ url: String, timeoutMilliseconds: Int = 3000, maxBytes: Int = 1_000_000) -> Swift.Result<Result, Failure> {
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else { return .failure(Failure(description: "only http and https URLs")) }
        guard let handle = tq_curl_easy_init() else { return .failure(Failure(description: "curl_easy_init failed")) }
        defer { tq_curl_easy_cleanup(handle) }
        let sink = Sink(limit: maxBytes)
        let box = Unmanaged.passUnretained(sink).toOpaque()
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errorPointer in
            _ = tq_curl_setopt_pointer(handle, CURLOPT_URL, url)
            _ = tq_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorPointer.baseAddress)
            _ = tq_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeoutMilliseconds)
            _ = tq_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(timeoutMilliseconds, 2000))
            _ = tq_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
            _ = tq_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1)
            _ = tq_curl_setopt_long(handle, CURLOPT_MAXREDIRS, 3)
            _ = tq_curl_setopt_pointer(handle, CURLOPT_PROTOCOLS_STR, "http,https")
            _ = tq_curl_setopt_pointer(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
            _ = tq_curl_setopt_pointer(handle, CURLOPT_USERAGENT, "Taquilla")
            _ = tq_curl_setopt_write(handle, { data, size, count, user in
                guard let data, let user else { return 0 }
                let sink = Unmanaged<Sink>.fromOpaque(user).takeUnretainedValue()
                let n = size * count
                if sink.bytes.count + n > sink.limit {
                    sink.overflow = true
                    return 0
                }
                data.withMemoryRebound(to: UInt8.self, capacity: n) { sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: n)) }
                return n
            }, box)
            return tq_curl_easy_perform(handle)
        }
        if sink.overflow { return .failure(Failure(description: "response larger than \(maxBytes) bytes")) }
        guard code == CURLE_OK else {
            let detail = errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            return .failure(Failure(description: detail.isEmpty ? String(cString: tq_curl_easy_strerror(code)) : detail))
        }
        var status = 0
        _ = tq_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(Result(status: status, body: sink.bytes))
    }
}
