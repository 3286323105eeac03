/// Where a version goes or comes from: `<registry>/<repository>[:<tag>|@<digest>]`, as
/// `modelbuild push` and `pull` take it (`127.0.0.1:5000/lab/model:nightly`,
/// `registry.example.com/team/model@sha256:…`).
public struct RegistryReference: Sendable, Hashable, CustomStringConvertible {
    /// `host[:port]`.
    public var registry: String
    /// `team/model`: lowercase path components of `[a-z0-9._-]`.
    public var repository: String
    /// A tag or a `sha256:` digest; nil when none was given.
    public var reference: String?

    public init(registry: String, repository: String, reference: String? = nil) {
        self.registry = registry
        self.repository = repository
        self.reference = reference
    }

    /// Parses `text`; the error says what is wrong with it.
    public init(parsing text: String) throws(RegistryError) {
        func invalid(_ why: String) -> RegistryError {
            RegistryError(
                .usage, url: text,
                "\(why); write <registry>/<repository>[:<tag>], e.g. 127.0.0.1:5000/lab/model:nightly")
        }
        guard let slash = text.firstIndex(of: "/") else { throw invalid("no repository after the registry") }
        let registry = String(text[..<slash])
        var rest = String(text[text.index(after: slash)...])
        // As docker reads it: a first component without "." or ":" (and not localhost) is
        // part of the repository, and modelbuild always wants the registry named.
        guard !registry.isEmpty, !registry.contains("@"),
            registry.contains(".") || registry.contains(":") || registry == "localhost" || registry.hasPrefix("[")
        else { throw invalid("\"\(registry)\" is not a registry host (a name with a dot, a host:port, or localhost)") }
        var reference: String?
        if let at = rest.firstIndex(of: "@") {
            reference = String(rest[rest.index(after: at)...])
            rest = String(rest[..<at])
            guard let digest = reference, Self.isDigest(digest) else { throw invalid("a digest is sha256:<64 hex digits>") }
        } else if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
            reference = String(rest[rest.index(after: colon)...])
            rest = String(rest[..<colon])
            guard let tag = reference, Self.isTag(tag) else {
                throw invalid("a tag is [A-Za-z0-9_][A-Za-z0-9._-]{0,127}")
            }
        }
        let components = rest.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = components.allSatisfy { component in
            !component.isEmpty
                && component.utf8.allSatisfy {
                    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                        || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
                }
        }
        guard allowed else { throw invalid("the repository \"\(rest)\" must be lowercase [a-z0-9._-] components separated by /") }
        self.init(registry: registry, repository: rest, reference: reference)
    }

    /// `registry/repository[:tag|@digest]`.
    public var description: String {
        let base = registry + "/" + repository
        guard let reference else { return base }
        return base + (Self.isDigest(reference) ? "@" : ":") + reference
    }

    /// Whether `text` is `sha256:<64 lowercase hex digits>`.
    public static func isDigest(_ text: String) -> Bool {
        guard text.hasPrefix("sha256:") else { return false }
        let hex = text.utf8.dropFirst(7)
        return hex.count == 64
            && hex.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    /// Whether `text` is an OCI tag.
    public static func isTag(_ text: String) -> Bool {
        guard let first = text.utf8.first, text.utf8.count <= 128, first != UInt8(ascii: "."), first != UInt8(ascii: "-")
        else { return false }
        return text.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: ".")
                || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
    }

    /// Whether the registry host is this machine (127.0.0.0/8, `localhost`, `[::1]`), the
    /// only place `--insecure` (plain http) is allowed.
    public var isLoopback: Bool {
        var host = registry
        if host.hasPrefix("[") {
            host = String(host.dropFirst().prefix { $0 != "]" })
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
