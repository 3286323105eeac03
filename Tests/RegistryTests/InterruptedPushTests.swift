import Foundation
import TestSupport
import Testing

import Glibc

/// A registry SIGKILLed in the middle of a push: the push fails, nothing is tagged, and
/// once the registry is back (on its storage) a rerun completes, sending only what is
/// missing. The test starts a registry of its own, so the shared one stays up.
@Suite(.enabled(if: TestRegistry.isAvailable, TestRegistry.skipReason))
struct InterruptedPushTests {
    @Test func aRegistryKilledMidPushLeavesNoTagAndTheRerunCompletes() async throws {
        try await withProjectFolder { directory in
            let nightly = try await SignedNightly.make(in: directory, megabytes: 32)
            let state = directory.appendingPathComponent("registry")
            defer { TestRegistry.stop(in: state) }
            let registry = try TestRegistry.start(in: state)
            let repository = "e2e/interrupted"
            let destination = "\(registry.address)/\(repository):nightly"

            // A short idle timeout: a request the dead registry never answers fails in seconds.
            let push = try await withModelbuildRunning(
                ["push", nightly.version, destination] + registry.login, in: nightly.folder,
                environment: registry.environment.merging(["MODELBUILD_REGISTRY_TIMEOUT": "5"]) { $1 }
            ) { _ in
                // Freeze the registry once it has taken a first blob, then kill it.
                let tookABlob = try await eventually { try registry.blobUploads(into: repository) >= 1 }
                #expect(tookABlob)
                kill(registry.pid, SIGSTOP)
                kill(registry.pid, SIGKILL)
            }
            #expect(push.status == 1, "the push should fail when the registry dies: \(push.standardOutput)\(push.standardError)")

            let restarted = try TestRegistry.start(in: state, keepingData: true)
            let tags = try await runProgram(
                "skopeo", ["list-tags"] + restarted.skopeoLogin + ["docker://\(restarted.address)/\(repository)"], in: directory)
            #expect(!tags.standardOutput.contains("\"nightly\""), "\(tags.standardOutput)\(tags.standardError)")

            let rerun = try await runModelbuild(
                ["push", nightly.version, "\(restarted.address)/\(repository):nightly", "--json"] + restarted.login,
                in: nightly.folder, environment: restarted.environment)
            #expect(rerun.status == 0, "\(rerun.standardError)")
            let report = try jsonObject(rerun)
            #expect((report["presentBlobs"] as? Int ?? 0) >= 1)
            let inspected = try await runProgram(
                "skopeo", ["inspect", "--raw"] + restarted.skopeoLogin + ["docker://\(restarted.address)/\(repository):nightly"],
                in: directory)
            #expect(inspected.status == 0, "\(inspected.standardError)")
            #expect(inspected.standardOutput.contains(nightly.version))
        }
    }
}
