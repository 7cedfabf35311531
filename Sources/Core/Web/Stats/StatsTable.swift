/// One table of a statistics page: shown as HTML and downloadable as CSV under its `id`
/// (`?format=csv&table=ID`). Each cell has the text people read and the plain value the
/// CSV carries (durations in seconds, dates as YYYY-MM-DD), so a spreadsheet can sum them.
struct StatsTable {
    struct Cell {
        let shown: String
        let raw: String

        init(_ shown: String, raw: String? = nil) {
            self.shown = shown
            self.raw = raw ?? shown
        }

        init(count: Int) { self.init(String(count)) }

        /// A duration in seconds, shown as "2 d 4 h"; empty when there is none.
        init(seconds: Int64?) {
            self.init(seconds.map(StatsTable.duration) ?? "—", raw: seconds.map(String.init) ?? "")
        }
    }

    let id: String
    let title: String
    let headers: [String]
    let rows: [[Cell]]

    var csv: String { CSV.encode([headers] + rows.map { $0.map(\.raw) }) }

    /// Seconds as the two largest units: "45 s", "12 min", "3 h 20 min", "2 d 4 h". The unit
    /// symbols read the same in English and Spanish, so they are not in the catalogs.
    static func duration(_ seconds: Int64) -> String {
        let d = seconds / 86_400, h = seconds % 86_400 / 3600, m = seconds % 3600 / 60
        if d > 0 { return h > 0 ? "\(d) d \(h) h" : "\(d) d" }
        if h > 0 { return m > 0 ? "\(h) h \(m) min" : "\(h) h" }
        if m > 0 { return "\(m) min" }
        return "\(seconds) s"
    }

    func html(_ h: inout HTML, _ l: Localizer, csvLink: String) {
        h.el("div", .cls("scroll stats-scroll")) { h in
            h.el("table", .cls("queue stats-table"), .id("table-" + id)) { h in
                h.el("caption", text: title)
                h.el("thead") { h in
                    h.el("tr") { h in for header in headers { h.el("th", Attr("scope", "col"), text: header) } }
                }
                h.el("tbody") { h in
                    for row in rows {
                        h.el("tr") { h in
                            for (i, cell) in row.enumerated() {
                                if i == 0 { h.el("th", Attr("scope", "row"), text: cell.shown) } else { h.el("td", text: cell.shown) }
                            }
                        }
                    }
                }
            }
        }
        h.el("p", .cls("stats-download")) { h in
            h.el("a", .href(csvLink), .id("csv-" + id), Attr("download", ""), text: l.t("stats.download_csv", ["table": title]))
        }
    }
}
