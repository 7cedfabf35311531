import Testing
@testable import Core

/// The statistics pages through `App.handle`: who sees what, the period form and its
/// errors in both languages, inline SVG that is well-formed and escaped, CSV downloads.
@Suite struct StatsPageTests {
    static let november = "?period=month&date=2026-11-15"

    func fixture(aliceName: String = "Alice A") throws -> StatsFixture {
        let f = try StatsFixture(aliceName: aliceName)
        f.site.clock.now = f.now
        return f
    }

    /// The inside of the element with `id`, up to its first closing `</tag>` (enough for tables).
    func element(_ tag: String, id: String, in text: String) -> String {
        guard let start = text.range(of: "id=\"" + id + "\"")?.lowerBound else { return "" }
        let tail = String(text[start...])
        guard let end = tail.range(of: "</" + tag + ">")?.upperBound else { return "" }
        return String(tail[..<end])
    }

    @Test func anOperatorSeesOnlyTheirOwnFigures() throws {
        let f = try fixture()
        let r = Browser(f.site, user: "ben").get("/desk/stats" + Self.november)
        #expect(r.status == 200)
        let table = element("table", id: "table-operators", in: r.text)
        #expect(table.contains("(ben)"))
        #expect(!table.contains("(alice)"))
        #expect(!r.text.contains("id=\"population\""), "no ticket population on the desk page")
        #expect(r.text.contains("id=\"chart-actions\""))
        // Ben's figures in the row: taken 2, answered 2, closed 2, reassigned 0, replies 3, notes 1.
        #expect(table.contains("<td>2</td><td>2</td><td>2</td><td>0</td><td>3</td><td>1</td>"))
        // A query asking for someone else changes nothing on the desk page.
        let other = Browser(f.site, user: "ben").get("/desk/stats" + Self.november + "&operator=" + String(try f.id("alice")))
        #expect(!element("table", id: "table-operators", in: other.text).contains("(alice)"))
        #expect(r.text.contains("href=\"/desk/stats\""), "the navigation links to the page")
        let root = Browser(f.site, user: "root").get("/desk/stats?period=month&date=2026-01-15")
        #expect(!root.text.contains("id=\"chart-actions\""), "no empty chart for a month without actions")
        #expect(root.text.contains("id=\"table-actions\""))
    }

    @Test func theAdminPageIsForAdminsOnly() throws {
        let f = try fixture()
        #expect(Browser(f.site, user: "alice").get("/admin/stats" + Self.november).status == 403)
        #expect(Browser(f.site, user: "alice").get("/admin/stats" + Self.november + "&format=csv&table=operators").status == 403)
        let r = Browser(f.site, user: "root").get("/admin/stats" + Self.november)
        #expect(r.status == 200)
        let table = element("table", id: "table-operators", in: r.text)
        #expect(table.contains("(alice)") && table.contains("(ben)"))
        #expect(r.text.contains("id=\"chart-flow\""))
        #expect(r.text.contains("id=\"table-ages\""))
        let narrowed = Browser(f.site, user: "root").get("/admin/stats" + Self.november + "&operator=" + String(try f.id("alice")))
        let one = element("table", id: "table-operators", in: narrowed.text)
        #expect(one.contains("(alice)") && !one.contains("(ben)"))
        #expect(narrowed.text.contains("id=\"chart-flow\""), "the population stays when one operator is picked")
        #expect(Browser(f.site, user: "root").get("/admin/").text.contains("href=\"/admin/stats\""))
    }

    @Test func previousAndNextKeepThePeriodKind() throws {
        let f = try fixture()
        let r = Browser(f.site, user: "root").get("/admin/stats?period=week&date=2026-11-04&operator=3")
        #expect(r.text.contains("href=\"/admin/stats?period=week&amp;date=2026-10-26&amp;operator=3\""))
        #expect(r.text.contains("href=\"/admin/stats?period=week&amp;date=2026-11-09&amp;operator=3\""))
        #expect(element("strong", id: "period-shown", in: r.text).contains("2026-11-02"))
        #expect(element("strong", id: "period-shown", in: r.text).contains("2026-11-08"))
    }

    @Test func aBadRangeIsRefusedWithALocalizedMessage() throws {
        let f = try fixture()
        let en = Browser(f.site, user: "alice")
        let bad = "/desk/stats?period=custom&from=2026-11-10&to=2026-11-01"
        let r = en.get(bad)
        #expect(r.status == 400)
        #expect(r.text.contains(f.site.env.catalogs.localizer("en").t("stats.error.reversed")))
        #expect(r.text.contains("id=\"stats-filter\""), "the form is there to correct it")
        let es = Browser(f.site, user: "ben")  // Ben's desk language is Spanish
        es.language = "es"
        let spanish = es.get(bad)
        #expect(spanish.status == 400)
        #expect(spanish.text.contains("El inicio del rango no puede ser posterior a su final."))
        #expect(es.get("/desk/stats?period=custom&from=2026-02-30&to=2026-03-01").text.contains("AAAA-MM-DD"))
        #expect(en.get(bad + "&format=csv").status == 400)
        #expect(es.get("/desk/stats" + Self.november).text.contains("Mis estadísticas"))
        #expect(en.get("/desk/stats" + Self.november).text.contains("My statistics"))
    }

    @Test func svgIsWellFormedAndEscapesNames() throws {
        let f = try fixture(aliceName: "<script>alert(1)</script>")
        _ = try f.ticket("60000006", at: f.start + 4 * 86_400, country: "<script>x</script>")
        let r = Browser(f.site, user: "root").get("/admin/stats" + Self.november)
        #expect(!r.text.contains("<script>alert") && !r.text.contains("<script>x"))
        #expect(r.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let svgs = Self.svgs(in: r.text)
        #expect(svgs.count >= 6)
        for svg in svgs {
            #expect(Self.balanced(svg), "every SVG element is closed in order")
            #expect(svg.contains("<title id=") && svg.contains("<desc id="))
            #expect(svg.contains("role=\"img\""))
            #expect(!svg.contains("style="), "no inline styles under the CSP")
        }
        #expect(svgs.contains { $0.contains("&lt;script&gt;x&lt;/script&gt;") }, "the country label is text in the chart")
    }

    @Test func csvDownloadsAreQuotedDefusedAndAttached() throws {
        let f = try fixture()
        _ = try f.ticket("60000006", at: f.start + 4 * 86_400, country: "=HYPERLINK(\"http://x\")")
        _ = try f.ticket("70000007", at: f.start + 4 * 86_400, country: "Bonaire, Sint Eustatius")
        let r = Browser(f.site, user: "root").get("/admin/stats" + Self.november + "&format=csv&table=country")
        #expect(r.status == 200)
        #expect(r.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(r.header("Content-Disposition") == "attachment; filename=\"taquilla-country-2026-11-01_2026-11-30.csv\"")
        let lines = r.text.split(separator: "\r\n").map(String.init)
        #expect(lines.first == "Country,Count")
        #expect(lines.contains("\"'=HYPERLINK(\"\"http://x\"\")\",1"))
        #expect(lines.contains("\"Bonaire, Sint Eustatius\",1"))
        #expect(lines.contains("ES,2"))
        let ops = Browser(f.site, user: "ben").get("/desk/stats" + Self.november + "&format=csv&table=operators")
        let opLines = ops.text.split(separator: "\r\n").map(String.init)
        #expect(opLines.count == 2)
        #expect(opLines[1].hasPrefix("ben,2,2,2,0,3,1,1000,7200,86400,86400"))
        let es = Browser(f.site, user: "ben")
        es.language = "es"
        #expect(es.get("/desk/stats" + Self.november + "&format=csv&table=operators").text.hasPrefix("Operador,Asumidos"))
        #expect(Browser(f.site, user: "ben").get("/desk/stats" + Self.november + "&format=csv&table=flow").status == 404,
                "operators cannot download the population")
    }

    static func svgs(in text: String) -> [String] {
        var out: [String] = []
        var rest = text
        while let start = rest.range(of: "<svg")?.lowerBound {
            let tail = String(rest[start...])
            guard let end = tail.range(of: "</svg>")?.upperBound else { break }
            out.append(String(tail[..<end]))
            rest = String(tail[end...])
        }
        return out
    }

    /// Start and end tags nest properly (attribute values are escaped, so `<` and `>` only
    /// delimit tags).
    static func balanced(_ svg: String) -> Bool {
        var stack: [String] = []
        var i = svg.startIndex
        while let open = svg[i...].firstIndex(of: "<") {
            guard let close = svg[open...].firstIndex(of: ">") else { return false }
            let tag = svg[svg.index(after: open)..<close]
            let name = String(tag.prefix { $0 != " " && $0 != "/" || $0 == "/" && tag.first == "/" })
            if name.hasPrefix("/") {
                guard stack.popLast() == String(name.dropFirst()) else { return false }
            } else if !tag.hasSuffix("/") {
                stack.append(name)
            }
            i = svg.index(after: close)
        }
        return stack.isEmpty
    }
}
