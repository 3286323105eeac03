import BuildConfiguration
import YAML

/// A valid builds.yaml that tests edit one line at a time.
let validConfig = """
    version: 1
    model:
      name: lab-model
      base: previous
    taxonomy:
      url: /srv/taxonomy.git
    executor:
      kind: local
      workers: 2
      capacity: {gpu: 1}
    stages:
      validate: {uses: builtin/validate}
      generate:
        uses: builtin/generate
        needs: [validate]
        with: {variants: 4, seed: 42}
      train:
        uses: builtin/train
        needs: [generate]
        resources: {gpu: 1}
        timeout: 6h
        retry: {attempts: 3, backoff: 30s}
      evaluate: {uses: builtin/evaluate, needs: [train]}
    builds:
      nightly:
        schedule: "0 2 * * *"
        version: nightly-{date}
        keep: 14
      release:
        version: semver
        gates: [{metric: evaluate.f1, min: 0.5}, {no_regression: evaluate.f1}]
    """

/// `validConfig` with `old` replaced by `new` (which must occur).
func config(replacing old: String, with new: String) -> String {
    precondition(validConfig.contains(old), "fixture does not contain \(old)")
    return validConfig.replacingOccurrences(of: old, with: new)
}

/// The loader's messages for `text`, or an empty list when it loads.
func messages(_ text: String, plugins: Set<String> = []) -> [String] {
    do {
        _ = try BuildConfigLoader(plugins: PluginCatalog(names: plugins), defaultWorkers: 2)
            .load(Array(text.utf8), file: "builds.yaml")
        return []
    } catch {
        return error.diagnostics.map(\.description)
    }
}

/// Loads `text`, failing the test when it does not load.
func load(_ text: String, plugins: Set<String> = []) throws -> BuildConfig {
    try BuildConfigLoader(plugins: PluginCatalog(names: plugins), defaultWorkers: 2)
        .load(Array(text.utf8), file: "builds.yaml")
}
