import Glibc

/// Sorts failures while processing a message into temporary ones (retry later: the
/// caller keeps the message in the mailbox, `mail pipe` exits with EX_TEMPFAIL) and
/// permanent ones (the message goes to quarantine).
///
/// Temporary: the database busy or locked after its timeout, disk or quota full, I/O
/// errors, a database that cannot be opened or is read-only (a permissions slip an admin
/// fixes), out of memory. Everything else is about this message and is permanent.
public enum InboundFailure {
    public static func isTemporary(_ error: Error) -> Bool {
        switch error {
        case let e as DatabaseError:
            let primary = e.code & 0xff
            return e.isBusy || e.isFull || primary == 7 /* NOMEM */ || primary == 8 /* READONLY */ || primary == 14 /* CANTOPEN */
        case let e as FileSystem.Error: return e.isDiskFull || e.code == EIO || e.code == EACCES
        case let e as AtomicFile.Failure: return e.isDiskFull || e.errno == EIO || e.errno == EACCES
        default: return false
        }
    }
}

/// A permanent reason to keep a message in quarantine instead of importing it; `code`
/// is what the admin page shows (translated as `quarantine.reason.CODE` when known).
struct InboundRejection: Error {
    let code: String
}
