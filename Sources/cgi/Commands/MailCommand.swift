import ArgumentParser
import Core

/// Mail tools. `parse` shows what the MIME parser understood of a message file; `send`
/// delivers the outbox and `test` sends a test mail (MailSendCommands.swift).
struct MailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mail", abstract: "Mail tools.", subcommands: [Parse.self, Fetch.self, Send.self, Test.self, Pipe.self, Import.self])

    struct Parse: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print what the parser understood of a message (RFC 5322 file, or - for stdin).")
        @Argument(help: "The message file, or - for standard input.") var file: String
        @Flag(help: "Print JSON (from, to, cc, subject, date, message_id, in_reply_to, references, text, html, attachments).")
        var json = false

        func run() throws {
            let raw: [UInt8]
            if file == "-" {
                raw = try FileSystem.readStandardInput()
            } else {
                do { raw = try FileSystem.read(file) } catch { throw CLIError("cannot read \(file): \(error)") }
            }
            let mail = MIMEParser.parse(raw)
            if json {
                print(MailJSON.render(mail))
            } else {
                print("From: \(mail.from.map { "\($0.name) <\($0.address)>" } ?? "")")
                print("Subject: \(mail.subject)")
                print("Attachments: \(mail.attachments.map { "\($0.filename) (\($0.contentType), \($0.size) bytes)" }.joined(separator: ", "))")
                if !mail.defects.isEmpty { print("Defects: \(mail.defects.joined(separator: "; "))") }
                print("")
                print(mail.text)
            }
        }
    }
}
