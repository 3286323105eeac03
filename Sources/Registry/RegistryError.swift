/// A push or pull that failed: what, where (the URL or the reference) and what to do.
public struct RegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why, coarsely: the caller's mistake, the registry's refusal, or a bad transfer.
    public enum Kind: Sendable, Hashable {
        /// A malformed reference or option (exit status 2).
        case usage
        /// The registry refused the credentials.
        case unauthorized
        /// The registry answered with an error status, or could not be reached.
        case failed
        /// Something fetched does not match its digest, or is not a modelbuild version.
        case integrity
    }

    public let kind: Kind
    /// The URL or reference concerned.
    public let url: String
    /// What went wrong and what to do.
    public let message: String

    public init(_ kind: Kind, url: String, _ message: String) {
        self.kind = kind
        self.url = url
        self.message = message
    }

    public var description: String { "\(url): \(message)" }
}
