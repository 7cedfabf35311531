extension String {
    /// Escapes LIKE's wildcards (with `\` as the escape character) so user text matches literally.
    func replacingLikeWildcards() -> String {
        var out = ""
        for c in self {
            if c == "%" || c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
