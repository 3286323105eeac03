import Foundation
import TestSupport
import Testing
@testable import BuildConfiguration

/// The plugin folder's digest: what changes it, what does not, and what it refuses.
@Suite struct PluginDigestTests {
    private func digest(_ fixture: PluginFixture) throws -> String {
        try PluginFolderDigest.compute(folder: fixture.folder)
    }

    @Test func theSameFolderHasTheSameDigest() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try PluginFixture(in: root, name: "scan", manifest: manifestText())
            let first = try digest(fixture)
            #expect(first.hasPrefix("sha256:"))
            #expect(first.count == "sha256:".count + 64)
            #expect(try digest(fixture) == first)
        }
    }

    @Test func editingAddingOrRenamingAFileChangesIt() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try PluginFixture(in: root, name: "scan", manifest: manifestText())
            var seen = [try digest(fixture)]
            try fixture.write("run.sh", "#!/bin/sh\nexit 1\n", mode: 0o755)
            seen.append(try digest(fixture))
            try fixture.write("lib/helpers.sh", "true\n")
            seen.append(try digest(fixture))
            try FileManager.default.moveItem(
                at: fixture.folder.appendingPathComponent("lib/helpers.sh"),
                to: fixture.folder.appendingPathComponent("lib/other.sh"))
            seen.append(try digest(fixture))
            #expect(Set(seen).count == seen.count, "every change gives a new digest: \(seen)")
        }
    }

    @Test func theExecutableBitIsPartOfIt() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try PluginFixture(in: root, name: "scan", manifest: manifestText())
            let executable = try digest(fixture)
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o644], ofItemAtPath: fixture.folder.appendingPathComponent("run.sh").path)
            #expect(try digest(fixture) != executable)
        }
    }

    @Test func pythonCachesAndEmptyFoldersDoNotCount() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try PluginFixture(in: root, name: "scan", manifest: manifestText())
            let before = try digest(fixture)
            try fixture.write("__pycache__/scan.cpython-311.pyc", "compiled")
            try fixture.write("lib/old.pyc", "compiled")
            try FileManager.default.createDirectory(
                at: fixture.folder.appendingPathComponent("empty"), withIntermediateDirectories: true)
            #expect(try digest(fixture) == before)
        }
    }

    @Test func symbolicLinksAreRefused() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try PluginFixture(in: root, name: "scan", manifest: manifestText())
            try FileManager.default.createSymbolicLink(
                atPath: fixture.folder.appendingPathComponent("shared.sh").path, withDestinationPath: "/bin/sh")
            #expect(throws: PluginDigestError(
                path: "shared.sh", reason: "is a symbolic link; plugin folders hold real files (copy the file in)")
            ) { try digest(fixture) }
            let plugin = try #require(fixture.catalog["scan"])
            #expect(plugin.hasErrors)
            #expect(plugin.digest == nil)
            #expect(
                plugin.diagnostics.map(\.description) == [
                    "plugins/scan/plugin.yaml:1:1: error: plugins/scan/shared.sh is a symbolic link; plugin folders hold real files (copy the file in)"
                ])
        }
    }

    @Test func aChangedDigestReadsAsPluginDigestChanged() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try PluginFixture(in: root, name: "scan", manifest: manifestText())
            let before = CacheKeyIngredients(implementation: "plugin scan@\(try digest(fixture))", params: ["level": .integer(1)])
            try fixture.write("run.sh", "#!/bin/sh\necho changed\n", mode: 0o755)
            let after = CacheKeyIngredients(implementation: "plugin scan@\(try digest(fixture))", params: ["level": .integer(1)])
            #expect(before.key != after.key)
            #expect(KeyChange.explain(from: before, to: after) == ["plugin digest changed"])
        }
    }
}
