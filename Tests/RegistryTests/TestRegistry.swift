import Foundation
import TestSupport
import Testing

import Glibc

/// The registry the tests push to: the one `scripts/registry-up` started (scripts/test and
/// CI start it and export its address and credentials). Tests that need it are enabled
/// only when its address is set; otherwise Swift Testing lists them as skipped, with the
/// reason.
struct TestRegistry: Sendable {
    /// `127.0.0.1:PORT`.
    var address: String
    var user: String
    var password: String
    /// The registry's log: one access-log line per request.
    var log: String
    /// The registry's process.
    var pid: pid_t

    /// The one scripts/test started, from its environment.
    static let shared: TestRegistry? = {
        let environment = ProcessInfo.processInfo.environment
        guard let address = environment["MODELBUILD_TEST_REGISTRY_ADDRESS"], let user = environment["MODELBUILD_TEST_REGISTRY_USER"],
            let password = environment["MODELBUILD_TEST_REGISTRY_PASSWORD"], let log = environment["MODELBUILD_TEST_REGISTRY_LOG"],
            let pid = environment["MODELBUILD_TEST_REGISTRY_PID"].flatMap({ pid_t($0) })
        else { return nil }
        return TestRegistry(address: address, user: user, password: password, log: log, pid: pid)
    }()

    static var isAvailable: Bool { shared != nil }

    static let skipReason = Comment(
        rawValue: ProcessInfo.processInfo.environment["MODELBUILD_TEST_REGISTRY_SKIPPED"].map { "no registry: \($0)" }
            ?? "no registry: scripts/test starts one (scripts/registry-up; or start it and export the lines of its env file)")

    /// Starts a registry of this test's own in `folder` (scripts/registry-up), keeping the
    /// storage of an earlier start there when `keepingData`.
    static func start(in folder: URL, keepingData: Bool = false) throws -> TestRegistry {
        let environment = ProcessInfo.processInfo.environment.merging(
            ["REGISTRY_CI_DIR": folder.path, "REGISTRY_CI_KEEP_DATA": keepingData ? "1" : "0"]) { $1 }
        let started = try SpawnedProcess.run(
            packageRoot.appendingPathComponent("scripts/registry-up").path, [], environment: environment)
        guard started.status == 0 else { throw ProcessFailure(description: started.standardOutput + started.standardError) }
        var values: [String: String] = [:]
        for line in try String(contentsOf: folder.appendingPathComponent("env"), encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        return TestRegistry(
            address: values["MODELBUILD_TEST_REGISTRY_ADDRESS"] ?? "", user: values["MODELBUILD_TEST_REGISTRY_USER"] ?? "",
            password: values["MODELBUILD_TEST_REGISTRY_PASSWORD"] ?? "", log: values["MODELBUILD_TEST_REGISTRY_LOG"] ?? "",
            pid: pid_t(values["MODELBUILD_TEST_REGISTRY_PID"] ?? "") ?? 0)
    }

    /// Stops a registry `start(in:)` started (scripts/registry-down, by its PID file).
    static func stop(in folder: URL) {
        _ = try? SpawnedProcess.run(
            packageRoot.appendingPathComponent("scripts/registry-down").path, [],
            environment: ProcessInfo.processInfo.environment.merging(["REGISTRY_CI_DIR": folder.path]) { $1 })
    }

    /// The access-log lines of completed blob uploads (`PUT …/blobs/uploads/…` answered 201)
    /// into `repository`.
    func blobUploads(into repository: String) throws -> Int {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter {
            $0.contains("\"PUT /v2/\(repository)/blobs/uploads/") && $0.contains("HTTP/1.1\" 201 ")
        }.count
    }

    /// `modelbuild` arguments that log in.
    var login: [String] { ["--username", user, "--insecure"] }
    /// The environment holding the password.
    var environment: [String: String] { ["MODELBUILD_REGISTRY_PASSWORD": password] }
    /// skopeo's credentials and no TLS.
    var skopeoLogin: [String] { ["--tls-verify=false", "--creds", "\(user):\(password)"] }
}

/// A project with one signed nightly, `files/weights/part-1…4.bin` (`megabytes` MiB each,
/// random) and `config.json`, signed with `k.key` (`k.key.pub` beside it).
struct SignedNightly {
    var folder: URL
    var version: String

    static func make(in directory: URL, megabytes: Int = 1) async throws -> SignedNightly {
        let folder = directory.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bytes = megabytes << 20
        try """
        version: 1
        model: {name: lab-model}
        executor: {workers: 1}
        stages:
          weights: {run: "for i in 1 2 3 4; do head -c \(bytes) /dev/urandom > $MODELBUILD_OUTPUT/part-$i.bin; done; echo '{}' > $MODELBUILD_OUTPUT/config.json"}
        builds:
          nightly: {version: "nightly-{date}"}
        """.write(to: folder.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
        let key = try await runModelbuild(["keys", "generate", "k.key"], in: folder)
        guard key.status == 0 else { throw ProcessFailure(description: key.standardError) }
        let build = try await runModelbuild(["build", "nightly", "--sign-key", "k.key"], in: folder)
        guard build.status == 0 else { throw ProcessFailure(description: build.standardOutput + build.standardError) }
        let builds = folder.appendingPathComponent("artifacts/lab-model/builds")
        let version = try #require(try FileManager.default.contentsOfDirectory(atPath: builds.path).first)
        return SignedNightly(folder: folder, version: version)
    }

    var publicKey: String { folder.appendingPathComponent("k.key.pub").path }
}

/// The JSON object a `--json` command printed.
func jsonObject(_ result: CommandResult) throws -> [String: Any] {
    try #require(
        try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any],
        "\(result.standardOutput)\(result.standardError)")
}
