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

    public enum DeskRoute: Equatable, Sendable {
        case home, queue, newTicket, snippets, preferences, search, stats
        case ticket(TicketNumber), preview(TicketNumber), action(TicketNumber), contact(TicketNumber), reply(TicketNumber)
        case file(TicketNumber, Int64)
        /// The raw mail a message came from (message id).
        case original(TicketNumber, Int64)
    }
    public enum AdminRoute: Equatable, Sendable {
        case home, audit
        /// A section managed by the admin pages: operators, groups, templates, settings…
        case section(String), item(String, Int64)
    }

    /// The area decides who may enter: guests, operators (server auth) or admins.
    public enum Area { case publicSite, desk, admin, api }

    /// The area a path belongs to from its first segment alone (before full parsing).
    public static func area(ofFirstSegment segment: String?) -> Area {
        switch segment {
        case "desk": return .desk
        case "admin": return .admin
        case "api": return .api
        default: return .publicSite
        }
    }

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
            return parseDesk(rest).map { .desk($0) }
        case "admin":
            return parseAdmin(rest).map { .admin($0) }
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
        case .desk(let d): return d.path
        case .admin(let a): return a.path
        case .api(let rest): return "/api/" + rest.joined(separator: "/")
        }
    }
}

extension Route {
    static func parseDesk(_ rest: [String]) -> DeskRoute? {
        switch rest.count {
        case 0: return .home
        case 1:
            switch rest[0] {
            case "tickets": return .queue
            case "new": return .newTicket
            case "snippets": return .snippets
            case "me": return .preferences
            case "search": return .search
            case "stats": return .stats
            default: return nil
            }
        default:
            guard rest[0] == "ticket", let n = TicketNumber(rest[1]), rest[1] == n.value else { return nil }
            switch Array(rest.dropFirst(2)) {
            case []: return .ticket(n)
            case ["preview"]: return .preview(n)
            case ["action"]: return .action(n)
            case ["contact"]: return .contact(n)
            case ["reply"]: return .reply(n)
            case let tail where tail.count == 2 && (tail[0] == "file" || tail[0] == "original"):
                guard let id = Int64(tail[1]), id > 0 else { return nil }
                return tail[0] == "file" ? .file(n, id) : .original(n, id)
            default: return nil
            }
        }
    }
}

extension Route.DeskRoute {
    public var path: String {
        switch self {
        case .home: return "/desk/"
        case .queue: return "/desk/tickets"
        case .newTicket: return "/desk/new"
        case .snippets: return "/desk/snippets"
        case .preferences: return "/desk/me"
        case .search: return "/desk/search"
        case .stats: return "/desk/stats"
        case .ticket(let n): return "/desk/ticket/\(n.value)"
        case .preview(let n): return "/desk/ticket/\(n.value)/preview"
        case .action(let n): return "/desk/ticket/\(n.value)/action"
        case .contact(let n): return "/desk/ticket/\(n.value)/contact"
        case .reply(let n): return "/desk/ticket/\(n.value)/reply"
        case .file(let n, let id): return "/desk/ticket/\(n.value)/file/\(id)"
        case .original(let n, let id): return "/desk/ticket/\(n.value)/original/\(id)"
        }
    }
}

extension Route {
    static func parseAdmin(_ rest: [String]) -> AdminRoute? {
        switch rest.count {
        case 0: return .home
        case 1: return rest[0] == "audit" ? .audit : isSectionName(rest[0]) ? .section(rest[0]) : nil
        case 2:
            guard isSectionName(rest[0]), let id = Int64(rest[1]), id > 0 else { return nil }
            return .item(rest[0], id)
        default: return nil
        }
    }

    static func isSectionName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 30 && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || $0 == 45 }
    }
}

extension Route.AdminRoute {
    public var path: String {
        switch self {
        case .home: return "/admin/"
        case .audit: return "/admin/audit"
        case .section(let name): return "/admin/" + name
        case .item(let name, let id): return "/admin/\(name)/\(id)"
        }
    }
}
