/// The kind of a build (`nightly`, `release`, or another a build declares); it decides
/// which ref besides `latest` a publish moves.
public struct BuildKind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A scheduled build; moves `refs/nightly`, collected by retention.
    public static let nightly = BuildKind(rawValue: "nightly")
    /// A release; moves `refs/release`, never collected.
    public static let release = BuildKind(rawValue: "release")

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}
