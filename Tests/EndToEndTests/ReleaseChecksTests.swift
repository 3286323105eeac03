import Foundation
import TestSupport
import Testing

/// `release` as a maintainer meets it on a first day: the key `keys generate` wrote is the
/// one it signs with, what can be checked without the network is checked before any fetch,
/// and every gate says its value and threshold, passed ones too.
@Suite(.serialized) struct ReleaseChecksTests {
    @Test func theDefaultKeySignsAndKeyAndVersionAreCheckedBeforeAnyFetch() async throws {
        try await withTemporaryDirectory { directory in
            let project = try NightlyBuildTests.makeProject(in: directory)
            let nightly = try await runModelbuild(["build", "nightly"], in: project)
            #expect(nightly.status == 0, "\(nightly.standardOutput)\(nightly.standardError)")
            let list = try await runModelbuild(["list", "--json"], in: project)
            let rows = try #require(
                try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
            let version = try #require(rows.first?["version"] as? String)

            // The taxonomy is gone from now on: a command that fetched would say so.
            let taxonomy = directory.appendingPathComponent("taxonomy")
            let moved = directory.appendingPathComponent("taxonomy-away")
            try FileManager.default.moveItem(at: taxonomy, to: moved)

            // No key yet: the error names where the default key would be, before any fetch.
            let keyless = try await runModelbuild(["release", "1.0.0", "--from", version], in: project)
            #expect(keyless.status == 1)
            #expect(keyless.standardError.contains("none at .modelbuild/keys/release.key"), "\(keyless.standardError)")
            #expect(keyless.standardError.contains("modelbuild keys generate"))
            #expect(!keyless.standardOutput.contains("promot"), "\(keyless.standardOutput)")
            #expect(!(keyless.standardOutput + keyless.standardError).contains("taxonomy"))

            // A key that cannot be read is refused, naming it, before any fetch.
            let garbage = project.appendingPathComponent("garbage.key")
            try "not a key\n".write(to: garbage, atomically: true, encoding: .utf8)
            let unreadable = try await runModelbuild(
                ["release", "1.0.0", "--from", version, "--sign-key", "garbage.key"], in: project)
            #expect(unreadable.status == 2)
            #expect(unreadable.standardError.contains("garbage.key"), "\(unreadable.standardError)")
            #expect(!unreadable.standardOutput.contains("promot"))

            // keys generate, run from a subfolder, writes the project's default key.
            let subfolder = project.appendingPathComponent("plugins")
            let generated = try await runModelbuild(["keys", "generate"], in: subfolder)
            #expect(generated.status == 0, "\(generated.standardError)")
            let key = project.appendingPathComponent(".modelbuild/keys/release.key")
            #expect(FileManager.default.fileExists(atPath: key.path), "\(generated.standardOutput)")
            #expect(FileManager.default.fileExists(atPath: key.path + ".pub"))
            let keyBytes = try Data(contentsOf: key)
            let twice = try await runModelbuild(["keys", "generate"], in: project)
            #expect(twice.status == 2)
            #expect(twice.standardError.contains("release.key exists already"), "\(twice.standardError)")
            #expect(try Data(contentsOf: key) == keyBytes)

            try FileManager.default.moveItem(at: moved, to: taxonomy)
            let released = try await runModelbuild(["release", "1.0.0", "--from", version], in: project)
            #expect(released.status == 0, "\(released.standardOutput)\(released.standardError)")
            #expect(released.standardOutput.contains("promoting it without rebuilding"))
            // Both gates print, passed: the threshold with its minimum, the regression
            // gate saying there is nothing to regress from.
            let gateLines = released.standardOutput.split(separator: "\n").filter { $0.contains("gate passed:") }
            #expect(gateLines.count == 2, "\(released.standardOutput)")
            #expect(gateLines.contains { $0.contains("evaluate.f1 = ") && $0.contains("at least the minimum 0.5") })
            #expect(gateLines.contains { $0.contains("no previous release to regress from") })
            let verified = try await runModelbuild(
                ["verify", "1.0.0", "--key", ".modelbuild/keys/release.key.pub"], in: project)
            #expect(verified.status == 0, "\(verified.standardOutput)")

            // A version that exists is refused before the taxonomy is fetched.
            try FileManager.default.moveItem(at: taxonomy, to: moved)
            let again = try await runModelbuild(["release", "1.0.0", "--from", version], in: project)
            #expect(again.status == 1)
            #expect(again.standardError.contains("1.0.0 is already published"), "\(again.standardError)")
            #expect(!again.standardOutput.contains("promot"), "\(again.standardOutput)")
            #expect(!(again.standardOutput + again.standardError).contains("taxonomy"))
            try FileManager.default.moveItem(at: moved, to: taxonomy)

            // Against a previous release, the regression gate prints both numbers.
            let next = try await runModelbuild(["release", "--bump", "patch", "--from", version], in: project)
            #expect(next.status == 0, "\(next.standardOutput)\(next.standardError)")
            #expect(next.standardOutput.contains("of the previous release 1.0.0"), "\(next.standardOutput)")
        }
    }
}

/// A scheduled build that signs finds the key `keys generate` wrote, as `build` does.
@Suite struct ScheduledSigningTests {
    @Test func aScheduledSigningBuildSignsWithTheDefaultKey() async throws {
        try await withTemporaryDirectory { directory in
            #expect(try await runModelbuild(["init", "lab"], in: directory).status == 0)
            let project = directory.appendingPathComponent("lab")
            let config = project.appendingPathComponent("builds.yaml")
            let text = try String(contentsOf: config, encoding: .utf8)
                .replacingOccurrences(of: "    keep: 14\n", with: "    keep: 14\n    sign: true\n")
            try text.write(to: config, atomically: true, encoding: .utf8)
            let now = ["MODELBUILD_SCHEDULE_NOW": "2026-11-27T02:00:10Z"]

            let keyless = try await runModelbuild(["schedule", "--once"], in: project, environment: now)
            #expect(keyless.status == 1)
            #expect(
                (keyless.standardOutput + keyless.standardError).contains("none at .modelbuild/keys/release.key"),
                "\(keyless.standardOutput)\(keyless.standardError)")

            #expect(try await runModelbuild(["keys", "generate"], in: project).status == 0)
            let signed = try await runModelbuild(
                ["schedule", "--once"], in: project, environment: ["MODELBUILD_SCHEDULE_NOW": "2026-11-28T02:00:10Z"])
            #expect(signed.status == 0, "\(signed.standardOutput)\(signed.standardError)")
            let list = try await runModelbuild(["list", "--json"], in: project)
            let rows = try #require(
                try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
            let version = try #require(rows.first?["version"] as? String)
            let verified = try await runModelbuild(
                ["verify", version, "--key", ".modelbuild/keys/release.key.pub"], in: project)
            #expect(verified.status == 0, "\(verified.standardOutput)")
            let signature = project.appendingPathComponent("artifacts/lab/builds/\(version)/manifest.sig.json")
            #expect(FileManager.default.fileExists(atPath: signature.path))
        }
    }

    /// A scheduled build runs a project script (`run: ./prep.sh`) as `build` does: from the
    /// project folder, not from the stage's work folder.
    @Test func aScheduledBuildRunsAProjectScript() async throws {
        try await withTemporaryDirectory { directory in
            let script = directory.appendingPathComponent("prep.sh")
            try "#!/bin/sh\necho prepared > \"$MODELBUILD_OUTPUT/prepared.txt\"\n".write(
                to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
            try """
                version: 1
                model: {name: lab-model}
                stages:
                  prep: {run: [./prep.sh]}
                builds:
                  nightly: {schedule: "0 2 * * *"}
                """.write(to: directory.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
            let ran = try await runModelbuild(
                ["schedule", "--once"], in: directory, environment: ["MODELBUILD_SCHEDULE_NOW": "2026-11-27T02:00:10Z"])
            #expect(ran.status == 0, "\(ran.standardOutput)\(ran.standardError)")
        }
    }
}
