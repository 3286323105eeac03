import Testing
import YAML
@testable import BuildConfiguration

/// `builds.<name>.trusted_keys`: the public keys `verify` accepts a build's signatures from.
@Suite struct TrustedKeysConfigTests {
    @Test func pathsAreReadWithWhereTheyWereWritten() throws {
        let loaded = try BuildConfigLoader(defaultWorkers: 2).load(
            Array(config(replacing: "  nightly:\n", with: "  nightly:\n    trusted_keys: [keys/a.pub, /etc/b.pub]\n").utf8),
            file: "builds.yaml")
        let keys = try #require(loaded.build(named: "nightly")).trustedKeys
        #expect(keys.map(\.path) == ["keys/a.pub", "/etc/b.pub"])
        #expect(keys[0].location.description == "builds.yaml:26:20")
        #expect(keys[0].resolved(relativeTo: "/project") == "/project/keys/a.pub")
        #expect(keys[1].resolved(relativeTo: "/project") == "/etc/b.pub")
        #expect(
            keys[0].diagnostic("cannot use it").description
                == "builds.yaml:26:20: error: builds.nightly.trusted_keys[0]: cannot use it")
    }

    @Test func badEntriesAreLocatedErrors() {
        #expect(
            messages(config(replacing: "  nightly:\n", with: "  nightly:\n    trusted_keys: [a.pub, a.pub]\n")) == [
                #"builds.yaml:26:27: error: builds.nightly.trusted_keys[1]: "a.pub" is listed twice"#
            ])
        #expect(
            messages(config(replacing: "  nightly:\n", with: "  nightly:\n    trusted_keys: a.pub\n")) == [
                "builds.yaml:26:19: error: builds.nightly.trusted_keys: expected a list, found a string"
            ])
    }
}
