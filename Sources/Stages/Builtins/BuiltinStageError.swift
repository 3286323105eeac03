/// Why a built-in stage could not do its work; printed in its log, and the stage fails.
/// Most are input errors (no data, bad parameters, an unreadable leaf) that a retry
/// cannot change; a failure to read or write a file may pass, so it is retryable.
public struct BuiltinStageError: Error, Sendable, CustomStringConvertible {
    public let description: String
    /// Whether running the stage again might succeed.
    public let retryable: Bool

    public init(_ description: String, retryable: Bool = false) {
        self.description = description
        self.retryable = retryable
    }
}
