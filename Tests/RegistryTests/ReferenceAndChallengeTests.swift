import Testing

@testable import Registry

/// References as push and pull take them, and the registry challenges the client answers.
@Suite struct ReferenceAndChallengeTests {
    @Test func referencesSplitIntoRegistryRepositoryAndTagOrDigest() throws {
        let tagged = try RegistryReference(parsing: "127.0.0.1:5000/lab/model:nightly")
        #expect(tagged == RegistryReference(registry: "127.0.0.1:5000", repository: "lab/model", reference: "nightly"))
        #expect(tagged.isLoopback)
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let pinned = try RegistryReference(parsing: "registry.example.com/team/model@" + digest)
        #expect(pinned.reference == digest)
        #expect(!pinned.isLoopback)
        #expect(pinned.description == "registry.example.com/team/model@" + digest)
        #expect(try RegistryReference(parsing: "localhost:5000/m").reference == nil)
        #expect(try RegistryReference(parsing: "[::1]:5000/m").isLoopback)
    }

    @Test(arguments: ["lab/model", "127.0.0.1:5000/Lab/model", "127.0.0.1:5000/lab//model", "host/m:-bad", "host/m@sha256:12"])
    func malformedReferencesAreUsageErrors(_ text: String) {
        #expect(throws: RegistryError.self) { try RegistryReference(parsing: text) }
    }

    @Test func challengesAreParsed() throws {
        let bearer = try #require(
            AuthenticationChallenge(
                header: #"Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:lab/model:pull,push""#))
        #expect(bearer.scheme == "bearer")
        #expect(bearer.parameters["realm"] == "https://auth.example.com/token")
        #expect(bearer.parameters["service"] == "registry.example.com")
        #expect(bearer.parameters["scope"] == "repository:lab/model:pull,push")
        let basic = try #require(AuthenticationChallenge(header: #"Basic realm="modelbuild-test""#))
        #expect(basic.scheme == "basic")
        #expect(basic.parameters["realm"] == "modelbuild-test")
        #expect(AuthenticationChallenge(header: "") == nil)
    }
}
