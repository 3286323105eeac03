import CGit2

/// The URL rewrites of the git configuration libgit2 reads for every repository (the
/// user's `~/.gitconfig`, `$XDG_CONFIG_HOME/git/config` and the system's), as
/// `url.<base>.insteadOf <prefix>` rules: libgit2 applies them when it fetches, so a
/// message about a fetch names the URL it really used.
public enum GitURLRewrite {
    /// `url` as the configuration's `insteadOf` rules rewrite it (the longest matching
    /// prefix wins, as git chooses), or nil when no rule applies or no configuration can
    /// be read.
    public static func rewritten(_ url: String) -> String? {
        LibGit2Runtime.ensureInitialized()
        var config: OpaquePointer?
        guard git_config_open_default(&config) == 0, let config else { return nil }
        defer { git_config_free(config) }
        var iterator: OpaquePointer?
        guard git_config_iterator_glob_new(&iterator, config, "^url\\..*\\.insteadof$") == 0, let iterator else {
            return nil
        }
        defer { git_config_iterator_free(iterator) }
        var best: (prefix: String, base: String)?
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0, let entry {
            guard let name = entry.pointee.name.map(String.init(cString:)),
                let prefix = entry.pointee.value.map(String.init(cString:)),
                name.hasPrefix("url."), name.lowercased().hasSuffix(".insteadof"), url.hasPrefix(prefix)
            else { continue }
            let base = String(name.dropFirst("url.".count).dropLast(".insteadof".count))
            if prefix.count > (best?.prefix.count ?? -1) { best = (prefix, base) }
        }
        guard let best else { return nil }
        return best.base + url.dropFirst(best.prefix.count)
    }
}
