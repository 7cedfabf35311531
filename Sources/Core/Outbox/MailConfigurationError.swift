/// A setting that makes sending impossible, worded for the administrator.
public struct MailConfigurationError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
