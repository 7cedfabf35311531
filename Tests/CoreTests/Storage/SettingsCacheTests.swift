import Testing
@testable import Core

/// The per-process settings cache (`Environment.currentSettings`, keyed by `ChangeStamp`):
/// a save through another connection — another worker, the CLI — or through this one is
/// seen by the very next request; without changes the stamp stays put, so the cache is used.
@Suite struct SettingsCacheTests {
    @Test func theStampMovesOnlyWhenTheDatabaseChanges() throws {
        let site = try TestSite()
        let other = try Database(path: site.env.paths.database)
        let first = try site.env.db.changeStamp()
        _ = try site.env.db.query("SELECT count(*) FROM tickets")
        #expect(try site.env.db.changeStamp() == first, "reads leave the stamp alone")
        try SettingsStore(db: other).set("organisation_name", "Otra Casa")
        let afterOther = try site.env.db.changeStamp()
        #expect(afterOther != first, "another connection's commit moves it")
        try site.env.settingsStore.set("organisation_name", "Casa Propia")
        #expect(try site.env.db.changeStamp() != afterOther, "a change through this connection moves it")
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
