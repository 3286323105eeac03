import Foundation
import TestSupport
import Testing

/// Issue #13 item 9: what killed writers leave in `.modelbuild/` (temporary files of
/// atomic writes, partial clones of the taxonomy mirror, partial snapshots, store
/// temporaries) is removed by `prune`. The kills themselves fall between a temporary
/// file's creation and its rename, a window too short to hit on purpose, so the files are
/// laid down exactly as the writers name them.
@Suite struct LeftoverCleanupTests {
    @Test func pruneRemovesEveryLeftoverOfKilledWriters() async throws {
        try await withBuildProject { project in
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                stages:
                  a: {run: [sh, "{stage}", a, "0"]}
                builds:
                  nightly: {}
                """)
            let build = try await project.build(["nightly", "--no-publish"])
            #expect(build.status == 0, "\(build.standardOutput)\(build.standardError)")
            let state = project.stateDirectory.path
            let files = [
                state + "/.tmp-1a2b-keys.json", state + "/builds/.tmp-1a2b-nightly.json",
                state + "/.tmp-1a2b-taxonomy-sync.json", state + "/store/entries/.tmp-1a2b-k.json",
                state + "/store/tmp/blob-1a2b", state + "/.taxonomy.git.partial-0C1D/objects/pack/pack-1.pack",
                state + "/snapshots/.0123-v3.partial-0C1D/compositional_skills/qna.yaml",
            ]
            for file in files {
                try FileManager.default.createDirectory(
                    atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data("half".utf8).write(to: URL(fileURLWithPath: file))
            }
            // Snapshots are read-only trees.
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o555], ofItemAtPath: state + "/snapshots/.0123-v3.partial-0C1D/compositional_skills")

            let pruned = try await runModelbuild(["prune"], in: project.directory)
            #expect(pruned.status == 0, "\(pruned.standardOutput)\(pruned.standardError)")
            #expect(pruned.standardOutput.contains("7 leftovers removed"), "\(pruned.standardOutput)")
            let left = project.stateFiles().map { String($0.dropFirst(state.count)) }
                .filter { $0.contains("/.tmp-") || $0.contains(".partial-") || $0.hasPrefix("/store/tmp/") }
            #expect(left == [])
            for file in files { #expect(!FileManager.default.fileExists(atPath: file), "\(file)") }
            let again = try await project.build(["nightly", "--no-publish"])
            #expect(again.status == 0, "\(again.standardOutput)\(again.standardError)")
        }
    }
}
