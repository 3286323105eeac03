/// A checked path inside the taxonomy: `/`-separated, relative, with no empty, `.`, `..`
/// or `.git` component, no backslash and no control character, so it can never name
/// anything outside the taxonomy when joined to a directory, and never forge a line or
/// move the cursor when printed.
///
/// A leaf's identity is its folder's `LeafPath` (`knowledge/science/birds`). Git trees
/// built by hand can hold names git itself refuses (`..`, `a/b`, an empty name); such
/// entries are reported as problems and never become a `LeafPath`.
public struct LeafPath: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The path text, e.g. `compositional_skills/writing/poem`.
    public let text: String

    /// Checks `text`; nil when it is absolute, empty, or has a component that could
    /// escape or confuse a directory (see `problem(in:)`).
    public init?(_ text: String) {
        guard Self.problem(in: text) == nil else { return nil }
        self.text = text
    }

    /// Why `text` is not a safe taxonomy path, or nil when it is one.
    ///
    /// One pass over the UTF-8 bytes: this runs for every changed path of a diff.
    public static func problem(in text: String) -> String? {
        var contiguous = text
        return contiguous.withUTF8 { problem(in: $0) }
    }

    /// A character no taxonomy path may hold: C0 and C1 controls, DEL, and the Unicode
    /// controls that reorder or hide text (bidi overrides and isolates, line and
    /// paragraph separators). Such a name printed raw could forge a console line.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1f, 0x7f...0x9f, 0x202a...0x202e, 0x2066...0x2069, 0x2028, 0x2029: true
        default: false
        }
    }

    private static func controlCharacterProblem(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars where isControl(scalar) {
            return "the path has a control character (U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)))"
        }
        return nil
    }

    private static func problem(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if bytes.isEmpty { return "the path is empty" }
        if bytes[0] == UInt8(ascii: "/") { return "the path is absolute" }
        var start = 0
        var hasNonASCII = false
        for index in 0...bytes.count {
            let byte = index < bytes.count ? bytes[index] : UInt8(ascii: "/")
            switch byte {
            case UInt8(ascii: "\\"): return "the path has a backslash"
            case 0: return "the path has a NUL byte"
            case 0x01..<0x20, 0x7f: return controlCharacterProblem(in: bytes)
            case 0x80...: hasNonASCII = true
            case UInt8(ascii: "/"):
                if let reason = problem(inComponent: UnsafeBufferPointer(rebasing: bytes[start..<index])) {
                    return reason
                }
                start = index + 1
            default: break
            }
        }
        return hasNonASCII ? controlCharacterProblem(in: bytes) : nil
    }

    private static func problem(inComponent component: UnsafeBufferPointer<UInt8>) -> String? {
        let dot = UInt8(ascii: ".")
        switch component.count {
        case 0: return "the path has an empty component"
        case 1 where component[0] == dot: return "the path has a '.' component"
        case 2 where component[0] == dot && component[1] == dot: return "the path has a '..' component"
        case 4 where component[0] == dot && component[1] | 0x20 == UInt8(ascii: "g")
            && component[2] | 0x20 == UInt8(ascii: "i") && component[3] | 0x20 == UInt8(ascii: "t"):
            return "the path has a '.git' component"
        default: return nil
        }
    }

    /// The path's components.
    public var components: [Substring] { text.split(separator: "/") }

    /// The first component: the taxonomy folder the path lies in.
    public var topFolder: Substring { text.split(separator: "/", maxSplits: 1).first ?? "" }

    /// The last component.
    public var name: Substring { text.split(separator: "/").last ?? "" }

    /// This path with `name` appended.
    public func appending(_ name: String) -> LeafPath? { LeafPath(text + "/" + name) }

    /// True when `self` is `folder` or lies below it.
    public func isInside(_ folder: String) -> Bool {
        text == folder || text.hasPrefix(folder + "/")
    }

    /// The same as `text`.
    public var description: String { text }

    public static func < (lhs: LeafPath, rhs: LeafPath) -> Bool {
        precedes(lhs.text, rhs.text)
    }

    /// Whether `lhs` sorts before `rhs` byte by byte in UTF-8 (git's order, and the
    /// order of leaves everywhere). Over the strings' contiguous bytes: sorting 66,000
    /// paths through the generic `lexicographicallyPrecedes` took a tenth of a plan.
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        var lhs = lhs
        var rhs = rhs
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in
                for index in 0..<min(left.count, right.count) where left[index] != right[index] {
                    return left[index] < right[index]
                }
                return left.count < right.count
            }
        }
    }
}

extension LeafPath {
    /// The folder part of a `/`-separated path (`a/b` for `a/b/qna.yaml`; empty at the top).
    public static func parentFolder(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }

    /// The last component of a `/`-separated path.
    public static func lastComponent(of path: String) -> Substring {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return Substring(path) }
        return path[path.index(after: slash)...]
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
