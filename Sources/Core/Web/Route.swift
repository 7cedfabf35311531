/// Every URL the app answers, as one enum that both parses paths and prints them, so a
/// link can never point at a route that does not exist. Public pages live at `/`,
/// operators' under `/desk/`, admins' under `/admin/`, the JSON API under `/api/` — fixed,
/// because the web server's authentication configuration depends on these prefixes.
public enum Route: Equatable, Sendable {
    case home
    case newTicket
    case lookup
    case ticket(TicketNumber)
    case ticketReply(TicketNumber)
    case ticketFile(TicketNumber, Int64)
    case desk(DeskRoute)
    case admin(AdminRoute)
    case api([String])

    public enum DeskRoute: Equatable, Sendable { case home }
    public enum AdminRoute: Equatable, Sendable { case home }

    /// The area decides who may enter: guests, operators (server auth) or admins.
    public enum Area { case publicSite, desk, admin, api }

    public var area: Area {
        switch self {
        case .desk: return .desk
        case .admin: return .admin
        case .api: return .api
        default: return .publicSite
        }
    }

    public static func parse(_ segments: [String]) -> Route? {
        switch segments.count {
        case 0: return .home
        default: break
        }
        let head = segments[0], rest = Array(segments.dropFirst())
        switch head {
        case "new" where rest.isEmpty: return .newTicket
        case "ticket":
            if rest.isEmpty { return .lookup }
            guard let number = TicketNumber(rest[0]), rest[0] == number.value else { return nil }
            if rest.count == 1 { return .ticket(number) }
            if rest.count == 2 && rest[1] == "reply" { return .ticketReply(number) }
            if rest.count == 3 && rest[1] == "file", let id = Int64(rest[2]), id > 0 { return .ticketFile(number, id) }
            return nil
        case "desk":
            return rest.isEmpty ? .desk(.home) : nil
        case "admin":
            return rest.isEmpty ? .admin(.home) : nil
        case "api":
            return .api(rest)
        default:
            return nil
        }
    }

    /// The absolute path of this route (percent-encoding is not needed: every segment we
    /// print is digits or a fixed word).
    public var path: String {
        switch self {
        case .home: return "/"
        case .newTicket: return "/new"
        case .lookup: return "/ticket"
        case .ticket(let n): return "/ticket/\(n.value)"
        case .ticketReply(let n): return "/ticket/\(n.value)/reply"
        case .ticketFile(let n, let id): return "/ticket/\(n.value)/file/\(id)"
        case .desk(.home): return "/desk/"
        case .admin(.home): return "/admin/"
        case .api(let rest): return "/api/" + rest.joined(separator: "/")
        }
    }
}
