import Foundation
import Platform

/// What a clone of the taxonomy mirror leaves beside it when it is killed or fails on a
/// full disk (`.taxonomy.git.partial-<uuid>`), and a damaged mirror set aside
/// (`.taxonomy.git.damaged-<uuid>`). Call only while holding the mirror's lock, so no
/// clone in progress is taken for a leftover.
enum MirrorLeftovers {
    /// Removes every partial clone and set-aside mirror beside `mirror`; what cannot be
    /// removed now stays for the next synchronisation.
    static func remove(beside mirror: URL) {
        let parent = mirror.deletingLastPathComponent().path
        let prefixes = [".\(mirror.lastPathComponent).partial-", ".\(mirror.lastPathComponent).damaged-"]
        guard let names = try? FileSystem.sortedEntries(parent) else { return }
        for name in names where prefixes.contains(where: name.hasPrefix) {
            try? FileSystem.removeTree(parent + "/" + name)
        }
    }

    /// Renames a damaged `mirror` aside (so the next clone starts from nothing) and
    /// removes it.
    static func setAside(_ mirror: URL) throws(TaxonomyError) {
        let aside = mirror.deletingLastPathComponent().path + "/.\(mirror.lastPathComponent).damaged-" + UUID().uuidString
        do {
            guard FileSystem.exists(mirror.path) else { return }
            try FileSystem.rename(mirror.path, aside)
            try FileSystem.removeTree(aside)
        } catch {
            throw .fileSystem("set the damaged taxonomy mirror aside", error)
        }
    }
}
