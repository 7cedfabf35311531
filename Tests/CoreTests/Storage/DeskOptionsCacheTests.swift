import Testing
@testable import Core

/// The per-process cache of the desk's option lists (`Environment.deskOptions`): kept while
/// the database is unchanged, read again after a change by another connection (another
/// worker, the CLI) or by this one, and kept apart per language.
@Suite struct DeskOptionsCacheTests {
    @Test func aGroupAddedByAnotherWorkerAppearsInTheNextQueuePage() throws {
        let site = try TestSite()
        try site.env.operators.upsert(username: "root", displayName: "Root", email: "", role: .admin, language: "en", now: 1)
        let before = site.request("GET", "/desk/tickets", remoteUser: "root").text
        #expect(!before.contains("Contabilidad"))
        let other = try Database(path: site.env.paths.database)
        try other.write { try other.execute("INSERT INTO groups(name, email, created_at) VALUES ('Contabilidad', '', 1)") }
        #expect(site.request("GET", "/desk/tickets", remoteUser: "root").text.contains("Contabilidad"))
        #expect(site.request("GET", "/desk/search?q=x", remoteUser: "root").text.contains("Contabilidad"))
    }

    @Test func aChangeThroughThisConnectionIsSeenAndUnchangedListsAreReused() throws {
        let site = try TestSite()
        let en = Localizer(language: "en", catalogs: site.env.catalogs)
        let first = try site.env.deskOptions(en)
        #expect(try site.env.deskOptions(en).operators == first.operators)
        try site.env.operators.upsert(username: "berta", displayName: "Berta Soler", email: "", role: .operator_, language: "es", now: 1)
        let after = try site.env.deskOptions(en).operators.map(\.name)
        #expect(after.contains("Berta Soler"))
        #expect(!first.operators.map(\.name).contains("Berta Soler"))
    }

    @Test func statusNamesAreKeptPerLanguage() throws {
        let site = try TestSite()
        let en = try site.env.deskOptions(Localizer(language: "en", catalogs: site.env.catalogs)).statuses
        let es = try site.env.deskOptions(Localizer(language: "es", catalogs: site.env.catalogs)).statuses
        #expect(en.map(\.id) == es.map(\.id))
        #expect(en.map(\.name) != es.map(\.name))
        #expect(try site.env.deskOptions(Localizer(language: "en", catalogs: site.env.catalogs)).statuses == en)
    }
}
