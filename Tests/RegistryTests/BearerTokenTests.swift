import Foundation
import TestSupport
import Testing

import Glibc

@testable import Registry

/// `modelbuild push` and `pull` through the bearer-token flow of a real distribution
/// registry with `auth: token` (scripts/token-registry-up, started by each test): 401 with
/// `WWW-Authenticate: Bearer realm=…,service=…,scope=…`, the credentials sent to the
/// realm, the token it signs, the request again with `Authorization: Bearer`.
@Suite(.enabled(if: TokenRegistry.isAvailable, TokenRegistry.skipReason))
struct BearerTokenTests {
    /// A signed nightly pushed and pulled back through tokens: the registry accepts them
    /// (it checks the issuer's signature, the audience, the expiry and the scopes), the
    /// pulled folder verifies, a mount from another repository asks for that repository's
    /// pull scope too, and a token is fetched once per scope, not once per request.
    @Test func pushAndPullGoThroughTheTokenService() async throws {
        try await withProjectFolder { directory in
            let nightly = try await SignedNightly.make(in: directory)
            try await TokenRegistry.withRunning(in: directory.appendingPathComponent("token-registry")) { server in
                let registry = server.registry
                let repository = "bearer/model"
                let destination = "\(registry.address)/\(repository):nightly"

                let pushed = try await runModelbuild(
                    ["push", nightly.version, destination, "--json"] + registry.login, in: nightly.folder,
                    environment: registry.environment)
                #expect(pushed.status == 0, "\(pushed.standardError)")
                let report = try jsonObject(pushed)
                let uploaded = try #require(report["uploadedBlobs"] as? Int)
                #expect(uploaded >= 6)
                #expect(try registry.blobUploads(into: repository) == uploaded)
                let pushTokens = try server.tokenRequests()
                #expect(pushTokens.allSatisfy { $0.status == 200 && $0.user == registry.user }, "\(pushTokens)")
                // The first challenge asks to pull, the first upload to push: two tokens for
                // the whole push, each scope a parameter of its own.
                #expect(pushTokens.count <= 2, "\(pushTokens)")
                #expect(pushTokens.last?.scopes == ["repository:\(repository):pull,push"], "\(pushTokens)")
                // skopeo, the independent client, reads it through the same token service.
                let inspected = try await runProgram(
                    "skopeo", ["inspect", "--raw"] + registry.skopeoLogin + ["docker://" + destination], in: directory)
                #expect(inspected.status == 0, "\(inspected.standardError)")
                #expect(inspected.standardOutput.contains("application/vnd.modelbuild.model.v1"), "\(inspected.standardOutput)")

                let requestsBeforePull = try server.tokenRequests().count
                let pulledFolder = directory.appendingPathComponent("pulled").path
                let pulled = try await runModelbuild(
                    ["pull", destination, pulledFolder, "--key", nightly.publicKey] + registry.login, in: directory,
                    environment: registry.environment)
                #expect(pulled.status == 0, "\(pulled.standardError)")
                let verified = try await runModelbuild(["verify", pulledFolder, "--key", nightly.publicKey], in: directory)
                #expect(verified.status == 0, "\(verified.standardOutput)\(verified.standardError)")
                let pullTokens = try server.tokenRequests().dropFirst(requestsBeforePull)
                #expect(pullTokens.count == 1, "\(pullTokens)")
                #expect(pullTokens.first?.scopes == ["repository:\(repository):pull"], "\(pullTokens)")

                let copy = "bearer/copy"
                let mounted = try await runModelbuild(
                    ["push", nightly.version, "\(registry.address)/\(copy):nightly", "--mount-from", repository, "--json"]
                        + registry.login, in: nightly.folder, environment: registry.environment)
                #expect(mounted.status == 0, "\(mounted.standardError)")
                let mount = try jsonObject(mounted)
                #expect(mount["uploadedBytes"] as? Int == 0)
                #expect(mount["mountedBlobs"] as? Int == uploaded)
                #expect(try registry.blobUploads(into: copy) == 0)
                let mountTokens = try server.tokenRequests().dropFirst(requestsBeforePull + pullTokens.count)
                #expect(
                    mountTokens.contains {
                        Set($0.scopes) == ["repository:\(copy):pull,push", "repository:\(repository):pull"]
                    }, "\(mountTokens)")
                #expect(mountTokens.count <= 3, "\(mountTokens)")
            }
        }
    }

    /// Eight requests challenged at once share one token: those challenged while it is
    /// being fetched wait for it, none goes out with the credentials meant for the token
    /// service, none fetches its own.
    @Test func requestsChallengedTogetherShareOneToken() async throws {
        try await withProjectFolder { directory in
            try await TokenRegistry.withRunning(in: directory.appendingPathComponent("token-registry")) { server in
                let registry = server.registry
                let client = try RegistryClient(
                    target: RegistryReference(parsing: "\(registry.address)/bearer/together"),
                    credentials: RegistryCredentials(username: registry.user, password: registry.password, source: "the test"),
                    insecure: true)
                let found = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<8 {
                        group.addTask { try await client.hasBlob("sha256:" + String(repeating: String(index), count: 64)) }
                    }
                    return try await group.reduce(into: [Bool]()) { $0.append($1) }
                }
                #expect(found == Array(repeating: false, count: 8))
                let tokens = try server.tokenRequests()
                #expect(tokens.count == 1, "\(tokens)")
                #expect(tokens.first?.scopes == ["repository:bearer/together:pull"], "\(tokens)")
            }
        }
    }

    /// A token service answering OAuth's `access_token` alone (no `token`) serves as well.
    @Test func anAccessTokenAloneIsATokenToo() async throws {
        try await withProjectFolder { directory in
            let nightly = try await SignedNightly.make(in: directory)
            try await TokenRegistry.withRunning(in: directory.appendingPathComponent("token-registry"), answer: "access_token") {
                server in
                let registry = server.registry
                let pushed = try await runModelbuild(
                    ["push", nightly.version, "\(registry.address)/bearer/oauth:nightly"] + registry.login, in: nightly.folder,
                    environment: registry.environment)
                #expect(pushed.status == 0, "\(pushed.standardError)")
                #expect(try registry.blobUploads(into: "bearer/oauth") >= 6)
                #expect(try server.tokenRequests().allSatisfy { $0.status == 200 })
            }
        }
    }

    /// A wrong password: the token service's 401 is reported as its refusal, naming the
    /// realm, the user and the variable, never the password; nothing reaches the registry
    /// but the challenged request.
    @Test func aWrongPasswordIsRefusedByTheTokenService() async throws {
        try await withProjectFolder { directory in
            let nightly = try await SignedNightly.make(in: directory)
            try await TokenRegistry.withRunning(in: directory.appendingPathComponent("token-registry")) { server in
                let registry = server.registry
                let wrong = registry.password + "x"
                let result = try await runModelbuild(
                    ["push", nightly.version, "\(registry.address)/bearer/refused"] + registry.login, in: nightly.folder,
                    environment: ["MODELBUILD_REGISTRY_PASSWORD": wrong])
                #expect(result.status == 1)
                #expect(
                    result.standardError.contains("\(server.realm): the token service refused user \(registry.user) (HTTP 401"),
                    "\(result.standardError)")
                #expect(result.standardError.contains("$MODELBUILD_REGISTRY_PASSWORD"), "\(result.standardError)")
                #expect(!result.standardError.contains(wrong))
                #expect(try server.tokenRequests().map(\.status) == [401])
                #expect(try registry.blobUploads(into: "bearer/refused") == 0)
            }
        }
    }
}
