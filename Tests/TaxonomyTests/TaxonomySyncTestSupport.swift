import Foundation
import Git
import TestSupport

@testable import Taxonomy

/// A small leaf body; the text makes each blob distinct.
func leafText(_ text: String) -> String {
    "version: 3\ncreated_by: ada\ntask_description: \(text)\n"
}

extension GitFixture {
    /// Writes `<folder>/qna.yaml` and `<folder>/attribution.txt`.
    func writeLeaf(_ folder: String, _ text: String, attribution: String = "Title of work: test\n") throws {
        try write(folder + "/qna.yaml", leafText(text))
        try write(folder + "/attribution.txt", attribution)
    }

    /// Opens this fixture's repository with the Git module.
    func repository() throws -> Repository {
        try Repository(openingAt: directory)
    }

    /// The id of the object at `path` in `commit` (`git rev-parse commit:path`).
    func objectID(_ path: String, at commit: ObjectID) throws -> ObjectID {
        try id("\(commit.hex):\(path)")
    }

    /// Makes a pull request from a new branch with `change`, merged with a merge commit
    /// whose subject names pull request `number`; returns the merge commit.
    @discardableResult
    func mergePullRequest(
        _ number: Int, branch: String, _ change: (GitFixture) throws -> Void
    ) throws -> ObjectID {
        try git("checkout", "--quiet", "-b", branch)
        try change(self)
        try commitAll("Work on \(branch)")
        try git("checkout", "--quiet", "main")
        return try mergeNoFastForward(branch, message: "Merge pull request #\(number) from contributor/\(branch)\n\n\(branch)")
    }
}

/// Removes snapshots (read-only folders) inside `directory` before the temporary folder
/// is deleted, so cleanup works for users other than root too.
func removeSnapshots(in directory: URL) {
    let snapshots = directory.appendingPathComponent("snapshots")
    for name in (try? FileManager.default.contentsOfDirectory(atPath: snapshots.path)) ?? [] {
        TaxonomySnapshot.remove(snapshots.appendingPathComponent(name))
    }
}

/// Mode bits of a file or folder, without following a symlink.
func permissions(_ url: URL) -> mode_t {
    var status = stat()
    guard lstat(url.path, &status) == 0 else { return 0 }
    return status.st_mode & 0o7777
}
