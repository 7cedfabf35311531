/// Parser for the request `Cookie:` header.
///
/// Pairs are separated by `;`. Whitespace around names and values is trimmed
/// and one pair of surrounding double quotes is removed from a value. The
/// first occurrence of a name wins (browsers send the most specific cookie
/// first). Malformed pairs are skipped: no `=`, an empty name, a name that is
/// not an HTTP token, or a value containing control characters. Values are
/// not percent-decoded: cookie contents are opaque to this layer.
public enum Cookies {
    public static func parse(_ header: some Collection<UInt8>) -> [String: String] {
        var cookies: [String: String] = [:]
        for pair in Array(header).split(separator: UInt8(ascii: ";")) {
            guard let (name, value) = nameAndValue(ASCII.trimmed(pair)) else { continue }
            if cookies[name] == nil {
                cookies[name] = value
            }
        }
        return cookies
    }

    private static func nameAndValue(_ pair: ArraySlice<UInt8>) -> (String, String)? {
        guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else { return nil }
        let name = ASCII.trimmed(pair[..<equals])
        var value = ASCII.trimmed(pair[(equals + 1)...])
        guard !name.isEmpty, name.allSatisfy(ASCII.isTokenByte) else { return nil }
        if value.count >= 2, value.first == UInt8(ascii: "\""), value.last == UInt8(ascii: "\"") {
            value = value.dropFirst().dropLast()
        }
        guard !value.contains(where: ASCII.isControl) else { return nil }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }
}

/// A `Set-Cookie` response header value (RFC 6265) with the attributes this app uses.
///
/// The initializer is failable and returns nil instead of trapping when the
/// name is not an HTTP token, the value has a character outside RFC 6265
/// `cookie-octet` (controls, space, `"`, `,`, `;`, `\` or non-ASCII), the path
/// is empty or has a control character or `;`, or `maxAge` is negative.
/// An empty value is allowed, e.g. to clear a cookie with `maxAge: 0`.
public struct SetCookie: Sendable, Equatable {
    public enum SameSite: String, Sendable {
        case lax = "Lax"
        case strict = "Strict"
    }

    public let name: String
    public let value: String
    public let path: String
    /// Lifetime in seconds; nil makes a session cookie, 0 deletes the cookie.
    public let maxAge: Int?
    public let httpOnly: Bool
    public let sameSite: SameSite
    public let secure: Bool

    public init?(
        name: String,
        value: String,
        path: String = "/",
        maxAge: Int? = nil,
        httpOnly: Bool = true,
        sameSite: SameSite = .lax,
        secure: Bool = false
    ) {
        guard !name.isEmpty, name.utf8.allSatisfy(ASCII.isTokenByte),
            value.utf8.allSatisfy(Self.isCookieOctet),
            !path.isEmpty, path.utf8.allSatisfy(Self.isPathByte),
            (maxAge ?? 0) >= 0
        else { return nil }
        self.name = name
        self.value = value
        self.path = path
        self.maxAge = maxAge
        self.httpOnly = httpOnly
        self.sameSite = sameSite
        self.secure = secure
    }

    /// The header value, e.g. `sid=abc; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax; Secure`.
    public var headerValue: String {
        var attributes = ["\(name)=\(value)", "Path=\(path)"]
        if let maxAge { attributes.append("Max-Age=\(maxAge)") }
        if httpOnly { attributes.append("HttpOnly") }
        attributes.append("SameSite=\(sameSite.rawValue)")
        if secure { attributes.append("Secure") }
        return attributes.joined(separator: "; ")
    }

    /// RFC 6265 `path-value`, restricted to ASCII.
    private static func isPathByte(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: ";")
    }

    private static func isCookieOctet(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && !#"",;\"#.utf8.contains(byte)
    }
}
