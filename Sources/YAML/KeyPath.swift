/// The path from the document's root to a value: `stages.train.retry.attempts`,
/// `builds.release.gates[1].metric`.
public struct KeyPath: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public private(set) var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    public var isEmpty: Bool { components.isEmpty }

    /// This path followed by a mapping key.
    public func appending(_ key: String) -> KeyPath {
        KeyPath(components + [.key(key)])
    }

    /// This path followed by a sequence index.
    public func appending(index: Int) -> KeyPath {
        KeyPath(components + [.index(index)])
    }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += key
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}
