/// A `deps:` glob over `/`-separated paths: `*` and `?` within one component, `**` for any
/// number of components (`data/**/*.txt`).
enum GlobPattern {
    /// Whether `path`'s components match `pattern`'s.
    static func matches(_ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            return (0...path.count).contains { matches(rest, path.dropFirst($0)) }
        }
        guard let head = path.first, matches(component: Array(first), Array(head)) else { return false }
        return matches(pattern.dropFirst(), path.dropFirst())
    }

    /// Whether `pattern` (`*`, `?` and literal characters) matches all of `text`.
    static func matches(component pattern: [Character], _ text: [Character]) -> Bool {
        var p = 0, t = 0
        var star: Int?, resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// Whether `text` holds a glob character.
    static func isPattern(_ text: String) -> Bool { text.contains { $0 == "*" || $0 == "?" } }
}
