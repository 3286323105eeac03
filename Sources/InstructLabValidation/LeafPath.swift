/// A checked path inside the taxonomy: `/`-separated, relative, with no empty, `.`, `..`
/// or `.git` component and no backslash or NUL, so it can never name anything outside
/// the taxonomy when joined to a directory.
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

    private static func problem(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if bytes.isEmpty { return "the path is empty" }
        if bytes[0] == UInt8(ascii: "/") { return "the path is absolute" }
        var start = 0
        for index in 0...bytes.count {
            let byte = index < bytes.count ? bytes[index] : UInt8(ascii: "/")
            switch byte {
            case UInt8(ascii: "\\"): return "the path has a backslash"
            case 0: return "the path has a NUL byte"
            case UInt8(ascii: "/"):
                if let reason = problem(inComponent: UnsafeBufferPointer(rebasing: bytes[start..<index])) {
                    return reason
                }
                start = index + 1
            default: break
            }
        }
        return nil
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
        lhs.text.utf8.lexicographicallyPrecedes(rhs.text.utf8)
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
