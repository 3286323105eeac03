/// A file of the state folder (a build record, `keys.txt`) exists but cannot be read.
public struct StateFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path) cannot be read: \(reason)" }
}
