/// The user name and password (or token) a registry is asked with. The password comes
/// from a secret (an environment variable), never from a command line or a file this
/// program writes, and is never printed.
public struct RegistryCredentials: Sendable, Hashable, CustomStringConvertible {
    public var username: String
    public var password: String
    /// Where the password came from (`$MODELBUILD_REGISTRY_PASSWORD`), for errors.
    public var source: String

    public init(username: String, password: String, source: String) {
        self.username = username
        self.password = password
        self.source = source
    }

    /// Never the password.
    public var description: String { "RegistryCredentials(username: \(username), password: <from \(source)>)" }
}
