/// Images in an answer: the operator attaches an image file and writes `[image: NAME]`
/// where it should appear (the editor's button writes the token; without JavaScript it
/// is typed). When NAME is an attached file whose bytes are really an image, the token
/// becomes `<img src="cid:NAME">` and the file gets NAME as its Content-ID, so the mail
/// carries it inline and the desk shows it from the attachment. Other tokens stay text.
enum InlineImages {
    static func place(_ files: [IncomingFile], in html: String) -> (files: [IncomingFile], html: String) {
        var html = html
        let files = files.map { file -> IncomingFile in
            var f = file
            let token = HTML.escape("[image: " + f.filename + "]")
            guard f.isImage, html.contains(token) else { return f }
            let name = HTML.escape(f.filename)
            html = html.replacingEvery(token, with: "<img src=\"cid:" + name + "\" alt=\"" + name + "\">")
            f.contentID = f.filename
            return f
        }
        return (files, html)
    }
}

extension String {
    func replacingEvery(_ needle: String, with replacement: String) -> String {
        guard !needle.isEmpty else { return self }
        var out = "", rest = Substring(self)
        while let r = rest.firstRange(of: needle) {
            out += rest[..<r.lowerBound] + replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
