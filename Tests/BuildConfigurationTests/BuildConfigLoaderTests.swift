import Foundation
import StageProtocol
import Testing
@testable import BuildConfiguration

@Suite struct BuildConfigLoaderTests {
    @Test func validConfigLoadsEveryKey() throws {
        let config = try load(validConfig)
        #expect(config.model == ModelSpec(name: "lab-model", base: .previous))
        #expect(config.taxonomy == TaxonomySpec(url: "/srv/taxonomy.git"))
        #expect(config.executor == ExecutorSpec(kind: .local, workers: 2, capacity: ["gpu": 1]))
        #expect(config.stages.map(\.name) == ["validate", "generate", "train", "evaluate"])
        let train = try #require(config.stage(named: "train"))
        #expect(train.implementation == .builtin(.train))
        #expect(train.timeout == .seconds(6 * 3600))
        #expect(train.retry == RetrySpec(attempts: 3, backoff: .seconds(30)))
        #expect(train.resources == ["gpu": 1])
        #expect(config.stage(named: "generate")?.params == ["variants": .integer(4), "seed": .integer(42)])
        let nightly = try #require(config.build(named: "nightly"))
        #expect(nightly.kind == .nightly)
        #expect(nightly.versionScheme == .template("nightly-{date}"))
        #expect(nightly.keep == 14)
        #expect(nightly.schedule?.hours == [2])
        let release = try #require(config.build(named: "release"))
        #expect(release.kind == .release)
        #expect(release.sign)
        #expect(
            release.gates == [
                .threshold(metric: "evaluate.f1", min: 0.5, max: nil), .noRegression(metric: "evaluate.f1"),
            ])
    }

    @Test func theRepositoryConfigLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.appendingPathComponent("builds.yaml").path
        let config = try BuildConfigLoader(plugins: PluginCatalog(directory: root.appendingPathComponent("plugins")))
            .load(path: path)
        #expect(config.builds.map(\.name).contains("nightly"))
        #expect(config.builds.map(\.name).contains("release"))
        #expect(config.stages.map(\.name).starts(with: ["validate", "generate", "train", "safety", "evaluate"]))
    }

    @Test func configWithoutTaxonomyIsValid() throws {
        let text = config(replacing: "taxonomy:\n  url: /srv/taxonomy.git\n", with: "")
        let loaded = try load(text)
        #expect(loaded.taxonomy == nil)
    }

    @Test func plainCommandsPluginsAndForeach() throws {
        let text = config(
            replacing: "  evaluate: {uses: builtin/evaluate, needs: [train]}",
            with: """
                  evaluate: {uses: builtin/evaluate, needs: train}
                  shell: {run: [sh, -c, "echo hi"], only: [nightly], secrets: [HF_TOKEN]}
                  scan: {uses: safety-scan, needs: [generate], foreach: [a, b]}
                  perleaf: {uses: builtin/generate, foreach: changed_leaves}
                """)
        let loaded = try load(text, plugins: ["safety-scan"])
        #expect(loaded.stage(named: "evaluate")?.needs == ["train"])
        #expect(loaded.stage(named: "shell")?.implementation == .command(["sh", "-c", "echo hi"]))
        #expect(loaded.stage(named: "shell")?.only == ["nightly"])
        #expect(loaded.stage(named: "shell")?.secrets == ["HF_TOKEN"])
        #expect(loaded.stage(named: "scan")?.implementation == .plugin("safety-scan"))
        #expect(loaded.stage(named: "scan")?.foreach == .items(["a", "b"]))
        #expect(loaded.stage(named: "perleaf")?.foreach == .changedLeaves)
    }

    @Test func pinnedBaseModel() throws {
        let sha = String(repeating: "ab", count: 32)
        let text = config(
            replacing: "  base: previous",
            with: "  base: {name: example/base-7b, uri: \"file:///models/base\", sha256: \"\(sha)\"}")
        #expect(
            try load(text).model.base == .pinned(name: "example/base-7b", uri: "file:///models/base", sha256: sha))
    }
}
