import Foundation
import TestSupport
import Testing

import Glibc

/// builds.yaml's `publish: {registries: […]}`: a build pushes what it publishes; a failed
/// push leaves the version published, is recorded, and `push --pending` completes it.
@Suite(.enabled(if: TestRegistry.isAvailable, TestRegistry.skipReason))
struct PublishToRegistryTests {
    @Test func aFailedPushIsPendingAndPushPendingCompletesIt() async throws {
        let registry = try #require(TestRegistry.shared)
        try await withProjectFolder { directory in
            let project = directory.appendingPathComponent("project")
            try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
            let repository = "e2e/published-\(getpid())"
            try """
            version: 1
            model: {name: lab-model}
            executor: {workers: 1}
            stages:
              weights: {run: "head -c 4096 /dev/urandom > $MODELBUILD_OUTPUT/model.bin"}
            builds:
              nightly: {version: "nightly-{date}"}
              release: {version: semver, sign: false}
            publish:
              registries:
                - {url: "\(registry.address)", repository: \(repository), username: \(registry.user), password_env: LAB_REGISTRY_TOKEN, insecure: true}
            """.write(to: project.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)

            let build = try await runModelbuild(
                ["build", "nightly"], in: project, environment: ["LAB_REGISTRY_TOKEN": registry.password + "wrong"])
            let said = build.standardOutput + build.standardError
            #expect(build.status == 0, "\(said)")
            #expect(said.contains("recorded as pending"), "\(said)")
            let builds = project.appendingPathComponent("artifacts/lab-model/builds")
            let version = try #require(try FileManager.default.contentsOfDirectory(atPath: builds.path).first)
            #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent(".modelbuild/registry-pending.json").path))

            let stillWrong = try await runModelbuild(
                ["push", "--pending"], in: project, environment: ["LAB_REGISTRY_TOKEN": registry.password + "wrong"])
            #expect(stillWrong.status == 1, "\(stillWrong.standardOutput)")

            let retried = try await runModelbuild(
                ["push", "--pending"], in: project, environment: ["LAB_REGISTRY_TOKEN": registry.password])
            #expect(retried.status == 0, "\(retried.standardOutput)\(retried.standardError)")
            #expect(retried.standardOutput.contains("pushed \(version)"))
            #expect(!FileManager.default.fileExists(atPath: project.appendingPathComponent(".modelbuild/registry-pending.json").path))

            let tags = try await runProgram(
                "skopeo", ["list-tags"] + registry.skopeoLogin + ["docker://\(registry.address)/\(repository)"], in: directory)
            #expect(tags.standardOutput.contains("\"\(version)\""), "\(tags.standardOutput)\(tags.standardError)")
            #expect(tags.standardOutput.contains("\"nightly\""))
            let nothing = try await runModelbuild(["push", "--pending"], in: project)
            #expect(nothing.standardOutput.contains("nothing pending"))

            // A release promoted from that nightly: its version and the release tag.
            let release = try await runModelbuild(
                ["release", "1.0.0", "--from", version], in: project, environment: ["LAB_REGISTRY_TOKEN": registry.password])
            #expect(release.status == 0, "\(release.standardOutput)\(release.standardError)")
            let after = try await runProgram(
                "skopeo", ["list-tags"] + registry.skopeoLogin + ["docker://\(registry.address)/\(repository)"], in: directory)
            #expect(after.standardOutput.contains("\"1.0.0\""), "\(after.standardOutput)\(release.standardOutput)\(release.standardError)")
            #expect(after.standardOutput.contains("\"release\""))
        }
    }
}
