/// Why a built-in stage could not do its work; printed in its log, and the stage fails.
public struct BuiltinStageError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
