/// One of a knowledge leaf's `document.patterns`, matched against the paths of the files
/// in the document repository's tree at the leaf's commit.
///
/// The rules are Python's `glob` (what InstructLab runs on its checkout), stated exactly:
/// - The pattern is split at `/` into segments, each matching one path component;
///   empty and `.` segments are skipped. A pattern that is absolute or has a `..`
///   segment is refused (InstructLab would read outside the checkout).
/// - In a segment, `*` matches any run of characters (none included) but never `/`,
///   `?` matches one character, and `[abc]`, `[a-z]`, `[!abc]` match one character of
///   (or not of) a set; a `[` without a closing `]` is literal. Matching is
///   case-sensitive.
/// - A segment that is exactly `**` matches any number of folders, none included, and,
///   last in the pattern, every file below (glob's `recursive=True`; InstructLab calls
///   glob without it, where `**` acts as `*`, so every file InstructLab finds is found).
/// - As in glob, a name starting with `.` is matched only by a segment that starts with
///   `.`; `*`, `?`, `[…]` and `**` never match hidden names.
/// Only regular files match (symlinks are not followed); the caller keeps `.md` and
/// `.pdf` files.
public struct KnowledgeDocumentPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let text: String
    private let segments: [[Unicode.Scalar]]

    /// Parses `text`; nil when it is empty, absolute or climbs out with `..`.
    public init?(_ text: String) {
        guard !text.isEmpty, !text.hasPrefix("/") else { return nil }
        var segments: [[Unicode.Scalar]] = []
        for segment in text.split(separator: "/", omittingEmptySubsequences: true) where segment != "." {
            if segment == ".." { return nil }
            segments.append(Array(segment.unicodeScalars))
        }
        guard !segments.isEmpty else { return nil }
        self.text = text
        self.segments = segments
    }

    /// The same as `text`.
    public var description: String { text }

    /// Whether the file at `path` (from the repository's root) matches.
    public func matches(_ path: String) -> Bool {
        let components = path.split(separator: "/").map { Array($0.unicodeScalars) }
        return match(segment: 0, component: 0, components)
    }

    private func match(segment: Int, component: Int, _ components: [[Unicode.Scalar]]) -> Bool {
        if segment == segments.count { return component == components.count }
        if segments[segment] == Self.recursive {
            var end = component
            while true {
                if match(segment: segment + 1, component: end, components) { return true }
                guard end < components.count, components[end].first != "." else { return false }
                end += 1
            }
        }
        guard component < components.count,
            Self.matchesName(segments[segment], components[component])
        else { return false }
        return match(segment: segment + 1, component: component + 1, components)
    }

    private static let recursive: [Unicode.Scalar] = ["*", "*"]

    /// fnmatch for one path component, with glob's rule for hidden names.
    static func matchesName(_ pattern: [Unicode.Scalar], _ name: [Unicode.Scalar]) -> Bool {
        if name.first == ".", pattern.first != "." { return false }
        var p = 0
        var n = 0
        var starPattern: Int?
        var starName = 0
        while n < name.count {
            if p < pattern.count {
                switch pattern[p] {
                case "*":
                    starPattern = p
                    starName = n
                    p += 1
                    continue
                case "?":
                    p += 1
                    n += 1
                    continue
                case "[":
                    if let (matched, next) = matchSet(pattern, from: p, name[n]) {
                        if matched {
                            p = next
                            n += 1
                            continue
                        }
                    } else if name[n] == "[" {
                        p += 1
                        n += 1
                        continue
                    }
                default:
                    if pattern[p] == name[n] {
                        p += 1
                        n += 1
                        continue
                    }
                }
            }
            guard let star = starPattern else { return false }
            p = star + 1
            starName += 1
            n = starName
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// Matches `character` against the set starting at `pattern[start] == "["`: whether
    /// it matched and the index after `]`; nil when the set has no closing `]`.
    private static func matchSet(
        _ pattern: [Unicode.Scalar], from start: Int, _ character: Unicode.Scalar
    ) -> (Bool, Int)? {
        var index = start + 1
        var negated = false
        if index < pattern.count, pattern[index] == "!" {
            negated = true
            index += 1
        }
        var matched = false
        var first = true
        while index < pattern.count {
            let current = pattern[index]
            if current == "]", !first { return (matched != negated, index + 1) }
            first = false
            if index + 2 < pattern.count, pattern[index + 1] == "-", pattern[index + 2] != "]" {
                if current.value <= character.value, character.value <= pattern[index + 2].value { matched = true }
                index += 3
            } else {
                if current == character { matched = true }
                index += 1
            }
        }
        return nil
    }
}
