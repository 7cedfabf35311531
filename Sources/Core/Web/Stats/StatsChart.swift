/// Charts drawn as inline SVG on the server: readable without JavaScript, styled only by
/// classes from taquilla.css (the CSP forbids inline styles), with a `<title>` and `<desc>`
/// named by `aria-labelledby`, and every series told apart by text and shape, not only by
/// colour (created = filled bars, closed = outlined bars, backlog = dashed line with dots).
/// All coordinates are whole numbers; labels are escaped by the HTML builder.
enum StatsChart {
    static let width = 720, height = 260, left = 48, right = 12, top = 28, bottom = 40

    /// Created and closed per bucket as paired bars, the open backlog as a line.
    static func flow(_ h: inout HTML, _ p: StatsReport.Population, _ l: Localizer) {
        let buckets = p.buckets
        guard !buckets.isEmpty else { return }
        let peak = max(1, buckets.map { max($0.created, $0.closed, $0.openAtEnd) }.max() ?? 1)
        let plotW = width - left - right, plotH = height - top - bottom
        let slot = max(1, plotW / buckets.count)
        let bar = max(1, slot * 2 / 5)
        func y(_ v: Int) -> Int { top + plotH - v * plotH / peak }
        figure(&h, id: "chart-flow", title: l.t("stats.chart.flow"),
               desc: l.t("stats.chart.flow_desc", ["created": String(p.created), "closed": String(p.closed),
                                                    "open": String(buckets.last?.openAtEnd ?? 0)])) { h in
            axis(&h, peak: peak)
            let labelEvery = max(1, (buckets.count + 11) / 12)
            var points: [String] = []
            for (i, b) in buckets.enumerated() {
                let x = left + i * slot + (slot - 2 * bar) / 2
                rect(&h, cls: "bar-created", x: x, y: y(b.created), w: bar, h: top + plotH - y(b.created),
                     tip: b.bucket.label + " · " + l.t("stats.created") + ": " + String(b.created))
                rect(&h, cls: "bar-closed", x: x + bar, y: y(b.closed), w: bar, h: top + plotH - y(b.closed),
                     tip: b.bucket.label + " · " + l.t("stats.closed") + ": " + String(b.closed))
                let cx = left + i * slot + slot / 2
                points.append(String(cx) + "," + String(y(b.openAtEnd)))
                h.el("circle", .cls("dot-open"), Attr("cx", String(cx)), Attr("cy", String(y(b.openAtEnd))), Attr("r", "3")) { h in
                    h.el("title", text: b.bucket.label + " · " + l.t("stats.open_at_end") + ": " + String(b.openAtEnd))
                }
                if i % labelEvery == 0 {
                    h.el("text", .cls("axis-label"), Attr("x", String(cx)), Attr("y", String(height - bottom + 16)),
                         Attr("text-anchor", "middle"), text: String(b.bucket.label.dropFirst(5)))
                }
            }
            h.el("polyline", .cls("line-open"), Attr("points", points.joined(separator: " ")), text: "")
            legend(&h, [("bar-created", l.t("stats.created")), ("bar-closed", l.t("stats.closed")), ("dot-open", l.t("stats.open_at_end"))])
        }
    }

    /// Horizontal bars, one per labelled count (ages, breakdowns), value written beside each.
    /// Nothing is drawn when there is nothing to count (the table below says so).
    static func bars(_ h: inout HTML, id: String, title: String, _ items: [(label: String, count: Int)]) {
        guard items.contains(where: { $0.count > 0 }) else { return }
        let shown = Array(items.prefix(12))
        let rowH = 24, labelW = 180, top = 8, barMax = width - labelW - 70
        let peak = max(1, shown.map(\.count).max() ?? 1)
        figure(&h, id: id, title: title, desc: title + ": " + shown.map { $0.label + " " + String($0.count) }.joined(separator: ", "),
               height: top + max(1, shown.count) * rowH + 8) { h in
            for (i, item) in shown.enumerated() {
                let y = top + i * rowH
                h.el("text", .cls("axis-label"), Attr("x", String(labelW - 6)), Attr("y", String(y + 16)), Attr("text-anchor", "end"),
                     text: item.label)
                let w = item.count * barMax / peak
                rect(&h, cls: "bar-count", x: labelW, y: y + 4, w: max(w, item.count > 0 ? 1 : 0), h: rowH - 8,
                     tip: item.label + ": " + String(item.count))
                h.el("text", .cls("value-label"), Attr("x", String(labelW + w + 6)), Attr("y", String(y + 16)), text: String(item.count))
            }
        }
    }

    private static func figure(_ h: inout HTML, id: String, title: String, desc: String, height: Int = StatsChart.height,
                               content: (inout HTML) -> Void) {
        h.el("figure", .cls("stats-chart")) { h in
            h.el("svg", Attr("xmlns", "http://www.w3.org/2000/svg"), .id(id), Attr("role", "img"),
                 Attr("viewBox", "0 0 " + String(width) + " " + String(height)), Attr("aria-labelledby", id + "-title " + id + "-desc")) { h in
                h.el("title", .id(id + "-title"), text: title)
                h.el("desc", .id(id + "-desc"), text: desc)
                content(&h)
            }
            h.el("figcaption", text: title)
        }
    }

    private static func axis(_ h: inout HTML, peak: Int) {
        let base = height - bottom
        h.el("line", .cls("axis"), Attr("x1", String(left)), Attr("y1", String(base)), Attr("x2", String(width - right)),
             Attr("y2", String(base)), text: "")
        h.el("line", .cls("axis"), Attr("x1", String(left)), Attr("y1", String(top)), Attr("x2", String(left)),
             Attr("y2", String(base)), text: "")
        h.el("text", .cls("axis-label"), Attr("x", String(left - 6)), Attr("y", String(top + 4)), Attr("text-anchor", "end"), text: String(peak))
        h.el("text", .cls("axis-label"), Attr("x", String(left - 6)), Attr("y", String(base)), Attr("text-anchor", "end"), text: "0")
    }

    private static func rect(_ h: inout HTML, cls: String, x: Int, y: Int, w: Int, h height: Int, tip: String) {
        h.el("rect", .cls(cls), Attr("x", String(x)), Attr("y", String(y)), Attr("width", String(w)), Attr("height", String(max(0, height)))) { h in
            h.el("title", text: tip)
        }
    }

    private static func legend(_ h: inout HTML, _ entries: [(cls: String, label: String)]) {
        var x = width - right - 150 * entries.count
        for e in entries {
            h.el("rect", .cls(e.cls), Attr("x", String(x)), Attr("y", "8"), Attr("width", "12"), Attr("height", "12"), text: "")
            h.el("text", .cls("legend-label"), Attr("x", String(x + 16)), Attr("y", "18"), text: e.label)
            x += 150
        }
    }
}
