import Testing
@testable import Core

/// One test per claim/lock rule (seed 002), for operators and admins.
@Suite struct TicketRulesTests {
    let ana = TicketRules.Actor(id: 1, isAdmin: false, groupIDs: [10])
    let ben = TicketRules.Actor(id: 2, isAdmin: false, groupIDs: [10])
    let boss = TicketRules.Actor(id: 9, isAdmin: true, groupIDs: [])

    func ticket(holder: Int64? = nil, group: Int64? = 10, deleted: Bool = false, answeredBy: Set<Int64> = []) -> TicketRules.Facts {
        TicketRules.Facts(holderID: holder, groupID: group, isDeleted: deleted, answeredBy: answeredBy)
    }

    func check(_ a: TicketRules.Action, _ actor: TicketRules.Actor, _ t: TicketRules.Facts) -> TicketRules.Decision {
        TicketRules.check(a, by: actor, on: t)
    }

    @Test func anOperatorTakesAFreeTicket() { #expect(check(.claim, ana, ticket()) == .allowed) }
    @Test func aTakenTicketIsLockedToItsHolder() { #expect(check(.claim, ben, ticket(holder: 1)) == .denied("rule.locked")) }
    @Test func takingYourOwnTicketAgainIsRefused() { #expect(check(.claim, ana, ticket(holder: 1)) == .denied("rule.already_yours")) }
    @Test func noOtherOperatorCanAnswer() { #expect(check(.reply, ben, ticket(holder: 1)) == .denied("rule.locked")) }
    @Test func theHolderAnswers() { #expect(check(.reply, ana, ticket(holder: 1)) == .allowed) }
    @Test func answeringAFreeTicketIsAllowed() { #expect(check(.reply, ben, ticket()) == .allowed) }
    @Test func notesAreAllowedOnLockedTickets() { #expect(check(.note, ben, ticket(holder: 1)) == .allowed) }
    @Test func theHolderDrops() { #expect(check(.drop, ana, ticket(holder: 1)) == .allowed) }
    @Test func othersCannotDrop() { #expect(check(.drop, ben, ticket(holder: 1)) == .denied("rule.locked")) }
    @Test func droppingAFreeTicketIsRefused() { #expect(check(.drop, ana, ticket()) == .denied("rule.not_assigned")) }
    @Test func theHolderAssignsToAnother() { #expect(check(.assign(to: 2), ana, ticket(holder: 1)) == .allowed) }
    @Test func cannotAssignATicketNotTaken() { #expect(check(.assign(to: 2), ana, ticket()) == .denied("rule.take_first")) }
    @Test func cannotAssignSomeoneElsesTicket() { #expect(check(.assign(to: 1), ben, ticket(holder: 1)) == .denied("rule.already_assigned")) }
    @Test func cannotAssignSomeoneElsesTicketToAThird() { #expect(check(.assign(to: 3), ben, ticket(holder: 1)) == .denied("rule.locked")) }
    @Test func cannotCloseUnanswered() { #expect(check(.changeStatus(toClosed: true), ana, ticket(holder: 1)) == .denied("rule.answer_first")) }
    @Test func closesAfterAnswering() { #expect(check(.changeStatus(toClosed: true), ana, ticket(holder: 1, answeredBy: [1])) == .allowed) }
    @Test func anotherOperatorsAnswerDoesNotCount() { #expect(check(.changeStatus(toClosed: true), ana, ticket(holder: 1, answeredBy: [2])) == .denied("rule.answer_first")) }
    @Test func openStatusChangesNeedNoAnswer() { #expect(check(.changeStatus(toClosed: false), ana, ticket(holder: 1)) == .allowed) }
    @Test func othersCannotChangeStatusOfALockedTicket() { #expect(check(.changeStatus(toClosed: false), ben, ticket(holder: 1)) == .denied("rule.locked")) }
    @Test func othersCannotEditALockedTicket() { #expect(check(.edit, ben, ticket(holder: 1)) == .denied("rule.locked")) }
    @Test func operatorsNeverDelete() { #expect(check(.delete, ana, ticket(holder: 1)) == .denied("rule.admin_only")) }
    @Test func operatorsNeverPurge() { #expect(check(.purge, ana, ticket(deleted: true)) == .denied("rule.admin_only")) }
    @Test func adminDeletes() { #expect(check(.delete, boss, ticket(holder: 1)) == .allowed) }
    @Test func purgeOnlyAfterDelete() {
        #expect(check(.purge, boss, ticket()) == .denied("rule.delete_first"))
        #expect(check(.purge, boss, ticket(deleted: true)) == .allowed)
    }
    @Test func deletedTicketsAcceptNoWork() {
        #expect(check(.reply, boss, ticket(deleted: true)) == .denied("rule.deleted"))
        #expect(check(.view, ana, ticket(deleted: true)) == .denied("rule.deleted"))
        #expect(check(.restore, boss, ticket(deleted: true)) == .allowed)
    }
    @Test func adminAllocatesClosesAndAnswersAnything() {
        #expect(check(.assign(to: 2), boss, ticket(holder: 1)) == .allowed)
        #expect(check(.assign(to: 2), boss, ticket()) == .allowed)
        #expect(check(.changeStatus(toClosed: true), boss, ticket(holder: 1)) == .allowed)
        #expect(check(.claim, boss, ticket(holder: 1)) == .allowed)
        #expect(check(.drop, boss, ticket(holder: 1)) == .allowed)
        #expect(check(.reply, boss, ticket(holder: 1)) == .allowed)
    }
    @Test func operatorsSeeTheirGroupsUngroupedAndTheirOwn() {
        let outsider = TicketRules.Actor(id: 5, isAdmin: false, groupIDs: [20])
        #expect(check(.view, outsider, ticket(group: 10)) == .denied("rule.not_visible"))
        #expect(check(.claim, outsider, ticket(group: 10)) == .denied("rule.not_visible"))
        #expect(check(.view, outsider, ticket(group: nil)) == .allowed)
        #expect(check(.view, outsider, ticket(holder: 5, group: 10)) == .allowed)
        #expect(check(.view, boss, ticket(group: 10)) == .allowed)
    }
}
