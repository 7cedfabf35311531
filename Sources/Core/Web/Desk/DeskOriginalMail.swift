/// The full original of a message that came by mail (quoted history and all), for the
/// operator: the raw file downloaded as text/plain with `Content-Disposition: attachment`,
/// under the same authorization as the ticket page (`load` refuses a ticket the operator
/// may not see). A message of another ticket, or one that did not come by mail, is 404.
extension DeskTicketPage {
    func original(_ d: DeskContext, _ n: TicketNumber, _ messageID: Int64) throws -> Response {
        guard let loaded = try load(d, n),
              let sha = try InboundMailStore(db: env.db).rawSHA(messageID: messageID, ticketID: loaded.ticket.id),
              let bytes = try? env.rawMailFiles.read(sha256: sha) else { return notFound(d) }
        return Download.response(bytes: bytes, filename: "message-\(messageID).eml.txt", contentType: "text/plain")
    }
}
