import CCurl

/// The linked libcurl's version (used by `version`; the mail transport builds on it).
enum CurlInfo {
    static var version: String { String(cString: curl_version()) }
}
