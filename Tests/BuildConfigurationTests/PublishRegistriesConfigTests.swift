import Testing

@testable import BuildConfiguration

/// `publish: {registries: […]}`: read with its defaults, and its mistakes located.
@Suite struct PublishRegistriesConfigTests {
    @Test func registriesAreReadWithDefaultTags() throws {
        let text = validConfig + """

            publish:
              registries:
                - {url: "registry.example.com", repository: lab/model, username: ci, password_env: LAB_TOKEN}
                - {url: "127.0.0.1:5000", repository: mirror/model, tags: ["{version}"], insecure: true}

            """
        let config = try BuildConfigLoader(plugins: PluginCatalog(names: []), defaultWorkers: 2)
            .load(Array(text.utf8), file: "builds.yaml")
        #expect(
            config.registries == [
                PublishRegistrySpec(url: "registry.example.com", repository: "lab/model", username: "ci", passwordVariable: "LAB_TOKEN"),
                PublishRegistrySpec(url: "127.0.0.1:5000", repository: "mirror/model", tags: ["{version}"], insecure: true),
            ])
        #expect(config.registries[0].tags(version: "nightly-2026-12-07", kind: "nightly") == ["nightly-2026-12-07", "nightly"])
    }

    @Test func mistakesAreLocated() {
        let lines = validConfig.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(
            messages(validConfig + "\npublish:\n  registries:\n    - {url: r.example.com, tag: [x]}\n") == [
                #"builds.yaml:\#(lines + 3):7: error: publish.registries[0]: missing required key "repository""#,
                #"builds.yaml:\#(lines + 3):28: error: publish.registries[0]: unknown key "tag" (did you mean "tags"?)"#,
            ])
    }
}
