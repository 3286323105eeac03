import Foundation
import TestSupport
import Testing

/// Issue #13 item 3: with `executor.user`, stages run as another account than modelbuild
/// (root), so they can touch neither their input copies, nor the store, nor modelbuild's
/// own process. Real builds, real `setpriv`, the machine's real `nobody` account.
@Suite(.enabled(if: geteuid() == 0, "executor.user needs modelbuild to run as root; these tests do not"))
struct StageUserTests {
    /// A stage that records who it runs as and what it could do to what is not its own.
    static let intruder = #"""
        input=$(sed -n 's/^    "producer" : "\(.*\)",\{0,1\}$/\1/p' "$MODELBUILD_CONTEXT")
        test -f "$input/value" || exit 3
        id -u > "$MODELBUILD_OUTPUT/uid"
        attempt() { if "$@" 2>/dev/null; then echo allowed; else echo refused; fi; }
        attempt chmod u+w "$input/value" > "$MODELBUILD_OUTPUT/chmod-input"
        attempt sh -c "echo EVIL >> '$input/value'" > "$MODELBUILD_OUTPUT/append-input"
        attempt touch "$MODELBUILD_PROJECT/.modelbuild/store/planted" > "$MODELBUILD_OUTPUT/write-store"
        attempt cat "/proc/$PPID/environ" > "$MODELBUILD_OUTPUT/read-environ"
        """#

    static func config(intruder: String) -> String {
        """
        version: 1
        model: {name: lab-model}
        executor: {user: nobody}
        stages:
          producer: {run: [sh, "{stage}", producer, "0"]}
          intruder: {run: [sh, "\(intruder)"], needs: [producer]}
        builds:
          nightly: {}
        """
    }

    @Test func aStageRunsAsTheAccountAndCanTouchNothingItDoesNotOwn() async throws {
        try await withBuildProject { project in
            try project.writeConfig(Self.config(intruder: try project.writeScript("intruder.sh", Self.intruder)))
            let result = try await project.build(["nightly"])
            #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
            let version = try #require(try project.publishedVersions().last)
            let published = { (file: String) in
                try project.publishedText(version: version, file: "intruder/" + file)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            #expect(try published("uid") == "65534")
            #expect(try published("chmod-input") == "refused")
            #expect(try published("append-input") == "refused")
            #expect(try published("write-store") == "refused")
            #expect(try published("read-environ") == "refused")
            #expect(!FileManager.default.fileExists(atPath: project.storeDirectory.appendingPathComponent("planted").path))
            #expect(try !project.publishedText(version: version, file: "producer/value").contains("EVIL"))
        }
    }

    @Test func aProjectTheAccountCannotReachIsRefusedNamingTheFolder() async throws {
        try await withBuildProject { project in
            try project.writeConfig(Self.config(intruder: try project.writeScript("intruder.sh", Self.intruder)))
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: project.directory.path)
            let result = try await project.build(["nightly"])
            #expect(result.status != 0)
            let said = result.standardOutput + result.standardError
            #expect(said.contains("nobody cannot pass through \(project.directory.path)"), "\(said)")
            #expect(said.contains("chmod o+x"), "\(said)")
        }
    }

    @Test func anUnknownAccountIsRefusedBeforeAnyStageRuns() async throws {
        try await withBuildProject { project in
            try project.writeConfig(
                Self.config(intruder: try project.writeScript("intruder.sh", Self.intruder))
                    .replacingOccurrences(of: "user: nobody", with: "user: no-such-account"))
            let result = try await project.build(["nightly"])
            #expect(result.status == 1)
            #expect(result.standardError.contains("there is no account \"no-such-account\""), "\(result.standardError)")
            #expect(try project.runIDs().isEmpty || project.onlyJournal().first("job.started", job: "producer") == nil)
        }
    }
}
