import Foundation
import TestSupport
import Testing

import Glibc

/// A registry that dies (SIGKILL) or stops answering (SIGSTOP) in the middle of a push with
/// several blobs in flight: the push ends with an error naming the registry, nothing is
/// tagged, and once the registry is back a rerun completes, sending only the blobs still
/// missing. Each test starts a registry of its own, so the shared one stays up.
@Suite(.enabled(if: TestRegistry.isAvailable, TestRegistry.skipReason))
struct InterruptedPushTests {
    /// Four blobs at a time, and a registry silent for 3 s is given up on.
    static let environment = ["MODELBUILD_REGISTRY_UPLOADS": "4", "MODELBUILD_REGISTRY_TIMEOUT": "3"]

    @Test func aRegistryKilledMidPushEndsThePushAndTheRerunSendsOnlyWhatIsMissing() async throws {
        try await withProjectFolder { directory in
            let nightly = try await SignedNightly.make(in: directory, megabytes: 32)
            let state = directory.appendingPathComponent("registry")
            defer { TestRegistry.stop(in: state) }
            var registry = try TestRegistry.start(in: state)
            var repository = ""
            var sentBeforeTheKill = 0
            var push: CommandResult
            var tries = 0
            // Once the registry has taken two blobs, the large files are in flight, in 1 MiB
            // chunks. A push that still ended before the kill landed (this test starved of
            // a core for longer than the upload took) interrupted nothing: it is tried
            // again into a new repository, at most three times.
            repeat {
                tries += 1
                repository = "e2e/killed-\(tries)"
                push = try await pushUntilEnded(
                    nightly, to: registry, repository: repository, afterBlobs: 2,
                    environment: ["MODELBUILD_REGISTRY_CHUNK_MIB": "1"]
                ) { [registry, repository] in
                    kill(registry.pid, SIGKILL)
                    sentBeforeTheKill = try registry.blobUploads(into: repository)
                }
                if push.status == 0 { registry = try TestRegistry.start(in: state, keepingData: true) }
            } while push.status == 0 && tries < 3
            #expect(push.status == 1, "\(push.standardOutput)\(push.standardError)")
            #expect(push.standardError.contains("http://\(registry.address)"), "the error names the registry: \(push.standardError)")

            let restarted = try TestRegistry.start(in: state, keepingData: true)
            try await expectNoTag(repository, in: restarted, directory: directory)
            try await expectTheRerunSendsOnlyWhatIsMissing(
                nightly, to: restarted, repository: repository, presentAtLeast: sentBeforeTheKill, directory: directory)
        }
    }

    @Test func aStoppedRegistryEndsThePushWithATimeoutAndTheRerunSendsOnlyWhatIsMissing() async throws {
        try await withProjectFolder { directory in
            let nightly = try await SignedNightly.make(in: directory, megabytes: 32)
            let state = directory.appendingPathComponent("registry")
            defer { TestRegistry.stop(in: state) }
            let registry = try TestRegistry.start(in: state)
            defer { kill(registry.pid, SIGCONT) }
            let repository = "e2e/stopped"
            var sentBeforeTheStop = 0
            // One blob at a time, in 1 MiB chunks: after the first (small) blob, 128 requests
            // remain, so the stop lands mid-push however late this test gets to send it.
            let slow = ["MODELBUILD_REGISTRY_UPLOADS": "1", "MODELBUILD_REGISTRY_CHUNK_MIB": "1"]
            let push = try await pushUntilEnded(
                nightly, to: registry, repository: repository, afterBlobs: 1, environment: slow
            ) {
                kill(registry.pid, SIGSTOP)
                sentBeforeTheStop = try registry.blobUploads(into: repository)
            }
            #expect(push.status == 1, "\(push.standardOutput)\(push.standardError)")
            #expect(
                push.standardError.contains("the registry at http://\(registry.address) sent nothing and took nothing for 3 s"),
                "\(push.standardError)")
            #expect(push.standardError.contains("MODELBUILD_REGISTRY_TIMEOUT"))

            kill(registry.pid, SIGCONT)
            try await expectNoTag(repository, in: registry, directory: directory)
            try await expectTheRerunSendsOnlyWhatIsMissing(
                nightly, to: registry, repository: repository, presentAtLeast: sentBeforeTheStop, directory: directory)
        }
    }

    /// Runs a push of `nightly` into `repository`, calls `interrupt` once the registry has
    /// taken `afterBlobs` blobs, and returns once the push has ended. A push still running after
    /// 2 minutes has hung: it is killed and the test fails (a hang guard, not a timing
    /// assertion; the registry's silence is given up on after 3 s).
    private func pushUntilEnded(
        _ nightly: SignedNightly, to registry: TestRegistry, repository: String, afterBlobs: Int,
        environment: [String: String] = [:], interrupt: () throws -> Void
    ) async throws -> CommandResult {
        try await withModelbuildRunning(
            ["push", nightly.version, "\(registry.address)/\(repository):nightly"] + registry.login, in: nightly.folder,
            environment: registry.environment.merging(Self.environment) { $1 }.merging(environment) { $1 }
        ) { push in
            let tookABlob = try await eventually { try registry.blobUploads(into: repository) >= afterBlobs }
            #expect(tookABlob)
            try interrupt()
            let ended = try await eventually(timeout: .seconds(120)) { !ProcessTable.isRunning(push.pid) }
            if !ended {
                throw ProcessFailure(description: "the push hung after the registry was interrupted: \(push.errors)")
            }
        }
    }

    private func expectNoTag(_ repository: String, in registry: TestRegistry, directory: URL) async throws {
        let tags = try await runProgram(
            "skopeo", ["list-tags"] + registry.skopeoLogin + ["docker://\(registry.address)/\(repository)"], in: directory)
        #expect(!tags.standardOutput.contains("\"nightly\""), "\(tags.standardOutput)\(tags.standardError)")
    }

    /// A rerun completes; the blobs it sends (counted in the registry's log) are exactly the
    /// ones it did not find there, which include the `presentAtLeast` the first push
    /// completed; every blob of the artifact is either; a third push sends nothing.
    private func expectTheRerunSendsOnlyWhatIsMissing(
        _ nightly: SignedNightly, to registry: TestRegistry, repository: String, presentAtLeast: Int, directory: URL
    ) async throws {
        let destination = "\(registry.address)/\(repository):nightly"
        let uploadsBefore = try registry.blobUploads(into: repository)
        let rerun = try await runModelbuild(
            ["push", nightly.version, destination, "--json"] + registry.login, in: nightly.folder,
            environment: registry.environment.merging(Self.environment) { $1 })
        #expect(rerun.status == 0, "\(rerun.standardError)")
        let report = try jsonObject(rerun)
        let present = try #require(report["presentBlobs"] as? Int)
        let uploaded = try #require(report["uploadedBlobs"] as? Int)
        #expect(present >= max(presentAtLeast, 1))
        #expect(try registry.blobUploads(into: repository) - uploadsBefore == uploaded)

        let again = try jsonObject(
            try await runModelbuild(
                ["push", nightly.version, destination, "--json"] + registry.login, in: nightly.folder,
                environment: registry.environment))
        #expect(again["uploadedBytes"] as? Int == 0)
        #expect(again["presentBlobs"] as? Int == present + uploaded)

        let inspected = try await runProgram(
            "skopeo", ["inspect", "--raw"] + registry.skopeoLogin + ["docker://\(destination)"], in: directory)
        #expect(inspected.status == 0, "\(inspected.standardError)")
        #expect(inspected.standardOutput.contains(nightly.version))
    }
}
