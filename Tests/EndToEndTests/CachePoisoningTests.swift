import Foundation
import TestSupport
import Testing

/// Issue #13 item 1: nothing a stage does to its inputs or the taxonomy snapshot, and
/// nothing done to a published file, changes what the store serves or what a later build
/// publishes. Real hard links, real second builds, a stage running as the same user.
@Suite struct CachePoisoningTests {
    /// A stage that makes its input writable and appends to it.
    static let vandal = #"""
        input=$(sed -n 's/^    "producer" : "\(.*\)",\{0,1\}$/\1/p' "$MODELBUILD_CONTEXT")
        out=$(sed -n 's/^  "output" : "\(.*\)",\{0,1\}$/\1/p' "$MODELBUILD_CONTEXT")
        test -f "$input/value" || exit 3
        chmod u+w "$input" "$input/value"
        echo EVIL >> "$input/value"
        echo vandal > "$out/done"
        """#

    static func config(vandal: String) -> String {
        """
        version: 1
        model: {name: lab-model}
        stages:
          producer: {run: [sh, "{stage}", producer, "0"]}
          vandal: {run: [sh, "\(vandal)"], needs: [producer]}
        builds:
          nightly: {}
        """
    }

    @Test func aStageAppendingToItsInputChangesNeitherTheStoreNorAnyVersion() async throws {
        try await withBuildProject { project in
            try project.writeConfig(Self.config(vandal: try project.writeScript("vandal.sh", Self.vandal)))
            let first = try await project.build(["nightly"])
            #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
            let key = try #require(try project.onlyJournal().first("job.succeeded", job: "producer")?.cacheKey)
            let clean = try project.storedText(try project.storedFiles(key: key)["value"])
            #expect(!clean.contains("EVIL"), "the store's blob was changed through the stage's input")

            for rerun in [["nightly", "--force", "producer"], ["nightly", "--no-cache"], ["nightly"]] {
                let result = try await project.build(rerun)
                #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
            }
            #expect(try project.storedText(try project.storedFiles(key: key)["value"]) == clean)
            let versions = try project.publishedVersions()
            #expect(versions.count >= 3)
            for version in versions {
                let published = try project.publishedText(version: version, file: "producer/value")
                #expect(published == clean, "\(version) publishes the poisoned input")
            }
        }
    }

    @Test func aByteFlippedInAPublishedFileReachesNeitherTheStoreNorTheNextVersion() async throws {
        try await withBuildProject { project in
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                stages:
                  producer: {run: [sh, "{stage}", producer, "0"]}
                builds:
                  nightly: {}
                """)
            let first = try await project.build(["nightly"])
            #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
            let key = try #require(try project.onlyJournal().first("job.succeeded", job: "producer")?.cacheKey)
            let clean = try project.storedText(try project.storedFiles(key: key)["value"])
            let damaged = try #require(try project.publishedVersions().first)
            let file = project.publishedFile(version: damaged, file: "producer/value")
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
            var bytes = try Data(contentsOf: file)
            bytes[0] ^= 0x01
            let handle = try FileHandle(forWritingTo: file)
            try handle.write(contentsOf: bytes)
            try handle.close()

            #expect(try project.storedText(try project.storedFiles(key: key)["value"]) == clean)
            // Nothing changed, so only --force publishes again: from the store, not the damaged file.
            let second = try await project.build(["nightly", "--force"])
            #expect(second.status == 0, "\(second.standardOutput)\(second.standardError)")
            let latest = try #require(try project.publishedVersions().last)
            #expect(latest != damaged)
            #expect(try project.publishedText(version: latest, file: "producer/value") == clean)
            let verified = try await runModelbuild(["verify", latest], in: project.directory)
            #expect(verified.status == 0, "\(verified.standardOutput)\(verified.standardError)")
            let refused = try await runModelbuild(["verify", damaged], in: project.directory)
            #expect(refused.status != 0, "verify accepts the damaged version: \(refused.standardOutput)")
        }
    }

    /// `verify --store` rehashes every entry's blobs, names the damaged entry and removes
    /// it, so the next build reruns its stage.
    @Test func verifyStoreNamesAndRemovesADamagedEntry() async throws {
        try await withBuildProject { project in
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                stages:
                  producer: {run: [sh, "{stage}", producer, "0"]}
                  consumer: {run: [sh, "{stage}", consumer, "0"], needs: [producer]}
                builds:
                  nightly: {}
                """)
            let first = try await project.build(["nightly", "--no-publish"])
            #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
            let clean = try await runModelbuild(["verify", "--store"], in: project.directory)
            #expect(clean.status == 0, "\(clean.standardOutput)\(clean.standardError)")

            let key = try #require(try project.onlyJournal().first("job.succeeded", job: "producer")?.cacheKey)
            let blob = try #require(try project.storedFiles(key: key)["value"])
            let path = project.storeDirectory.appendingPathComponent("blobs/sha256/" + blob).path
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            try Data("tampered\n".utf8).write(to: URL(fileURLWithPath: path))

            let damaged = try await runModelbuild(["verify", "--store"], in: project.directory)
            #expect(damaged.status == 1, "\(damaged.standardOutput)\(damaged.standardError)")
            #expect(damaged.standardOutput.contains(key), "\(damaged.standardOutput)")
            #expect(damaged.standardOutput.contains("value"), "\(damaged.standardOutput)")
            #expect(!FileManager.default.fileExists(
                atPath: project.storeDirectory.appendingPathComponent("entries/\(key).json").path))

            let second = try await project.build(["nightly", "--no-publish"])
            #expect(second.status == 0, "\(second.standardOutput)\(second.standardError)")
            let rerun = try project.journal(run: try #require(try project.runIDs().last))
            #expect(rerun.first("job.succeeded", job: "producer") != nil, "the damaged stage reran")
            let again = try await runModelbuild(["verify", "--store"], in: project.directory)
            #expect(again.status == 0, "\(again.standardOutput)\(again.standardError)")
        }
    }

    /// A stage that appends to every `qna.yaml` of its snapshot changes neither what a
    /// later stage of the same build reads nor what the next build at that commit reads.
    @Test func aStageEditingTheSnapshotPoisonsNoOtherStageOrBuild() async throws {
        try await withBuildProject { project in
            let taxonomy = project.directory.appendingPathComponent("taxonomy")
            let made = try SpawnedProcess.run(
                packageRoot.appendingPathComponent("scripts/sample-taxonomy").path, [taxonomy.path],
                environment: ProcessInfo.processInfo.environment)
            try #require(made.status == 0, "\(made.standardError)")
            let snapshotPath = #"python3 -c 'import json, os; print(json.load(open(os.environ["MODELBUILD_CONTEXT"]))["taxonomy"]["path"])'"#
            let outputPath = #"python3 -c 'import json, os; print(json.load(open(os.environ["MODELBUILD_CONTEXT"]))["output"])'"#
            let vandal = try project.writeScript(
                "vandal.sh",
                """
                snapshot=$(\(snapshotPath))
                chmod -R u+w "$snapshot"
                find "$snapshot" -name qna.yaml -exec sh -c 'echo "# EVIL" >> "$1"' _ {} \\;
                echo done > "$(\(outputPath))/done"
                """)
            let reader = try project.writeScript(
                "reader.sh",
                """
                snapshot=$(\(snapshotPath))
                if grep -rq EVIL "$snapshot"; then echo poisoned; else echo clean; fi > "$(\(outputPath))/value"
                """)
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                taxonomy: {url: \(taxonomy.path)}
                stages:
                  vandal: {run: [sh, "\(vandal)"]}
                  reader: {run: [sh, "\(reader)"], needs: [vandal]}
                builds:
                  nightly: {}
                """)
            for arguments in [["nightly", "--no-publish"], ["nightly", "--no-publish", "--force", "reader"]] {
                let result = try await project.build(arguments)
                #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
                let journal = try project.journal(run: try #require(try project.runIDs().last))
                let key = try #require(journal.first("job.succeeded", job: "reader")?.cacheKey)
                #expect(try project.storedText(try project.storedFiles(key: key)["value"]) == "clean\n", "\(arguments)")
            }
        }
    }
}

extension BuildProject {
    var artifactsDirectory: URL { directory.appendingPathComponent("artifacts/lab-model") }

    /// Published version names, oldest first (by the order `builds/` sorts them).
    func publishedVersions() throws -> [String] {
        let builds = artifactsDirectory.appendingPathComponent("builds")
        guard FileManager.default.fileExists(atPath: builds.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: builds.path).filter { !$0.hasPrefix(".") }.sorted()
    }

    func publishedFile(version: String, file: String) -> URL {
        artifactsDirectory.appendingPathComponent("builds/\(version)/files/\(file)")
    }

    func publishedText(version: String, file: String) throws -> String {
        try String(contentsOf: publishedFile(version: version, file: file), encoding: .utf8)
    }
}
