import Core
import FuzzSupport

/// The small request-header and query parsers, all on the same input:
/// `FormFields.parseURLEncoded`, `Cookies.parse` and `AcceptLanguage.parse` / `.best`.
///
/// Invariants: form fields have non-empty names, at most `maxParsedFields` of them, and
/// percent-encoding them again parses back to equal fields; cookie names are tokens and
/// values have no controls or `;`, and writing them back as a Cookie header (values quoted) parses to
/// the same dictionary; Accept-Language items have a valid lower-case tag and 0 < q ≤ 1 with at most
/// three decimals, sorted by q, and `best` answers one of the supported tags, or nil only when
/// no item's primary subtag matches one.
func fuzzForm(_ input: [UInt8]) {
    checkForm(input)
    checkCookies(input)
    checkAcceptLanguage(input)
}

private func checkForm(_ input: [UInt8]) {
    let fields = FormFields.parseURLEncoded(input)
    let names = fields.names
    let pairs = names.flatMap { name in fields.all(name).map { (name, $0) } }
    Fuzz.require(pairs.count <= FormFields.maxParsedFields, "\(pairs.count) fields")
    Fuzz.require(pairs.count <= input.filter({ $0 == UInt8(ascii: "&") }).count + 1, "more fields than pairs")
    for name in names {
        Fuzz.require(!name.isEmpty, "empty field name")
        Fuzz.require(fields[name] == fields.all(name).first, "subscript is not the first value of \(Fuzz.show(name))")
    }
    // Field order across different names is not kept by `names`/`all`, so rebuild in the
    // order those give and compare the same way.
    let encoded = pairs.map { PercentCoding.encode($0.0) + "=" + PercentCoding.encode($0.1) }.joined(separator: "&")
    let again = FormFields.parseURLEncoded(Array(encoded.utf8))
    Fuzz.require(again.names == names, "re-encoded names differ")
    for name in names {
        Fuzz.require(again.all(name) == fields.all(name), "re-encoded values of \(Fuzz.show(name)) differ")
    }
}

private func checkCookies(_ input: [UInt8]) {
    let cookies = Cookies.parse(input)
    for (name, value) in cookies {
        Fuzz.require(!name.isEmpty && name.utf8.allSatisfy(isTokenByte), "cookie name \(Fuzz.show(name))")
        Fuzz.require(!value.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == ";" },
                     "cookie value \(Fuzz.show(value))")
    }
    // Written back with every value quoted, so surrounding spaces and quotes survive.
    let header = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: "; ")
    let again = Cookies.parse(Array(header.utf8))
    Fuzz.require(again == cookies, "cookies written back parse differently: \(Fuzz.show(header))")
}

private func checkAcceptLanguage(_ input: [UInt8]) {
    let items = AcceptLanguage.parse(input)
    var previous = 2.0
    for (tag, q) in items {
        Fuzz.require(q > 0 && q <= 1, "q=\(q)")
        Fuzz.require(Double(Int((q * 1000).rounded())) / 1000 == q, "q=\(q) has more than three decimals")
        Fuzz.require(q <= previous, "items not sorted by q")
        previous = q
        Fuzz.require(isValidTag(tag), "tag \(Fuzz.show(tag))")
    }
    let supported = ["es", "en", "pt-BR", "ca"]
    let best = AcceptLanguage.best(header: input, supported: supported)
    let primaries = Set(supported.map { primary($0.lowercased()) })
    if let best {
        Fuzz.require(supported.contains(best), "best \(Fuzz.show(best)) is not supported")
        Fuzz.require(items.contains { $0.tag != "*" && primary($0.tag) == primary(best.lowercased()) },
                     "best \(best) matches no item")
    } else {
        Fuzz.require(!items.contains { $0.tag != "*" && primaries.contains(primary($0.tag)) }, "best is nil although an item matches")
    }
}

private func isTokenByte(_ byte: UInt8) -> Bool {
    byte > 0x20 && byte < 0x7F && !#"()<>@,;:\"/[]?={}"#.utf8.contains(byte)
}

private func isValidTag(_ tag: String) -> Bool {
    if tag == "*" { return true }
    let subtags = tag.split(separator: "-", omittingEmptySubsequences: false)
    let lowerAlnum = { (c: Character) in c.isASCII && (c.isLowercase || c.isNumber) }
    return subtags.allSatisfy { (1...8).contains($0.count) && $0.allSatisfy(lowerAlnum) }
        && subtags[0].allSatisfy { $0.isASCII && $0.isLowercase }
}

private func primary(_ tag: String) -> Substring {
    tag.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
}
