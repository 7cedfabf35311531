/// The endpoints under /api/v1, matched from the path segments after `v1` and the
/// method. An unknown path is 404 and a known path with another method 405 (with
/// `Allow`), both as JSON. Each endpoint names the scope a key needs and whether it
/// writes (writes run in one transaction with the rate-limit count).
enum ApiEndpoint: Equatable {
    case openAPI
    case createTicket, listTickets
    case ticket(TicketNumber), addMessage(TicketNumber)
    case mail, stats

    static func match(method: String, _ rest: [String]) throws(ApiError) -> ApiEndpoint {
        let read = method == "GET" || method == "HEAD", post = method == "POST"
        func only(_ allowed: String, _ ok: Bool, _ endpoint: ApiEndpoint) throws(ApiError) -> ApiEndpoint {
            guard ok else { throw ApiError(status: 405, code: "method_not_allowed", headers: [("Allow", allowed)]) }
            return endpoint
        }
        switch rest.count {
        case 1 where rest[0] == "openapi.json": return try only("GET, HEAD", read, .openAPI)
        case 1 where rest[0] == "mail": return try only("GET, HEAD", read, .mail)
        case 1 where rest[0] == "stats": return try only("GET, HEAD", read, .stats)
        case 1 where rest[0] == "tickets":
            guard read || post else { throw ApiError(status: 405, code: "method_not_allowed", headers: [("Allow", "GET, HEAD, POST")]) }
            return read ? .listTickets : .createTicket
        case 2 where rest[0] == "tickets":
            return try only("GET, HEAD", read, .ticket(try number(rest[1])))
        case 3 where rest[0] == "tickets" && rest[2] == "messages":
            return try only("POST", post, .addMessage(try number(rest[1])))
        default:
            throw ApiError.notFound()
        }
    }

    private static func number(_ text: String) throws(ApiError) -> TicketNumber {
        guard let n = TicketNumber(text), n.value == text else { throw ApiError(status: 404, code: "ticket_not_found") }
        return n
    }

    /// The scope a key needs; nil for the public OpenAPI document.
    var scope: ApiScope? {
        switch self {
        case .openAPI: return nil
        case .createTicket, .addMessage: return .ticketsCreate
        case .listTickets, .ticket: return .ticketsRead
        case .mail: return .mailRead
        case .stats: return .statsRead
        }
    }

    var writes: Bool {
        switch self {
        case .createTicket, .addMessage: return true
        default: return false
        }
    }
}
