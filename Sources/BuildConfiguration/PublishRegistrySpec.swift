/// One registry builds.yaml's `publish: {registries: […]}` pushes every published version
/// to: `{url, repository, tags, username, password_env, insecure}`. Tags are templates:
/// `{version}` and `{kind}` (`nightly`, `release`), so the kind's tag moves as its ref does.
public struct PublishRegistrySpec: Sendable, Hashable {
    /// `host[:port]`.
    public var url: String
    public var repository: String
    /// Tag templates; `["{version}", "{kind}"]` when none are given.
    public var tags: [String]
    public var username: String?
    /// The environment variable holding the password (`password_env`).
    public var passwordVariable: String
    /// Plain http (a registry on this machine only).
    public var insecure: Bool

    public static let defaultTags = ["{version}", "{kind}"]
    public static let defaultPasswordVariable = "MODELBUILD_REGISTRY_PASSWORD"

    public init(
        url: String, repository: String, tags: [String] = PublishRegistrySpec.defaultTags, username: String? = nil,
        passwordVariable: String = PublishRegistrySpec.defaultPasswordVariable, insecure: Bool = false
    ) {
        self.url = url
        self.repository = repository
        self.tags = tags
        self.username = username
        self.passwordVariable = passwordVariable
        self.insecure = insecure
    }

    /// The tags for `version` of `kind`.
    public func tags(version: String, kind: String) -> [String] {
        tags.map { $0.replacingOccurrences(of: "{version}", with: version).replacingOccurrences(of: "{kind}", with: kind) }
    }
}
