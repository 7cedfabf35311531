import Testing
@testable import Core

/// The per-process settings cache (`Environment.currentSettings`, keyed by `ChangeStamp`):
/// a save through another connection — another worker, the CLI — or through this one is
/// seen by the very next request; without changes the stamp stays put, so the cache is used.
@Suite struct SettingsCacheTests {
    @Test func theStampMovesOnlyWhenTheConfigurationChanges() throws {
        let site = try TestSite()
        let other = try Database(path: site.env.paths.database)
        let first = try #require(site.env.db.changeStamp())
        _ = try site.env.db.query("SELECT count(*) FROM tickets")
        #expect(site.env.db.changeStamp() == first, "reads leave the stamp alone")
        _ = try OutboxSenderTests().openTicket(site)
        #expect(try site.count("tickets") == 1)
        #expect(site.env.db.changeStamp() == first, "ticket traffic leaves it alone")
        try SettingsStore(db: other).set("organisation_name", "Otra Casa")
        let afterOther = site.env.db.changeStamp()
        #expect(afterOther != first, "another connection's commit moves it")
        try site.env.settingsStore.set("organisation_name", "Casa Propia")
        #expect(site.env.db.changeStamp() != afterOther, "a change through this connection moves it")
        var stamp = site.env.db.changeStamp()
        for sql in ["UPDATE statuses SET position = position WHERE code = 'open'", "INSERT INTO groups(name, created_at) VALUES ('Ventas', 1)",
                    "INSERT INTO projects(name, created_at) VALUES ('Web', 1)",
                    "INSERT INTO status_names(status_id, language, name) SELECT id, 'fr', 'Ouvert' FROM statuses WHERE code = 'open'",
                    "INSERT INTO priority_names(priority_id, language, name) SELECT id, 'fr', 'Normale' FROM priorities WHERE code = 'normal'",
                    "INSERT INTO priorities(code) VALUES ('p9')"] {
            try other.execute(sql)
            #expect(site.env.db.changeStamp() != stamp, "\(sql)")
            stamp = site.env.db.changeStamp()
        }
    }

    @Test func aSaveByAnotherWorkerIsSeenByTheNextRequest() throws {
        let site = try TestSite()
        let before = site.request("GET", "/new").text
        let other = try Database(path: site.env.paths.database)
        let name = "Ferretería " + String(site.clock.now)
        #expect(!before.contains(name))
        try SettingsStore(db: other).set("organisation_name", name)
        #expect(try site.env.currentSettings().organisationName == name)
        #expect(site.request("GET", "/new").text.contains("<title>"))
        #expect(site.request("GET", "/new").text.contains(name))
    }

    @Test func aSaveThroughThisConnectionIsSeenToo() throws {
        let site = try TestSite()
        _ = site.request("GET", "/new")
        try site.env.settingsStore.set("organisation_name", "Mercería Central")
        #expect(site.request("GET", "/new").text.contains("Mercería Central"))
        try site.env.settingsStore.set("organisation_name", "Mercería Norte")
        let page = site.request("GET", "/new").text
        #expect(page.contains("Mercería Norte"))
        #expect(!page.contains("Mercería Central"))
    }
}
