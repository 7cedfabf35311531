import Glibc
import ArgumentParser
import Core

/// `taquilla stats`: the figures of the statistics pages for a period, as a short text
/// summary or as JSON (`--json`), for admins at a shell and for scripts. `--repeat N`
/// computes the report N times and prints each run's wall and CPU milliseconds to stderr (used by
/// Tests/bench/stats_bench.sh). A bad date or an unmigrated database exits non-zero with a
/// one-line message; nothing is written to the database.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Print statistics for a period (text or JSON).")

    @Option(help: "day, week, month, year or custom (default month).") var period = "month"
    @Option(help: "A day inside the period, YYYY-MM-DD (default today, UTC).") var date: String?
    @Option(help: "Custom range: first day, YYYY-MM-DD.") var from: String?
    @Option(help: "Custom range: last day (included), YYYY-MM-DD.") var to: String?
    @Option(help: "Only this operator (username).") var `operator`: String?
    @Option(help: "Use this SQLite file instead of the data directory's database (read only).") var database: String?
    @Option(help: "Language of status and priority names.") var language = "en"
    @Option(help: "Compute the report this many times and print each run's milliseconds to stderr.") var `repeat` = 1
    @Flag(help: "Print the report as JSON.") var json = false

    func run() throws {
        let db = try database.map { try Database(path: $0, readOnly: true) } ?? CLIContext.make().database()
        guard try Migrator(db: db).pending().isEmpty else { throw CLIError("the database is not fully migrated (run: taquilla migrate)") }
        let now = TimeFormat.now()
        var values = ["period": period]
        values["date"] = date
        values["from"] = from
        values["to"] = to
        let chosen: StatsPeriod
        do {
            chosen = try StatsPeriod.parse(values, today: now / 86_400)
        } catch {
            throw CLIError(Self.message(error))
        }
        var operatorID: Int64?
        if let name = `operator` {
            let found = try db.scalar("SELECT id FROM operators WHERE username = ?", name).int
            guard let id = found else { throw CLIError("no operator named " + name) }
            operatorID = id
        }
        guard `repeat` >= 1 else { throw CLIError("--repeat takes a whole number of at least 1") }
        var report: StatsReport?
        for _ in 0..<`repeat` {
            let start = MonotonicClock.nanoseconds(), cpuStart = Self.cpuMicroseconds()
            report = try StatsReport.compute(db: db, period: chosen, operatorID: operatorID, now: now, language: language)
            let micros = (MonotonicClock.nanoseconds() - start) / 1000, cpu = Self.cpuMicroseconds() - cpuStart
            if `repeat` > 1 { printError("ms=" + Self.milliseconds(micros) + " cpu=" + Self.milliseconds(cpu)) }
        }
        guard let report else { return }
        print(json ? String(decoding: report.json.bytes, as: UTF8.self) : Self.summary(report))
    }

    static func message(_ problem: StatsPeriod.Problem) -> String {
        switch problem {
        case .badDate(let field): return "--\(field) must be a real date written YYYY-MM-DD"
        case .reversed: return "--from must not be after --to"
        case .tooLong: return "a custom range may cover at most \(StatsPeriod.maximumCustomDays) days"
        }
    }

    static func summary(_ r: StatsReport) -> String {
        var lines = ["period \(r.period.firstDate.text) to \(r.period.lastDate.text) (\(r.period.unit.rawValue), UTC)"]
        if let p = r.population {
            lines.append("tickets created \(p.created), closed \(p.closed), open at end \(p.buckets.last?.openAtEnd ?? 0)")
            lines.append("first response median \(p.firstResponse.median.map(String.init) ?? "-") s, p90 \(p.firstResponse.p90.map(String.init) ?? "-") s")
        }
        for o in r.operators {
            lines.append("\(o.username): taken \(o.taken), answered \(o.answered), closed \(o.closed), reassigned away \(o.reassignedAway), "
                         + "replies \(o.replies), notes \(o.notes)")
        }
        return lines.joined(separator: "\n")
    }

    /// Microseconds as "12.345".
    static func milliseconds(_ micros: Int64) -> String { "\(micros / 1000)." + String(String(1000 + micros % 1000).dropFirst()) }

    /// User + system CPU time of this process: unlike wall time, it does not grow when
    /// other processes share the cores.
    static func cpuMicroseconds() -> Int64 {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000 + Int64(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
    }

}
