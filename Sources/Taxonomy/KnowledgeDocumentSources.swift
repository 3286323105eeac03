import Foundation
import Git

/// Where knowledge documents are fetched from when not from the repositories leaves name
/// (builds.yaml's `taxonomy.documents`): URL prefixes rewritten, or a folder of local
/// copies. The cache still files each repository under the URL the leaf writes, so
/// documents fetched from a copy, or imported, serve the leaf whatever it is fetched from.
public struct KnowledgeDocumentSources: Sendable, Hashable {
    /// A folder of copies: `https://host/owner/name` is read from `<mirror>/host/owner/name`
    /// or `<mirror>/host/owner/name.git`, when one exists.
    public var mirror: URL?
    /// URL prefix → replacement; the longest matching prefix wins.
    public var rewrites: [String: String]

    /// Sources that fetch every repository from where leaves say.
    public static let direct = KnowledgeDocumentSources()

    public init(mirror: URL? = nil, rewrites: [String: String] = [:]) {
        self.mirror = mirror
        self.rewrites = rewrites
    }

    /// Where `repository` (as a leaf writes it) is fetched from: its rewrite, else its
    /// copy in `mirror`, else itself.
    public func location(for repository: String) -> String {
        if let prefix = rewrites.keys.filter({ repository.hasPrefix($0) }).max(by: { $0.count < $1.count }),
            let replacement = rewrites[prefix]
        {
            return replacement + repository.dropFirst(prefix.count)
        }
        if let mirror, let relative = Self.mirrorPath(of: repository) {
            for candidate in [relative, relative + ".git"] {
                let copy = mirror.appendingPathComponent(candidate)
                if FileManager.default.fileExists(atPath: copy.path) { return copy.path }
            }
        }
        return repository
    }

    /// `host/owner/name` for `https://host/owner/name(.git)` or `git@host:owner/name.git`;
    /// nil for a local path or a URL with `..` in it.
    static func mirrorPath(of repository: String) -> String? {
        guard let host = RemoteURL.host(of: repository) else { return nil }
        let plain = RemoteURL.separatingUserInfo(repository).url
        var path: Substring
        if let schemeEnd = plain.range(of: "://") {
            let rest = plain[schemeEnd.upperBound...]
            path = rest.firstIndex(of: "/").map { rest[rest.index(after: $0)...] } ?? ""
        } else if let colon = plain.firstIndex(of: ":") {
            path = plain[plain.index(after: colon)...]
        } else {
            return nil
        }
        while path.hasSuffix("/") { path = path.dropLast() }
        if path.hasSuffix(".git") { path = path.dropLast(4) }
        let components = path.split(separator: "/")
        guard !components.isEmpty, !components.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        return ([host] + components.map(String.init)).joined(separator: "/")
    }
}
