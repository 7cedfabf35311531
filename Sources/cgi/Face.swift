import Glibc

/// How the process was started. A listening socket on fd 0 wins over environment
/// variables, because FastCGI managers may pass their own environment through.
enum Face {
    case fastCGI, cgi, commandLine

    static func detect() -> Face {
        var listening: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(0, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) == 0 && listening != 0 { return .fastCGI }
        if let gateway = getenv("GATEWAY_INTERFACE"), gateway.pointee != 0 { return .cgi }
        return .commandLine
    }
}
