import Foundation

/// The user information a URL may carry (`https://user:token@host/…`), taken out before
/// the URL is used anywhere it could be printed, recorded or published: mirror
/// configuration, sync records, manifests, provenance, pages and console lines.
public enum RemoteURL {
    /// `url` without its user information, and the credentials it held (nil when it held
    /// none). For `ssh://` and scp-like addresses (`git@host:path`) only a password is
    /// taken out: an ssh user name is an account, not a secret.
    public static func separatingUserInfo(_ url: String) -> (url: String, credentials: RemoteCredentials?) {
        guard let schemeEnd = url.range(of: "://") else { return (url, nil) }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let authorityStart = schemeEnd.upperBound
        let authorityEnd = url[authorityStart...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? url.endIndex
        guard let at = url[authorityStart..<authorityEnd].lastIndex(of: "@") else { return (url, nil) }
        let userInfo = url[authorityStart..<at]
        let colon = userInfo.firstIndex(of: ":")
        let username = String(userInfo[..<(colon ?? userInfo.endIndex)]).removingPercentEncoding
        let password = colon.flatMap { String(userInfo[userInfo.index(after: $0)...]).removingPercentEncoding }
        if scheme == "ssh" || scheme.hasPrefix("git+ssh") || scheme.hasSuffix("+ssh") {
            guard password != nil else { return (url, nil) }
            let kept = url[..<authorityStart] + (username ?? "") + "@" + url[url.index(after: at)...]
            return (String(kept), RemoteCredentials(username: username, password: password))
        }
        let stripped = String(url[..<authorityStart] + url[url.index(after: at)...])
        return (stripped, RemoteCredentials(username: username, password: password))
    }

    /// `url` as it may be shown: without a password, and over http(s) without a user name.
    public static func redacted(_ url: String) -> String {
        separatingUserInfo(url).url
    }

    /// The host a URL names (`git.example.com` for `https://git.example.com:8443/x.git`
    /// and `git@git.example.com:x.git`), lowercased; nil for a local path.
    public static func host(of url: String) -> String? {
        let plain = separatingUserInfo(url).url
        if let schemeEnd = plain.range(of: "://") {
            var authority = plain[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
                return String(authority[...close]).lowercased()
            }
            let host = authority.prefix { $0 != ":" }
            return host.isEmpty ? nil : host.lowercased()
        }
        // scp-like: [user@]host:path, where the part before the colon holds no slash.
        guard let colon = plain.firstIndex(of: ":"), !plain[..<colon].contains("/") else { return nil }
        let beforeColon = plain[..<colon]
        let host = beforeColon.lastIndex(of: "@").map { beforeColon[beforeColon.index(after: $0)...] } ?? beforeColon
        return host.isEmpty ? nil : host.lowercased()
    }
}
