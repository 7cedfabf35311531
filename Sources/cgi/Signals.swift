import Glibc

/// Set from the SIGTERM/SIGINT handler; read by the accept loops. Touched once before
/// the handler is installed so its lazy initialisation never runs inside the handler.
nonisolated(unsafe) var stopRequested: sig_atomic_t = 0

enum Signals {
    /// Installs the stop handler WITHOUT SA_RESTART, so a blocking accept() or waitpid()
    /// returns EINTR and the loop can notice the request to stop.
    static func installStopHandler() {
        stopRequested = 0
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in stopRequested = 1 }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGTERM, &action, nil)
        sigaction(SIGINT, &action, nil)
        signal(SIGPIPE, SIG_IGN)
    }

    /// Blocks or unblocks the stop signals, so a request in flight is never cut by one.
    static func setStopSignalsBlocked(_ blocked: Bool) {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        sigprocmask(blocked ? SIG_BLOCK : SIG_UNBLOCK, &set, nil)
    }
}
