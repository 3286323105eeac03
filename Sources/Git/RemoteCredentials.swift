/// What modelbuild answers a remote that asks who it is: a user name and a password or
/// token over https, keys from ssh-agent over ssh. The values come from secrets (an
/// environment variable builds.yaml names), never from a URL, so they never reach a
/// file, a manifest or a printed line.
public struct RemoteCredentials: Sendable, Hashable {
    /// The user name for https; when nil, the URL's own user name, else `git`.
    public var username: String?
    /// The password or token for https; nil offers none (the remote then refuses, and
    /// the error says so).
    public var password: String?

    /// Credentials from their parts.
    public init(username: String? = nil, password: String? = nil) {
        self.username = username
        self.password = password
    }

    /// No user name or password: anonymous https, ssh keys from ssh-agent.
    public static let none = RemoteCredentials()
}

extension RemoteCredentials: CustomStringConvertible {
    /// Never the password.
    public var description: String {
        "RemoteCredentials(username: \(username ?? "-"), password: \(password == nil ? "none" : "<redacted>"))"
    }
}
