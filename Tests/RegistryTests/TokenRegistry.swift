import Foundation
import TestSupport
import Testing

import Glibc

/// A registry with token authentication and its token service, both started by the test
/// that needs them (scripts/token-registry-up: docker-registry with `auth: token`, and
/// scripts/token-server) and stopped by their PIDs.
struct TokenRegistry: Sendable {
    /// The registry: address, the token service's user and password, access log, PID.
    var registry: TestRegistry
    /// `http://127.0.0.1:PORT/token`, the realm its challenges name.
    var realm: String
    /// The token service's log: one JSON line per token request.
    var tokenLog: String
    /// The token service's process.
    var tokenPID: pid_t

    /// What is missing for it, nil when it can run.
    static let missing: String? = {
        let absent = ["docker-registry", "openssl", "python3", "curl", "skopeo"].filter { !isInstalled($0) }
        return absent.isEmpty ? nil : absent.joined(separator: ", ") + " not installed (scripts/install-dependencies installs them)"
    }()

    static var isAvailable: Bool { missing == nil }
    static let skipReason = Comment(rawValue: "no token-auth registry: \(missing ?? "")")

    /// Starts both in `folder`, the token in the `answer` field(s) of the token service's
    /// JSON (`token`, `access_token` or `both`); `body` runs with them; both are stopped
    /// after, by PID.
    static func withRunning<T>(
        in folder: URL, answer: String = "both", _ body: (TokenRegistry) async throws -> T
    ) async throws -> T {
        let started = try SpawnedProcess.run(
            packageRoot.appendingPathComponent("scripts/token-registry-up").path, [],
            environment: ProcessInfo.processInfo.environment.merging(
                ["REGISTRY_CI_DIR": folder.path, "TOKEN_SERVER_ANSWER": answer]) { $1 })
        var values: [String: String] = [:]
        for line in ((try? String(contentsOf: folder.appendingPathComponent("env"), encoding: .utf8)) ?? "").split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        let pids = [values["MODELBUILD_TEST_REGISTRY_PID"], values["MODELBUILD_TEST_TOKEN_PID"]].compactMap { $0.flatMap { pid_t($0) } }
        defer { for pid in pids { stop(pid) } }
        guard started.status == 0, pids.count == 2 else {
            throw ProcessFailure(description: started.standardOutput + started.standardError)
        }
        let running = TokenRegistry(
            registry: TestRegistry(
                address: values["MODELBUILD_TEST_REGISTRY_ADDRESS"] ?? "", user: values["MODELBUILD_TEST_REGISTRY_USER"] ?? "",
                password: values["MODELBUILD_TEST_REGISTRY_PASSWORD"] ?? "", log: values["MODELBUILD_TEST_REGISTRY_LOG"] ?? "",
                pid: pids[0]),
            realm: values["MODELBUILD_TEST_TOKEN_REALM"] ?? "", tokenLog: values["MODELBUILD_TEST_TOKEN_LOG"] ?? "",
            tokenPID: pids[1])
        return try await body(running)
    }

    /// SIGTERM, then SIGKILL if it is still there after the hang guard.
    private static func stop(_ pid: pid_t) {
        kill(pid, SIGTERM)
        let giveUp = Date().addingTimeInterval(10)
        while ProcessTable.isRunning(pid), Date() < giveUp { usleep(10_000) }
        if ProcessTable.isRunning(pid) { kill(pid, SIGKILL) }
    }

    /// One token request, as the token service logged it.
    struct TokenRequest: Decodable {
        var user: String?
        var status: Int
        var scopes: [String]
    }

    /// The token requests so far.
    func tokenRequests() throws -> [TokenRequest] {
        try String(contentsOfFile: tokenLog, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(TokenRequest.self, from: Data($0.utf8))
        }
    }

    /// The registry's answers that were 401 (an access-log line per request).
    func challenges() throws -> Int {
        try String(contentsOfFile: registry.log, encoding: .utf8).split(separator: "\n").filter {
            $0.hasPrefix("127.0.0.1 - ") && $0.contains("\" 401 ")
        }.count
    }
}
