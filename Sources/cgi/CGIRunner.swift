import Glibc
import Core

/// Plain CGI: one request per process, variables from the environment, body on stdin,
/// response on stdout. Used by shared hosting (mod_cgi, fcgiwrap). Cold start matters
/// here, so nothing is loaded that the request does not need.
struct CGIRunner {
    let paths: Paths

    func run() -> Int32 {
        var env: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            // Split on the byte: a Character search runs grapheme breaking over every variable.
            if let eq = s.utf8.firstIndex(of: UInt8(ascii: "=")) { env[String(s[..<eq])] = String(s[s.utf8.index(after: eq)...]) }
            p += 1
        }
        let id = Launch.requestID()
        let response: Response
        switch RequestBody.length(env["CONTENT_LENGTH"]) {
        case .tooLarge:
            response = Fallback.tooLarge()
        case .length(let n):
            guard let body = RequestBody.read(count: n, from: { buffer, max in read(0, buffer, max) }) else {
                response = Fallback.badRequest()
                break
            }
            response = serve(Request(cgi: env, body: body, id: id))
        }
        let bytes = response.cgiBytes(includeBody: env["REQUEST_METHOD"] != "HEAD")
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { if errno == EINTR { continue }; return 1 }
            offset += n
        }
        return 0
    }

    private func serve(_ request: Request) -> Response {
        do {
            let environment = try Environment.open(paths: paths, logToStderr: true)
            return App(env: environment).handle(request)
        } catch {
            Log(path: paths.logFile).error("cannot start: \(error)", requestID: request.id)
            return Fallback.unavailable(requestID: request.id)
        }
    }
}
