/// Who may do what to a ticket — the seed's claim-and-lock rules, in one place, so the
/// pages, the API and the mail gateway all ask the same question.
///
/// - An operator takes (claims) a ticket and it is locked to them: no other operator
///   can answer the customer; the holder can drop it or assign it to another operator.
/// - An operator cannot assign a ticket they have not taken.
/// - An operator cannot close a ticket they have not answered.
/// - Replying to an unassigned ticket takes it (the reply is the claim).
/// - Internal notes do not answer the customer, so any operator who can see the ticket
///   may add one, locked or not.
/// - Status, priority, group, project and contact changes belong to the holder (or to
///   anyone while the ticket is unassigned).
/// - Only admins delete; only a deleted ticket can be purged. Admins may allocate,
///   answer, close and delete anything.
/// - Operators see the tickets of their groups, tickets with no group, and tickets
///   assigned to them; admins see everything.
public enum TicketRules {
    public enum Action: Equatable, Sendable {
        case view, claim, drop, assign(to: Int64), reply, note, changeStatus(toClosed: Bool), edit, delete, purge, restore
    }

    public enum Decision: Equatable, Sendable {
        case allowed
        /// A catalog key saying why not.
        case denied(String)

        public var isAllowed: Bool { self == .allowed }
    }

    /// The facts about one operator that the rules need.
    public struct Actor: Sendable {
        public let id: Int64
        public let isAdmin: Bool
        public let groupIDs: Set<Int64>

        public init(id: Int64, isAdmin: Bool, groupIDs: Set<Int64>) {
            self.id = id
            self.isAdmin = isAdmin
            self.groupIDs = groupIDs
        }
    }

    /// The facts about one ticket that the rules need.
    public struct Facts: Sendable {
        public let holderID: Int64?
        public let groupID: Int64?
        public let isDeleted: Bool
        /// Operators who have sent at least one reply to the customer on this ticket.
        public let answeredBy: Set<Int64>

        public init(holderID: Int64?, groupID: Int64?, isDeleted: Bool, answeredBy: Set<Int64>) {
            self.holderID = holderID
            self.groupID = groupID
            self.isDeleted = isDeleted
            self.answeredBy = answeredBy
        }
    }

    public static func check(_ action: Action, by actor: Actor, on ticket: Facts) -> Decision {
        if !actor.isAdmin {
            guard canSee(actor, ticket) else { return .denied("rule.not_visible") }
        }
        if ticket.isDeleted {
            switch action {
            case .view, .purge, .restore: break
            default: return .denied("rule.deleted")
            }
        }
        let holds = ticket.holderID == actor.id
        let free = ticket.holderID == nil
        switch action {
        case .view:
            return ticket.isDeleted && !actor.isAdmin ? .denied("rule.deleted") : .allowed
        case .claim:
            if holds { return .denied("rule.already_yours") }
            return free || actor.isAdmin ? .allowed : .denied("rule.locked")
        case .drop:
            if free { return .denied("rule.not_assigned") }
            return holds || actor.isAdmin ? .allowed : .denied("rule.locked")
        case .assign(let target):
            if target == ticket.holderID { return .denied("rule.already_assigned") }
            if actor.isAdmin || holds { return .allowed }
            return free ? .denied("rule.take_first") : .denied("rule.locked")
        case .reply:
            return holds || free || actor.isAdmin ? .allowed : .denied("rule.locked")
        case .note:
            return .allowed
        case .changeStatus(let toClosed):
            if actor.isAdmin { return .allowed }
            guard holds || free else { return .denied("rule.locked") }
            if toClosed && !ticket.answeredBy.contains(actor.id) { return .denied("rule.answer_first") }
            return .allowed
        case .edit:
            return holds || free || actor.isAdmin ? .allowed : .denied("rule.locked")
        case .delete:
            return actor.isAdmin ? .allowed : .denied("rule.admin_only")
        case .purge:
            guard actor.isAdmin else { return .denied("rule.admin_only") }
            return ticket.isDeleted ? .allowed : .denied("rule.delete_first")
        case .restore:
            guard actor.isAdmin else { return .denied("rule.admin_only") }
            return ticket.isDeleted ? .allowed : .denied("rule.not_deleted")
        }
    }

    /// Visibility for operators (admins see everything).
    public static func canSee(_ actor: Actor, _ ticket: Facts) -> Bool {
        if actor.isAdmin || ticket.holderID == actor.id { return true }
        guard let group = ticket.groupID else { return true }
        return actor.groupIDs.contains(group)
    }
}
