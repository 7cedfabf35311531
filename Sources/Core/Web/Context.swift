/// Per-request state shared by handlers and views: the request, settings, the chosen
/// language, the time, the CSRF cookie, and cookies to set on the way out.
public struct Context {
    public let request: Request
    public let settings: Settings
    public internal(set) var l: Localizer
    public let now: Int64
    public let languages: [(code: String, name: String)]
    /// The CSRF cookie value for this browser (new if it had none).
    public let csrfCookie: String
    public var setCookies: [SetCookie] = []

    public static let languageCookie = "tq_lang"

    init(request: Request, settings: Settings, catalogs: Catalogs, now: Int64) {
        self.request = request
        self.settings = settings
        self.now = now
        languages = catalogs.namedLanguages
        var chosen: String?
        if let asked = request.query["lang"], catalogs.files[asked] != nil {
            chosen = asked
            setCookies.append(SetCookie(name: Self.languageCookie, value: asked, path: "/", maxAge: 31_536_000,
                                        httpOnly: true, sameSite: .lax, secure: request.isHTTPS)!)
        } else if let cookie = request.cookies[Self.languageCookie], catalogs.files[cookie] != nil {
            chosen = cookie
        } else if let header = request.headers["accept-language"] {
            chosen = AcceptLanguage.best(header: header.utf8, supported: catalogs.languages)
        }
        let language = chosen ?? (catalogs.files[settings.defaultLanguage] != nil ? settings.defaultLanguage : Catalogs.fallback)
        l = catalogs.localizer(language)
        if let existing = request.cookies[CSRFToken.cookieName], existing.utf8.count >= 16, existing.utf8.count <= 64 {
            csrfCookie = existing
        } else {
            csrfCookie = CSRFToken.newCookieValue()
            setCookies.append(SetCookie(name: CSRFToken.cookieName, value: csrfCookie, path: "/", maxAge: nil,
                                        httpOnly: true, sameSite: .lax, secure: request.isHTTPS)!)
        }
    }

    /// Operators see the desk in their own language unless they switch with `?lang=`.
    mutating func useOperatorLanguage(_ language: String, catalogs: Catalogs) {
        if request.query["lang"] == nil && catalogs.files[language] != nil { l = catalogs.localizer(language) }
    }

    public var csrf: CSRFToken { CSRFToken(key: settings.secretKey) }

    /// A fresh token for a form rendered now.
    public var csrfToken: String { csrf.token(cookie: csrfCookie, issuedAt: now) }

    /// The issue time of the submitted token when it is valid for this browser.
    public func verifiedCSRF(_ fields: FormFields) -> Int64? {
        guard let cookie = request.cookies[CSRFToken.cookieName], let token = fields["csrf"] else { return nil }
        return csrf.verify(token: token, cookie: cookie, now: now)
    }

    /// The base of absolute links in mail: the configured base URL, else the server's own
    /// name and port (see `Request.serverOrigin`).
    public var baseURL: String {
        let configured = settings.linkBase
        return configured.isEmpty ? request.serverOrigin : configured
    }

    func finish(_ response: Response) -> Response {
        var r = response
        for cookie in setCookies { r.addHeader("Set-Cookie", cookie.headerValue) }
        return r
    }
}
