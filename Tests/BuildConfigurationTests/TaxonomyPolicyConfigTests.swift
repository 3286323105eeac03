import Testing
@testable import BuildConfiguration

/// `taxonomy.on_invalid`, `exclude`, `mode` and `documents`: read, defaulted, and refused
/// with located messages.
@Suite struct TaxonomyPolicyConfigTests {
    static func taxonomy(_ extra: String) -> String {
        config(replacing: "  url: /srv/taxonomy.git", with: "  url: /srv/taxonomy.git\n" + extra)
    }

    @Test func theKeysAreRead() throws {
        let loaded = try load(
            Self.taxonomy(
                """
                  on_invalid: skip
                  exclude: [knowledge/legacy/**]
                  mode: ci
                  documents:
                    mirror: mirrors
                    rewrite: {"https://github.com/": /srv/github/}
                    credentials: {Git.Example.com: {password_env: DOCS_TOKEN}}
                """))
        let spec = try #require(loaded.taxonomy)
        #expect(spec.onInvalid == .skip)
        #expect(spec.exclude == ["knowledge/legacy/**"])
        #expect(spec.mode == .ci)
        #expect(spec.documents?.mirror == "mirrors")
        #expect(spec.documents?.rewrites == ["https://github.com/": "/srv/github/"])
        #expect(spec.documents?.credentials["git.example.com"]?.passwordVariable == "DOCS_TOKEN")
    }

    @Test func defaultsFailReleasesAndSkipNightlies() throws {
        let spec = try #require(try load(validConfig).taxonomy)
        #expect(spec.onInvalid == nil)
        #expect(spec.mode == .ilab)
        #expect(InvalidLeafPolicy.default(for: .release) == .fail)
        #expect(InvalidLeafPolicy.default(for: .nightly) == .skip)
    }

    @Test func badValuesAreLocated() {
        #expect(
            messages(Self.taxonomy("  on_invalid: ignore")) == [
                #"builds.yaml:7:15: error: taxonomy.on_invalid: unknown value "ignore" (expected one of: fail, skip)"#
            ])
        #expect(
            messages(Self.taxonomy("  mode: strict")) == [
                #"builds.yaml:7:9: error: taxonomy.mode: unknown value "strict" (expected one of: ilab, ci)"#
            ])
        #expect(
            messages(Self.taxonomy("  documents: {mirrors: x}")) == [
                #"builds.yaml:7:15: error: taxonomy.documents: unknown key "mirrors" (did you mean "mirror"?)"#
            ])
    }
}
