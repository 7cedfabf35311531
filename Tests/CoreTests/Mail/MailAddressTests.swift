import Testing
@testable import Core

@Suite("Address lists")
struct MailAddressTests {
    private func parse(_ raw: String) -> [MailAddress] {
        var defects: [String] = []
        return AddressListParser.parse(raw, defects: &defects)
    }

    @Test func commonForms() {
        #expect(parse("Juan Pérez <juan@example.com>, ana@example.com") == [
            MailAddress(name: "Juan Pérez", address: "juan@example.com"),
            MailAddress(name: "", address: "ana@example.com"),
        ])
        #expect(parse("\"Doe, John\" <john@example.com>") == [MailAddress(name: "Doe, John", address: "john@example.com")])
        #expect(parse("john@example.com (John Doe)") == [MailAddress(name: "John Doe", address: "john@example.com")])
        #expect(parse("\"Quote \\\"Q\\\" Name\" <q@x.org>") == [MailAddress(name: "Quote \"Q\" Name", address: "q@x.org")])
    }

    @Test func encodedWordsInNamesQuotedOrNot() {
        #expect(parse("=?utf-8?Q?Mar=C3=ADa_Ib=C3=A1=C3=B1ez?= <maria@example.es>") == [
            MailAddress(name: "María Ibáñez", address: "maria@example.es"),
        ])
        // Outlook and others put encoded words inside quotes.
        #expect(parse("\"=?iso-8859-1?Q?Jos=E9_Garc=EDa?=\" <jose@example.es>") == [
            MailAddress(name: "José García", address: "jose@example.es"),
        ])
        // A comma inside an encoded word does not split the list.
        #expect(parse("=?utf-8?Q?P=C3=A9rez,_Juan?= <j@x.es>, b@x.es").map(\.name) == ["Pérez, Juan", ""])
    }

    @Test func groupsAndObsoleteForms() {
        #expect(parse("undisclosed-recipients:;").isEmpty)
        #expect(parse("Equipo: a@x.es, B <b@x.es>;, c@x.es").map(\.address) == ["a@x.es", "b@x.es", "c@x.es"])
        #expect(parse("<@relay.example:user@example.com>") == [MailAddress(name: "", address: "user@example.com")])
        #expect(parse("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>").first?.name == "Pete")
        #expect(parse("john @ example . com").map(\.address) == ["john@example.com"])
        #expect(parse("Name <unterminated@example.com").map(\.address) == ["unterminated@example.com"])
    }

    @Test func entriesWithoutAddressAreSkipped() {
        var defects: [String] = []
        #expect(AddressListParser.parse("Mary Smith, , ok@example.com", defects: &defects).map(\.address) == ["ok@example.com"])
        #expect(!defects.isEmpty)
        #expect(parse("") == [])
    }

    @Test func parsedMailUsesAllAddressHeaders() {
        let mail = MIMEParser.parse(TestSupport.message([
            "From: \"Soporte\" <soporte@example.es>",
            "To: a@example.es",
            "To: b@example.es",
            "Cc: C <c@example.es>",
            "Reply-To: r@example.es",
            "",
            "x",
        ]))
        #expect(mail.from == MailAddress(name: "Soporte", address: "soporte@example.es"))
        #expect(mail.to.map(\.address) == ["a@example.es", "b@example.es"])
        #expect(mail.cc == [MailAddress(name: "C", address: "c@example.es")])
        #expect(mail.replyTo.map(\.address) == ["r@example.es"])
    }
}
