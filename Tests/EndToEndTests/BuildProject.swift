import Foundation
import TestSupport
import Testing

/// A project folder for one end-to-end test of `modelbuild build`: its builds.yaml, the
/// stage scripts it runs, and what modelbuild leaves in `.modelbuild/`, read the way any
/// other program would read it (JSON files, no modelbuild library).
struct BuildProject {
    let directory: URL

    var stateDirectory: URL { directory.appendingPathComponent(".modelbuild") }
    var runsDirectory: URL { stateDirectory.appendingPathComponent("runs") }
    var storeDirectory: URL { stateDirectory.appendingPathComponent("store") }

    /// Writes `builds.yaml`; `{stage}` in the text becomes the path of ``stageScript``.
    func writeConfig(_ text: String) throws {
        let stage = try writeScript("stage.sh", Self.stageScript)
        try text.replacingOccurrences(of: "{stage}", with: stage)
            .write(to: directory.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
    }

    /// Writes an executable script into the project folder and returns its absolute path.
    @discardableResult
    func writeScript(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }

    /// A stage that behaves like a real one: `sh stage.sh NAME SECONDS` reads its inputs'
    /// `value` files (failing if one is missing, so it proves its needs were done), sleeps,
    /// and writes `value`: a checksum of its name and its inputs' values, in input order,
    /// so equal graphs give equal outputs.
    /// Sleeps `$2` seconds, or with `gate` waits until the project folder holds a file
    /// named `gate`, then writes a checksum of its name and its inputs' values.
    static let stageScript = #"""
        set -e
        out=$(sed -n 's/^  "output" : "\(.*\)",\{0,1\}$/\1/p' "$MODELBUILD_CONTEXT")
        inputs=$(sed -n '/^  "inputs" : {/,/^  }/s/^    "[^"]*" : "\(.*\)",\{0,1\}$/\1/p' "$MODELBUILD_CONTEXT")
        test -d "$out"
        values=$(for input in $inputs; do cat "$input/value"; done)
        if [ "$2" = gate ]; then
            while [ ! -e "$(dirname "$0")/gate" ]; do sleep 0.05; done
        else
            sleep "$2"
        fi
        printf '%s\n%s\n' "$1" "$values" | cksum > "$out/value"
        """#

    /// Runs `modelbuild build` with `arguments` in the project folder.
    func build(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandResult {
        try await runModelbuild(["build"] + arguments, in: directory, environment: environment)
    }

    /// Run ids, oldest first.
    func runIDs() throws -> [String] {
        guard FileManager.default.fileExists(atPath: runsDirectory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: runsDirectory.path)
            .filter { !$0.hasPrefix(".") }.sorted()
    }

    func journalFile(run id: String) -> URL {
        runsDirectory.appendingPathComponent(id).appendingPathComponent("journal.jsonl")
    }

    /// The journal of run `id`.
    func journal(run id: String) throws -> RunJournal {
        try RunJournal(runID: id, text: String(contentsOf: journalFile(run: id), encoding: .utf8))
    }

    /// The journal of the only run so far.
    func onlyJournal() throws -> RunJournal {
        let ids = try runIDs()
        try #require(ids.count == 1, "expected one run, found \(ids)")
        return try journal(run: ids[0])
    }

    /// Waits (up to `limit`, a hang guard: a loaded two-core machine running the whole
    /// suite has needed more than a minute) until the newest run's journal satisfies
    /// `condition`, and returns it. Lines still being written are left out until complete.
    func waitForJournal(
        limit: Duration = .seconds(300), until condition: (RunJournal) -> Bool
    ) async throws -> RunJournal {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while clock.now < deadline {
            if let id = try runIDs().last,
                let text = try? String(contentsOf: journalFile(run: id), encoding: .utf8),
                let journal = try? RunJournal(runID: id, text: text, completeLinesOnly: true),
                condition(journal)
            {
                return journal
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw ProcessFailure(description: "the journal did not reach the awaited state in \(limit)")
    }

    /// The relative path → SHA-256 of every file the store holds for `key`.
    func storedFiles(key: String) throws -> [String: String] {
        let url = storeDirectory.appendingPathComponent("entries").appendingPathComponent(key + ".json")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let files = try #require(object["files"] as? [String: [String: Any]])
        return try files.mapValues { try #require($0["sha256"] as? String) }
    }

    /// The content of the store's blob `sha256`.
    func storedText(_ sha256: String?) throws -> String {
        let blob = storeDirectory.appendingPathComponent("blobs/sha256").appendingPathComponent(try #require(sha256))
        return try String(contentsOf: blob, encoding: .utf8)
    }

    /// Every regular file under `.modelbuild/`, as absolute paths.
    func stateFiles() -> [String] {
        let enumerator = FileManager.default.enumerator(
            at: stateDirectory, includingPropertiesForKeys: [.isRegularFileKey])
        var files: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                files.append(url.path)
            }
        }
        return files
    }
}

/// Runs `body` with a fresh project folder, removed afterwards (read-only store trees
/// included).
func withBuildProject<T>(_ body: (BuildProject) async throws -> T) async throws -> T {
    try await withTemporaryDirectory { directory in
        defer { _ = try? runProgramSynchronously("chmod", ["-R", "u+w", directory.path]) }
        return try await body(BuildProject(directory: directory))
    }
}

private func runProgramSynchronously(_ program: String, _ arguments: [String]) throws -> ProcessOutput {
    try SpawnedProcess.run(program, arguments, environment: ["PATH": "/usr/bin:/bin"])
}
