import Glibc
@testable import Core

/// Helpers shared by the mail tests: byte literals, file access, a tiny JSON
/// reader for corpus expectations, and a watchdog for time-bounded parsing.
enum TestSupport {
    /// CRLF-terminated message bytes from lines.
    static func message(_ lines: [String]) -> [UInt8] {
        Array(lines.joined(separator: "\r\n").utf8) + [0x0D, 0x0A]
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            out.append(contentsOf: buffer[0..<count])
        }
        return out
    }

    static func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Counts non-overlapping occurrences of `needle` in `haystack` (by bytes).
    static func occurrences(of needle: String, in haystack: String) -> Int {
        occurrences(of: Array(needle.utf8), in: Array(haystack.utf8))
    }

    static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> Int {
        guard !needle.isEmpty, haystack.count >= needle.count else { return 0 }
        var count = 0
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0] && Array(haystack[index..<index + needle.count]) == needle {
                count += 1
                index += needle.count
            } else {
                index += 1
            }
        }
        return count
    }
}

// MARK: - Time-bounded parsing

/// Runs `MIMEParser.parse` on its own thread and waits at most `seconds`.
/// A parse that does not finish in time is reported as nil (its thread is
/// left behind; the process ends with the test run).
final class BoundedParse: @unchecked Sendable {
    private let input: [UInt8]
    private var output: ParsedMail?
    private let semaphore = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)

    private init(_ input: [UInt8]) {
        self.input = input
        sem_init(semaphore, 0, 0)
    }

    static func run(_ bytes: [UInt8], seconds: Int) -> ParsedMail? {
        let job = BoundedParse(bytes)
        let context = Unmanaged.passRetained(job).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, 16 << 20)
        var thread = pthread_t()
        let created = pthread_create(&thread, &attributes, { raw in
            let job = Unmanaged<BoundedParse>.fromOpaque(raw!).takeUnretainedValue()
            job.output = MIMEParser.parse(job.input)
            sem_post(job.semaphore)
            return nil
        }, context)
        pthread_attr_destroy(&attributes)
        guard created == 0 else {
            Unmanaged<BoundedParse>.fromOpaque(context).release()
            return MIMEParser.parse(bytes)
        }
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        deadline.tv_sec += seconds
        var waited: Int32
        repeat { waited = sem_timedwait(job.semaphore, &deadline) } while waited != 0 && errno == EINTR
        guard waited == 0 else {
            pthread_detach(thread)
            return nil // the job stays retained: its thread may still be using it
        }
        pthread_join(thread, nil)
        let result = job.output
        Unmanaged<BoundedParse>.fromOpaque(context).release()
        return result
    }
}

// MARK: - Minimal JSON reader (for corpus expectations)

indirect enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.number(a), .number(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    subscript(_ key: String) -> JSONValue? {
        if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }

    var string: String? { if case .string(let value) = self { value } else { nil } }
    var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    var int: Int? { if case .number(let value) = self { Int(value) } else { nil } }

    static func parse(_ text: String) -> JSONValue? {
        var reader = Reader(bytes: Array(text.utf8))
        let value = reader.value()
        reader.skipWhitespace()
        return reader.index == reader.bytes.count ? value : nil
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value() -> JSONValue? {
            skipWhitespace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case 0x7B: return object()
            case 0x5B: return array()
            case 0x22: return string().map(JSONValue.string)
            case 0x74: return literal("true", .bool(true))
            case 0x66: return literal("false", .bool(false))
            case 0x6E: return literal("null", .null)
            default: return number()
            }
        }

        mutating func literal(_ word: String, _ value: JSONValue) -> JSONValue? {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else { return nil }
            index += expected.count
            return value
        }

        mutating func number() -> JSONValue? {
            let start = index
            while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
            return Double(String(decoding: bytes[start..<index], as: UTF8.self)).map(JSONValue.number)
        }

        mutating func string() -> String? {
            index += 1
            var out: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == 0x22 { return String(decoding: out, as: UTF8.self) }
                guard byte == 0x5C else { out.append(byte); continue }
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x75:
                    guard var scalar = hex4() else { return nil }
                    if (0xD800...0xDBFF).contains(scalar), index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 {
                        index += 2
                        guard let low = hex4() else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    Charsets.appendUTF8(scalar, to: &out)
                default: out.append(escape)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[index..<index + 4] {
                guard let digit = MailBytes.hexValue(byte) else { return nil }
                value = value << 4 | UInt32(digit)
            }
            index += 4
            return value
        }

        mutating func array() -> JSONValue? {
            index += 1
            var items: [JSONValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == 0x5D { index += 1; return .array(items) }
            while true {
                guard let item = value() else { return nil }
                items.append(item)
                skipWhitespace()
                guard index < bytes.count else { return nil }
                if bytes[index] == 0x2C { index += 1; continue }
                if bytes[index] == 0x5D { index += 1; return .array(items) }
                return nil
            }
        }

        mutating func object() -> JSONValue? {
            index += 1
            var pairs: [(String, JSONValue)] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == 0x7D { index += 1; return .object(pairs) }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == 0x22, let key = string() else { return nil }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == 0x3A else { return nil }
                index += 1
                guard let item = value() else { return nil }
                pairs.append((key, item))
                skipWhitespace()
                guard index < bytes.count else { return nil }
                if bytes[index] == 0x2C { index += 1; continue }
                if bytes[index] == 0x7D { index += 1; return .object(pairs) }
                return nil
            }
        }
    }
}
