/// Why a backup or a restore stopped, in words meant for the administrator who ran it
/// (the command line prints it as one line and exits 1). A failed backup never changes
/// the live data; a failed restore has at most added attachment files (harmless: they
/// are named by content), never a half-written database or user file.
public struct BackupError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ message: String) { description = message }
}
