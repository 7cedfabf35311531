/// What a customer typed into the new-ticket form (or an API client sent), and its
/// validation. Values are cleaned (single-line fields lose control characters) before
/// they are checked, and the cleaned values are what get stored and re-shown.
public struct NewTicketInput: Sendable {
    public var name = ""
    public var email = ""
    public var phone = ""
    public var city = ""
    public var country = ""
    public var subject = ""
    public var message = ""
    public var groupID: Int64?
    public var projectID: Int64?

    public init() {}

    /// The form's fields, in display order. Mandatory ones per seed 002.
    public enum Field: String, CaseIterable, Sendable {
        case name, email, phone, city, country, subject, message, group, project, files
        public var isMandatory: Bool {
            switch self {
            case .name, .email, .phone, .city, .subject, .message: return true
            default: return false
            }
        }
        public var maxLength: Int {
            switch self {
            case .message: return 50_000
            case .subject: return 200
            case .email: return 254
            case .phone: return 30
            default: return 100
            }
        }
    }

    /// A problem with one field, as a catalog key (e.g. `error.required`).
    public typealias Errors = [Field: String]

    public mutating func clean() {
        name = name.singleLine()
        email = email.singleLine()
        phone = phone.singleLine()
        city = city.singleLine()
        country = country.singleLine()
        subject = subject.singleLine()
        message = message.multiLine()
    }

    public func value(_ field: Field) -> String {
        switch field {
        case .name: return name
        case .email: return email
        case .phone: return phone
        case .city: return city
        case .country: return country
        case .subject: return subject
        case .message: return message
        case .group: return groupID.map(String.init) ?? ""
        case .project: return projectID.map(String.init) ?? ""
        case .files: return ""
        }
    }

    /// Validates cleaned input. Group and project ids are checked against what exists
    /// by the caller, which knows the database.
    public func validate() -> Errors {
        var errors: Errors = [:]
        for field in Field.allCases where field != .group && field != .project && field != .files {
            let v = value(field)
            if v.isEmpty {
                if field.isMandatory { errors[field] = "error.required" }
            } else if v.length > field.maxLength {
                errors[field] = "error.too_long"
            }
        }
        if errors[.email] == nil, !email.isEmpty, EmailAddress(email) == nil { errors[.email] = "error.email" }
        if errors[.phone] == nil, !phone.isEmpty, !Self.isPlausiblePhone(phone) { errors[.phone] = "error.phone" }
        return errors
    }

    /// Digits with the usual separators, at least six digits.
    static func isPlausiblePhone(_ s: String) -> Bool {
        var digits = 0
        for b in s.utf8 {
            if b >= 48 && b <= 57 { digits += 1 } else if !" +-().".utf8.contains(b) { return false }
        }
        return digits >= 6 && digits <= 20
    }
}
