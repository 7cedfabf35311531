import Glibc
import CFastCGI
import Core

/// The FastCGI face: several single-threaded worker processes accepting on the
/// listening socket inherited as fd 0. With more than one worker this process becomes a
/// small supervisor that forks them (and a `TicketWriter`, unless `ticketWriter` is off),
/// restarts any that die, and on SIGTERM passes the signal on and waits until every worker
/// has finished its request in flight; the writer is stopped after the workers, so the
/// openings they hand it in their last requests are still written.
struct FastCGIServer {
    let paths: Paths
    let workers: Int
    var ticketWriter = true

    func run() -> Never {
        Signals.installStopHandler()
        if workers <= 1 { exit(FastCGIWorker(paths: paths, ticketWriter: false).run()) }
        let withWriter = ticketWriter
        var children = Set<pid_t>(), writer = Set<pid_t>()
        var lastSpawn: [pid_t: Int64] = [:]
        func spawn(_ body: () -> Int32) -> pid_t {
            let pid = fork()
            if pid == 0 { exit(body()) }
            if pid > 0 { lastSpawn[pid] = TimeFormat.now() }
            return pid
        }
        func spawnWorker() { let pid = spawn { FastCGIWorker(paths: paths, ticketWriter: withWriter).run() }; if pid > 0 { children.insert(pid) } }
        func spawnWriter() { let pid = spawn { TicketWriter(paths: paths).run() }; if pid > 0 { writer.insert(pid) } }
        if withWriter { spawnWriter() }
        for _ in 0..<workers { spawnWorker() }
        while stopRequested == 0 {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, 0)
            guard pid > 0 else { continue }
            let wasWorker = children.remove(pid) != nil, wasWriter = writer.remove(pid) != nil
            guard stopRequested == 0, wasWorker || wasWriter else { continue }
            // A child that dies right after starting would otherwise make us spin.
            if TimeFormat.now() - (lastSpawn.removeValue(forKey: pid) ?? 0) < 1 { sleep(1) }
            Log(path: paths.logFile).error("\(wasWriter ? "ticket writer" : "worker") \(pid) exited (status \(status)); starting another")
            if wasWriter { spawnWriter() } else { spawnWorker() }
        }
        stopChildren(&children)
        stopChildren(&writer)
        exit(0)
    }

    /// Sends SIGTERM until every worker is gone. Re-sending covers a worker that was
    /// between its last check and accept() when the first signal came; after 30 s the
    /// remaining ones are killed.
    private func stopChildren(_ children: inout Set<pid_t>) {
        let deadline = TimeFormat.now() + 30
        while !children.isEmpty {
            for pid in children { kill(pid, TimeFormat.now() > deadline ? SIGKILL : SIGTERM) }
            var waited = 0
            while waited < 20 && !children.isEmpty {
                // Reaped by pid: the workers are stopped before the writer, and waiting for
                // any child would take a writer that exited meanwhile out of the wrong set.
                for pid in children {
                    var status: Int32 = 0
                    let reaped = waitpid(pid, &status, WNOHANG)
                    if reaped == pid || (reaped < 0 && errno == ECHILD) { children.remove(pid) }
                }
                if !children.isEmpty { usleep(25_000); waited += 1 }
            }
        }
    }
}

/// One worker: accepts a request, runs it with stop signals blocked, finishes it, and
/// checks whether it was asked to stop. The database is opened after fork, per process.
struct FastCGIWorker {
    let paths: Paths
    /// Hand API ticket openings to the supervisor's `TicketWriter`.
    let ticketWriter: Bool

    func run() -> Int32 {
        guard FCGX_Init() == 0 else { return 1 }
        // libfcgi keeps pointers into the request struct: it must not move.
        let request = UnsafeMutablePointer<FCGX_Request>.allocate(capacity: 1)
        defer { request.deallocate() }
        guard FCGX_InitRequest(request, 0, Int32(FCGI_FAIL_ACCEPT_ON_INTR)) == 0 else { return 1 }
        let log = Log(path: paths.logFile)
        var app: App?
        while stopRequested == 0 {
            Signals.setStopSignalsBlocked(false)
            if stopRequested != 0 { break }
            let accepted = FCGX_Accept_r(request)
            Signals.setStopSignalsBlocked(true)
            if accepted < 0 {
                if stopRequested != 0 { break }
                if errno == EINTR { continue }
                log.error("FCGX_Accept_r failed: \(accepted)")
                return 1
            }
            if app == nil {
                do {
                    let env = try Environment.open(paths: paths)
                    if ticketWriter { env.ticketWriter = TicketWriterLink(database: paths.database) }
                    app = App(env: env)
                } catch {
                    log.error("cannot start: \(error)")
                }
            }
            serve(request, app: app, log: log)
            FCGX_Finish_r(request)
        }
        FCGX_Free(request, 1)
        return 0
    }

    private func serve(_ request: UnsafeMutablePointer<FCGX_Request>, app: App?, log: Log) {
        var env: [String: String] = [:]
        if var p = request.pointee.envp {
            while let entry = p.pointee {
                let s = String(cString: entry)
                // Split on the byte: a Character search runs grapheme breaking over every variable.
                if let eq = s.utf8.firstIndex(of: UInt8(ascii: "=")) { env[String(s[..<eq])] = String(s[s.utf8.index(after: eq)...]) }
                p += 1
            }
        }
        let id = Launch.requestID()
        let response: Response
        switch RequestBody.length(env["CONTENT_LENGTH"]) {
        case .tooLarge:
            response = Fallback.tooLarge()
        case .length(let n):
            let input = request.pointee.in
            if let body = RequestBody.read(count: n, from: { buffer, max in
                Int(FCGX_GetStr(buffer.assumingMemoryBound(to: CChar.self), Int32(min(max, 1 << 20)), input))
            }) {
                if let app {
                    response = app.handle(Request(cgi: env, body: body, id: id))
                } else {
                    response = Fallback.unavailable(requestID: id)
                }
            } else {
                response = Fallback.badRequest()
            }
        }
        let bytes = response.cgiBytes(includeBody: env["REQUEST_METHOD"] != "HEAD")
        bytes.withUnsafeBytes { raw in
            _ = FCGX_PutStr(raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(raw.count), request.pointee.out)
        }
    }
}
