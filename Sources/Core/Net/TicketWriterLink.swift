import Glibc

/// A worker's connection to the ticket writer (the process that writes API ticket openings
/// of all workers in shared transactions, see `TicketWriter` in the executable), and the
/// framing both sides use: a 4-byte big-endian length, then that many bytes.
///
/// The writer listens on a Linux abstract socket named after the database's real path, so
/// every installation has its own and no file is left behind; it serves only peers of its
/// own user (SO_PEERCRED). The worker connects on first use and again after a failure.
///
/// `submit` says what the caller may do next: `.outcome` is final; `.unreachable` means the
/// opening never reached a writer, so the worker writes it itself; `.lost` means the writer
/// took it and went away without an answer (it may or may not have committed: the caller
/// looks the ticket up before writing it itself); `.timedOut` means a writer still has it,
/// so the caller must not write it too.
public final class TicketWriterLink {
    public enum Result: Equatable {
        case outcome(ApiOpening.Outcome)
        case unreachable
        case lost
        case timedOut
    }

    public static let maxFrame = 16 << 20
    private let address: sockaddr_un
    private let timeoutMilliseconds: Int32
    private var fd: Int32 = -1

    public init(database: String, timeoutMilliseconds: Int32 = 30_000) {
        address = Self.address(database: database)
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    deinit { if fd >= 0 { close(fd) } }

    public func submit(_ opening: ApiOpening) -> Result {
        if fd < 0 { fd = Self.connect(address) }
        guard fd >= 0 else { return .unreachable }
        guard Self.send(fd, opening.wire) else {
            // A writer that restarted since the last request: one new connection.
            close(fd)
            fd = Self.connect(address)
            guard fd >= 0, Self.send(fd, opening.wire) else { drop(); return .unreachable }
            return answer()
        }
        return answer()
    }

    private func answer() -> Result {
        switch Self.receive(fd, timeoutMilliseconds: timeoutMilliseconds) {
        case .frame(let bytes):
            guard let outcome = ApiOpening.Outcome(wire: bytes) else { drop(); return .lost }
            return .outcome(outcome)
        case .timedOut:
            drop()
            return .timedOut
        case .closed:
            drop()
            return .lost
        }
    }

    private func drop() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    // MARK: shared with the writer

    /// `\0taquilla-writer-` and 32 hex digits of the SHA-256 of the database's real path.
    public static func address(database: String) -> sockaddr_un {
        let path = FileSystem.realPath(database) ?? database
        let name = [0] + Array("taquilla-writer-".utf8) + Array(Hex.encode(SHA256.hash(Array(path.utf8))).utf8.prefix(32))
        var a = sockaddr_un()
        a.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &a.sun_path) { raw in
            for (n, b) in name.enumerated() { raw[n] = b }
        }
        return a
    }

    /// The length of `address` to pass to bind/connect: abstract names are not terminated.
    public static let addressLength = socklen_t(MemoryLayout<sa_family_t>.size + 1 + 16 + 32)

    static func connect(_ address: sockaddr_un) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return -1 }
        var a = address
        let rc = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, addressLength) } }
        if rc != 0 { close(fd); return -1 }
        return fd
    }

    /// Writes one frame; false when the peer is gone.
    public static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        let n = UInt32(bytes.count)
        let frame = [UInt8(n >> 24), UInt8(n >> 16 & 255), UInt8(n >> 8 & 255), UInt8(n & 255)] + bytes
        var sent = 0
        while sent < frame.count {
            let rc = frame.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, frame.count - sent, Int32(MSG_NOSIGNAL)) }
            if rc < 0 && errno == EINTR { continue }
            guard rc > 0 else { return false }
            sent += rc
        }
        return true
    }

    public enum Received { case frame([UInt8]), timedOut, closed }

    /// Reads one whole frame, waiting at most `timeoutMilliseconds` for each piece of it.
    public static func receive(_ fd: Int32, timeoutMilliseconds: Int32) -> Received {
        var header = [UInt8](repeating: 0, count: 4)
        switch readFully(fd, &header, timeoutMilliseconds) {
        case .timedOut: return .timedOut
        case .closed: return .closed
        case .frame: break
        }
        let length = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
        guard length <= maxFrame else { return .closed }
        var body = [UInt8](repeating: 0, count: length)
        switch readFully(fd, &body, timeoutMilliseconds) {
        case .frame: return .frame(body)
        case .timedOut: return .timedOut
        case .closed: return .closed
        }
    }

    private static func readFully(_ fd: Int32, _ buffer: inout [UInt8], _ timeoutMilliseconds: Int32) -> Received {
        var got = 0
        while got < buffer.count {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, timeoutMilliseconds)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 { return .timedOut }
            let rc = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + got, $0.count - got, 0) }
            if rc < 0 && errno == EINTR { continue }
            guard rc > 0 else { return .closed }
            got += rc
        }
        return .frame([])
    }
}
