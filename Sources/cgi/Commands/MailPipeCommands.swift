import Glibc
import ArgumentParser
import Core

extension MailCommand {
    /// `taquilla mail pipe`: one message on stdin, for an MTA alias or transport
    /// (`"|/path/taquilla mail pipe"`). Exit codes are sysexits(3), which MTAs act on:
    /// - 0: imported, duplicate, ignored or quarantined — the message is safe with us;
    /// - 65 (EX_DATAERR): larger than the `mail_max_bytes` setting — kept in quarantine
    ///   all the same, but the MTA returns it to the sender with our line on stderr;
    /// - 75 (EX_TEMPFAIL): a temporary failure (database locked, disk full) — nothing was
    ///   imported; the MTA keeps the message and tries again;
    /// - 1: the command itself cannot run (no data directory, unreadable stdin).
    struct Pipe: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import one message from standard input (for an MTA pipe: exit 0 ok, 65 too large, 75 try later).")
        @Flag(help: "Print what became of the message.") var verbose = false

        func run() throws {
            let raw: [UInt8]
            do { raw = try FileSystem.readStandardInput() } catch { throw CLIError("cannot read standard input: \(error)") }
            let env: Environment
            do {
                env = try Environment.open(paths: try CLIContext.make().paths, logToStderr: false)
                env.db.skipCheckpointOnClose()
            } catch {
                printError("taquilla: temporary failure, try again later: \(error)")
                throw ExitCode(75)
            }
            let outcome: InboundOutcome
            do {
                outcome = try InboundMailProcessor(env: env).process(raw: raw, source: .pipe, mailboxUID: nil)
            } catch {
                printError("taquilla: temporary failure, try again later: \(error)")
                throw ExitCode(75)
            }
            if verbose { print(MailImportReport.line(outcome)) }
            if case .quarantined(_, let reason) = outcome, reason == "too_large" {
                let limit = InboundLimits(settings: (try? env.settingsStore.load()) ?? Settings()).maxBytes
                printError("taquilla: message too large (\(raw.count) bytes, the limit is \(limit) bytes)")
                throw ExitCode(65)
            }
        }
    }

    /// `taquilla mail import FILE…`: imports message files (RFC 5322, one per file) in one
    /// process, as if each had come through `mail pipe`; prints one line per file and a
    /// summary with the rate. Exit 75 at the first temporary failure (the files after it
    /// are not read), 1 when a file cannot be read.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import message files (.eml) in one process; prints a summary.")
        @Argument(help: "Message files.") var files: [String]
        @Flag(help: "Only the summary line.") var quiet = false

        func run() throws {
            let env = try Environment.open(paths: try CLIContext.make().paths, logToStderr: false)
            let processor = InboundMailProcessor(env: env, durableRawFiles: false)
            let started = MonotonicClock.nanoseconds()
            for file in files {
                let raw: [UInt8]
                do { raw = try FileSystem.read(file) } catch { throw CLIError("cannot read \(file): \(error)") }
                do {
                    let outcome = try processor.process(raw: raw, source: .pipe, mailboxUID: nil)
                    if !quiet { print("\(file): \(MailImportReport.line(outcome))") }
                } catch {
                    printError("\(file): temporary failure, try again later: \(error)")
                    sync()
                    throw ExitCode(75)
                }
            }
            sync()  // the raw files were written without fsync: make them durable before the caller drops the sources
            let seconds = max(Double(MonotonicClock.nanoseconds() - started) / 1e9, 1e-9)
            print("imported \(files.count) messages in \(Int(seconds * 1000)) ms: \(Int(Double(files.count) / seconds)) messages/s")
        }
    }
}

/// One line saying what became of a message.
enum MailImportReport {
    static func line(_ outcome: InboundOutcome) -> String {
        switch outcome {
        case .created(_, let number): return "new ticket \(number)"
        case .appended(_, let number): return "added to ticket \(number)"
        case .duplicate: return "duplicate"
        case .ignored(let reason): return "ignored (\(reason))"
        case .quarantined(let id, let reason): return "quarantined #\(id) (\(reason))"
        case .bounce(let ticketID): return "bounce recorded on ticket id \(ticketID)"
        }
    }
}
