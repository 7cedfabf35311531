import CCurlShim

/// The libcurl version (loaded on demand; used by `version`).
enum CurlInfo {
    static var version: String { String(cString: tq_curl_version()) }
}
