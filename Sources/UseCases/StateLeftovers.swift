import Foundation
import Platform
import Taxonomy

/// What killed writers leave in the state folder outside the store and the runs: the
/// temporary files of atomic writes (`.tmp-*`: build records, keys.txt, the sync record,
/// the schedule state), partial taxonomy and document clones (`.*.partial-*`, `.*.damaged-*`)
/// and partial snapshots. Found for `prune`, which runs with no build beside it; a partial
/// taxonomy clone is left alone while another process holds the mirror's lock (it may be
/// cloning now).
struct StateLeftovers {
    let state: String

    /// Every leftover path, sorted within each folder.
    func find() throws -> [String] {
        let taxonomy = TaxonomyStateLayout(root: URL(fileURLWithPath: state))
        let mirrorBusy = (try? FileLock.isHeld(taxonomy.mirrorLock.path)) ?? true
        var found: [String] = []
        let folders = [state, state + "/builds", state + "/schedule", taxonomy.snapshots.path, taxonomy.documents.path]
        for folder in folders {
            for name in try FileSystem.sortedEntries(folder) where Self.isLeftover(name) {
                if mirrorBusy, folder == state, name.hasPrefix("." + taxonomy.mirror.lastPathComponent + ".") { continue }
                found.append(folder + "/" + name)
            }
        }
        return found
    }

    static func isLeftover(_ name: String) -> Bool {
        name.hasPrefix(AtomicFile.temporaryPrefix)
            || (name.hasPrefix(".") && (name.contains(".partial-") || name.contains(".damaged-")))
    }
}
