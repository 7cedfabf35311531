/// The intake's own settings, read from the settings table with defaults that hold when
/// a key was never saved (they are not in `Settings.defaults`, so the admin mail page of
/// another area can add them without touching this file):
///
/// - `mail_max_bytes`: the largest raw message imported (default 25 MiB); larger ones
///   are quarantined with reason `too_large`. Zero or less means the default.
/// - `mail_confirmations_per_hour`: confirmations sent to one sender address per clock
///   hour (default 5); further new tickets from that address get none (flood and loop guard).
public struct InboundLimits: Sendable {
    public static let defaultMaxBytes = 25 * 1024 * 1024
    public static let defaultConfirmationsPerHour = 5
    public static let confirmationWindow: Int64 = 3600

    public var maxBytes: Int
    public var confirmationsPerHour: Int

    public init(settings: Settings) {
        let bytes = settings.values["mail_max_bytes"].flatMap { Int($0) } ?? 0
        maxBytes = bytes > 0 ? bytes : Self.defaultMaxBytes
        confirmationsPerHour = settings.values["mail_confirmations_per_hour"].flatMap { Int($0) }.map { max(0, $0) }
            ?? Self.defaultConfirmationsPerHour
    }
}
