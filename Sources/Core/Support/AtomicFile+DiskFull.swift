import Glibc

extension AtomicFile.Failure {
    /// The write failed because the file system (or the user's quota) is full, so the
    /// request can be answered with the storage page instead of an internal error.
    public var isDiskFull: Bool { errno == ENOSPC || errno == EDQUOT }
}
