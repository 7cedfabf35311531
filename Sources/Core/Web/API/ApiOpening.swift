/// One ticket creation through the API, everything decided before the write: the request
/// was authenticated, parsed and validated, the ticket number and access code drawn, the
/// mails and the answer's body built. What is left is the write itself (`write`), run
/// either in this worker's own transaction or by the ticket writer in a batch with other
/// workers' openings (`TicketWriter`); both run the same code.
///
/// Edge cases: attachments are never part of an opening (a request with files is written
/// by its worker); `mails` carry ticket id 0 until the write knows the id; the answer body
/// is stored with an idempotency key, so a replay returns the very same bytes.
public struct ApiOpening: Sendable {
    public var apiKeyID: Int64
    /// The key's requests allowed per `ApiRouter.rateWindow`.
    public var rateLimit: Int
    public var now: Int64
    public var idempotencyKey: String?
    public var requestHash: String
    public var number: TicketNumber
    public var code: AccessCode
    public var ticket: TicketStore.NewTicket
    public var mails: [OutboxStore.Mail]
    /// The 201 answer's JSON body.
    public var body: String

    /// What became of an opening.
    public enum Outcome: Sendable, Equatable {
        case opened(ticketID: Int64)
        /// An earlier request with the same key and body: its stored answer.
        case replayed(status: Int, body: String)
        case keyReused
        case rateLimited
        /// The drawn number is in use: draw another and try again.
        case numberTaken
        case failed(Failure)
    }

    /// Why a write failed, as the API answers it (503 busy, 503 storage_full, 500 internal).
    public enum Failure: String, Sendable {
        case busy, full, `internal`

        init(_ error: Error) {
            if let e = error as? DatabaseError { self = e.isBusy ? .busy : e.isFull ? .full : .internal }
            else if let e = error as? FileSystem.Error, e.isDiskFull { self = .full }
            else { self = .internal }
        }
    }

    /// Inside the caller's write transaction: the key's use and rate-limit count (kept even
    /// when the opening is refused), the idempotency check, the ticket with its mails, and
    /// the idempotency record. Throws when the number is taken (`isNumberTaken`) or the
    /// database fails; the caller decides what is undone.
    func write(_ env: Environment) throws -> Outcome {
        try ApiKeyStore(db: env.db).touch(id: apiKeyID, now: now)
        let count = try env.rateLimits.hit(bucket: "api:\(apiKeyID)", window: ApiRouter.rateWindow, now: now)
        if count > rateLimit { return .rateLimited }
        let records = IdempotencyStore(db: env.db)
        if let key = idempotencyKey, let stored = try records.find(apiKeyID: apiKeyID, key: key, now: now) {
            return stored.requestHash == requestHash ? .replayed(status: stored.status, body: stored.response) : .keyReused
        }
        let opened = try env.tickets.open(ticket, number: number, code: code, now: now) { id in
            mails.map { var mail = $0; mail.ticketID = id; return mail }
        }
        if let key = idempotencyKey {
            try records.save(apiKeyID: apiKeyID, key: key, record: .init(requestHash: requestHash, status: 201, response: body),
                             ticketID: opened.id, now: now)
        }
        return .opened(ticketID: opened.id)
    }

    /// Several openings in ONE write transaction, each in a savepoint of its own: a refused
    /// or taken-number opening is undone alone, the others commit. When the commit itself
    /// fails, every opening that would have been written is reported failed.
    public static func writeBatch(_ openings: [ApiOpening], env: Environment) -> [Outcome] {
        var outcomes = [Outcome](repeating: .failed(.internal), count: openings.count)
        do {
            try env.db.write {
                for (n, opening) in openings.enumerated() {
                    do {
                        outcomes[n] = try env.db.savepoint { try opening.write(env) }
                    } catch let error as DatabaseError where error.isNumberTaken {
                        outcomes[n] = .numberTaken
                    } catch {
                        outcomes[n] = .failed(Failure(error))
                    }
                }
            }
        } catch {
            let failure = Failure(error)
            for n in outcomes.indices where outcomes[n] != .numberTaken { outcomes[n] = .failed(failure) }
        }
        return outcomes
    }
}
