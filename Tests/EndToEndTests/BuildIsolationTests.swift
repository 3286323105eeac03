import Foundation
import TestSupport
import Testing

import Glibc

/// What a stage can and cannot leave behind: only its output directory reaches the store,
/// and its secrets reach nothing under `.modelbuild/` but `***` in its log.
@Suite struct BuildIsolationTests {
    @Test func onlyTheOutputDirectoryReachesTheStore() async throws {
        try await withBuildProject { project in
            let temporary = project.directory.appendingPathComponent("tmp")
            try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
            let messy = try project.writeScript(
                "messy.sh",
                #"""
                set -e
                out=$(sed -n 's/^  "output" : "\(.*\)",\{0,1\}$/\1/p' "$MODELBUILD_CONTEXT")
                mkdir -p "$out/sub"
                echo kept > "$out/kept.txt"
                echo nested > "$out/sub/nested.txt"
                echo stray-in-work-dir > scratch.txt
                echo stray-in-tmpdir > "$TMPDIR/stray.txt"
                echo stray-beside-context > "$(dirname "$MODELBUILD_CONTEXT")/stray.txt"
                echo stray-beside-output > "$out/../stray.txt"
                echo original > "$TMPDIR/shared.txt"
                ln "$TMPDIR/shared.txt" "$out/linked.txt"
                """#)
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                stages:
                  messy: {run: [sh, "\(messy)"]}
                builds:
                  nightly: {}
                """)
            let result = try await project.build(["nightly"], environment: ["TMPDIR": temporary.path])
            #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
            #expect(FileManager.default.fileExists(atPath: temporary.appendingPathComponent("stray.txt").path))

            let journal = try project.onlyJournal()
            let key = try #require(journal.first("job.succeeded", job: "messy")?.cacheKey)
            let files = try project.storedFiles(key: key)
            #expect(Set(files.keys) == ["kept.txt", "linked.txt", "sub/nested.txt"])
            #expect(try project.storedText(files["kept.txt"]) == "kept\n")
            #expect(try project.storedText(files["sub/nested.txt"]) == "nested\n")
            // A file hard-linked in from outside was copied: changing it in place later does
            // not change what the store holds.
            let shared = try FileHandle(forWritingTo: temporary.appendingPathComponent("shared.txt"))
            try shared.truncate(atOffset: 0)
            try shared.write(contentsOf: Data("changed\n".utf8))
            try shared.close()
            #expect(try project.storedText(files["linked.txt"]) == "original\n")
            let entries = try FileManager.default.contentsOfDirectory(
                atPath: project.storeDirectory.appendingPathComponent("entries").path)
            #expect(entries == [key + ".json"])
            let blobs = try FileManager.default.contentsOfDirectory(
                atPath: project.storeDirectory.appendingPathComponent("blobs/sha256").path)
            #expect(Set(blobs) == Set(files.values))
        }
    }

    /// A dependant's inputs are its own read-only copies: root (or any owner, after a
    /// chmod) can write into them, and the store's blob stays as it was.
    @Test func aStageWritingIntoItsInputsDoesNotChangeTheStore() async throws {
        try await withBuildProject { project in
            let vandal = try project.writeScript(
                "vandal.sh",
                #"""
                input=$(sed -n 's/^    "producer" : "\(.*\)",\{0,1\}$/\1/p' "$MODELBUILD_CONTEXT")
                test -f "$input/value"
                echo vandalised > "$input/value" 2>/dev/null
                exit 0
                """#)
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                stages:
                  producer: {run: [sh, "{stage}", producer, "0"]}
                  vandal: {run: [sh, "\(vandal)"], needs: [producer]}
                builds:
                  nightly: {}
                """)
            let result = try await project.build(["nightly"])
            #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
            let journal = try project.onlyJournal()
            let key = try #require(journal.first("job.succeeded", job: "producer")?.cacheKey)
            let stored = try project.storedText(try project.storedFiles(key: key)["value"])
            #expect(stored != "vandalised\n")
        }
    }

    @Test func aSecretIsMaskedInTheLogAndWrittenNowhereUnderTheStateFolder() async throws {
        try await withBuildProject { project in
            let secret = "s3cret-" + UUID().uuidString
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                stages:
                  upload:
                    run: [sh, -c, 'echo "token $MODELBUILD_TEST_SECRET"; echo "also $MODELBUILD_TEST_SECRET" >&2; echo "::progress 0.5 using $MODELBUILD_TEST_SECRET"']
                    secrets: [MODELBUILD_TEST_SECRET]
                  plain: {run: [sh, -c, 'echo "plain sees [$MODELBUILD_TEST_SECRET]"']}
                builds:
                  nightly: {}
                """)
            let environment = ["MODELBUILD_TEST_SECRET": secret]
            let plain = try await project.build(["nightly", "--keep-contexts"], environment: environment)
            #expect(plain.status == 0, "\(plain.standardOutput)\(plain.standardError)")
            let json = try await project.build(["nightly", "--no-cache", "--json"], environment: environment)
            #expect(json.status == 0, "\(json.standardOutput)\(json.standardError)")

            for output in [plain.standardOutput, plain.standardError, json.standardOutput, json.standardError] {
                #expect(!output.contains(secret))
            }
            let files = project.stateFiles()
            #expect(files.contains { $0.hasSuffix("/journal.jsonl") })
            #expect(files.contains { $0.contains("/contexts/upload.1.json") })
            for file in files {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "the secret is in \(file)")
            }
            for run in try project.runIDs() {
                let logs = project.runsDirectory.appendingPathComponent(run).appendingPathComponent("logs")
                let log = try String(contentsOf: logs.appendingPathComponent("upload.1.log"), encoding: .utf8)
                #expect(log.split(separator: "\n").sorted() == ["::progress 0.5 using ***", "also ***", "token ***"])
                let progress = try project.journal(run: run).lines("job.progress")
                #expect(progress.count == 1, "the progress line reached the journal, masked")
                let other = try String(contentsOf: logs.appendingPathComponent("plain.1.log"), encoding: .utf8)
                #expect(other == "plain sees []\n", "a secret reaches only the stages that name it")
            }
        }
    }
}
