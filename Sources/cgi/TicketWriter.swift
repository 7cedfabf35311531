import Glibc
import Core

/// The ticket writer: one process beside the FastCGI workers that writes the API ticket
/// openings of all of them. Whatever openings are waiting when it is free go into ONE
/// transaction, each in a savepoint of its own (`ApiOpening.writeBatch`), so a busy moment
/// pays one commit, one full-text segment per index and one WAL write of each shared page
/// for several tickets; and as the only process writing them, its page cache stays valid
/// between transactions (a WAL connection drops its cache after another one's commit).
///
/// It listens on the abstract socket `TicketWriterLink.address` names, serves peers of its
/// own user only, and answers each opening on the connection it came in on. An opening it
/// cannot read closes that connection (the worker then writes the opening itself). When the
/// name is taken (another supervisor serves the same database) it waits and tries again.
/// SIGTERM: the batch in hand is written and answered, then it exits; it also exits within
/// a second of its supervisor's death.
struct TicketWriter {
    let paths: Paths

    func run() -> Int32 {
        let log = Log(path: paths.logFile)
        // Named for `ps` and the tests (15 bytes at most); the FastCGI socket inherited as
        // fd 0 is the workers' to accept on, never the writer's.
        let comm = open("/proc/self/comm", O_WRONLY)
        if comm >= 0 { _ = write(comm, "taquilla-writer", 15); close(comm) }
        let devNull = open("/dev/null", O_RDONLY)
        if devNull >= 0 { dup2(devNull, 0); close(devNull) }
        let parent = getppid()
        guard let listener = listen(log) else { return 0 }
        defer { close(listener) }
        let env: Environment
        do { env = try Environment.open(paths: paths, logToStderr: false) } catch {
            log.error("ticket writer cannot start: \(error)")
            return 1
        }
        var inbox: [Int32: [UInt8]] = [:]
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while stopRequested == 0 && getppid() == parent {
            var polled = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
                + inbox.keys.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            Signals.setStopSignalsBlocked(false)
            let ready = poll(&polled, nfds_t(polled.count), 1000)
            Signals.setStopSignalsBlocked(true)
            if ready <= 0 { continue }
            if polled[0].revents != 0 { acceptAll(listener, into: &inbox) }
            var batch: [(fd: Int32, opening: ApiOpening)] = []
            for p in polled.dropFirst() where p.revents != 0 {
                guard read(p.fd, into: &inbox, using: &chunk), Self.frameLength(inbox[p.fd] ?? []) <= TicketWriterLink.maxFrame else {
                    close(p.fd); inbox[p.fd] = nil; continue
                }
                // Every whole frame read goes into this batch (a worker sends one opening and
                // waits for its answer, so a batch holds at most one per worker).
                while let frame = Self.takeFrame(&inbox[p.fd, default: []]) {
                    guard let opening = ApiOpening(wire: frame) else {
                        log.error("ticket writer: an opening it cannot read; closing that connection")
                        close(p.fd); inbox[p.fd] = nil
                        break
                    }
                    batch.append((p.fd, opening))
                }
            }
            if batch.isEmpty { continue }
            let outcomes = ApiOpening.writeBatch(batch.map(\.opening), env: env)
            for (item, outcome) in zip(batch, outcomes) where inbox[item.fd] != nil {
                if !TicketWriterLink.send(item.fd, outcome.wire) { close(item.fd); inbox[item.fd] = nil }
            }
        }
        for fd in inbox.keys { close(fd) }
        return 0
    }

    /// Binds the socket, waiting while another writer holds the name.
    private func listen(_ log: Log) -> Int32? {
        var address = TicketWriterLink.address(database: paths.database)
        var warned = false
        while stopRequested == 0 {
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            guard fd >= 0 else { return nil }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, TicketWriterLink.addressLength) }
            }
            if bound == 0, Glibc.listen(fd, 128) == 0 { return fd }
            close(fd)
            if !warned { log.error("ticket writer: the socket is taken (errno \(errno)); waiting for it"); warned = true }
            Signals.setStopSignalsBlocked(false)
            sleep(1)
            Signals.setStopSignalsBlocked(true)
        }
        return nil
    }

    private func acceptAll(_ listener: Int32, into inbox: inout [Int32: [UInt8]]) {
        while true {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { return }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            guard Self.peerUser(fd) == getuid() else { close(fd); continue }
            inbox[fd] = []
        }
    }

    /// Linux's `struct ucred` and SO_PEERCRED (17), which Glibc's module does not export.
    private struct PeerCredentials { var pid: Int32 = 0, uid: UInt32 = 0, gid: UInt32 = 0 }

    /// The user id of the process at the other end of `fd`, nil if it cannot be read.
    static func peerUser(_ fd: Int32) -> uid_t? {
        var peer = PeerCredentials()
        var size = socklen_t(MemoryLayout<PeerCredentials>.size)
        guard getsockopt(fd, SOL_SOCKET, 17, &peer, &size) == 0, size == 12 else { return nil }
        return peer.uid
    }

    /// Appends what the connection has, read through `chunk`; false when it is closed or failed.
    private func read(_ fd: Int32, into inbox: inout [Int32: [UInt8]], using chunk: inout [UInt8]) -> Bool {
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            if n > 0 { inbox[fd, default: []] += chunk[0..<n]; continue }
            return n < 0 && (errno == EAGAIN || errno == EINTR)
        }
    }

    /// The length the frame at the start of `buffer` announces (0 before its header is in).
    static func frameLength(_ buffer: [UInt8]) -> Int {
        guard buffer.count >= 4 else { return 0 }
        return Int(buffer[0]) << 24 | Int(buffer[1]) << 16 | Int(buffer[2]) << 8 | Int(buffer[3])
    }

    /// Removes and returns the first whole frame in `buffer`, if there is one.
    static func takeFrame(_ buffer: inout [UInt8]) -> [UInt8]? {
        let length = frameLength(buffer)
        guard buffer.count >= 4, buffer.count >= 4 + length else { return nil }
        let frame = Array(buffer[4..<4 + length])
        buffer.removeFirst(4 + length)
        return frame
    }
}
