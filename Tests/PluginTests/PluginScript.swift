import Foundation
import StageProtocol
import TestSupport

/// Runs a shipped plugin's script the way modelbuild does: with a context.json made by
/// the test, `MODELBUILD_CONTEXT` pointing at it, in a work directory of its own.
struct PluginScript {
    /// `plugins/<name>/<file>` in this repository.
    let path: String

    init(plugin: String, file: String) {
        path = packageRoot.appendingPathComponent("plugins").appendingPathComponent(plugin)
            .appendingPathComponent(file).path
    }

    /// Writes `context` to `<directory>/context.json`, makes `<directory>/work`, and runs
    /// the script there.
    func run(
        _ context: StageContext, in directory: URL, environment: [String: String] = [:]
    ) async throws -> CommandResult {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let contextFile = directory.appendingPathComponent("context.json")
        try encoder.encode(context).write(to: contextFile)
        let work = directory.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        var variables = ["MODELBUILD_CONTEXT": contextFile.path, "PYTHONDONTWRITEBYTECODE": "1"]
        variables.merge(environment) { _, new in new }
        return try await runProgram(path, [], in: work, environment: variables)
    }
}

/// A context for a stage named `stage` with these params, inputs and output.
func stageContext(
    stage: String, params: [String: JSONValue], inputs: [String: String] = [:], output: URL,
    taxonomy: StageContext.TaxonomyInfo? = nil, baseModel: StageContext.BaseModelInfo? = nil
) -> StageContext {
    StageContext(
        runID: "test-run", stage: stage, attempt: 1,
        build: .init(name: "nightly", kind: "nightly", version: nil, model: "lab-model"), params: params,
        inputs: inputs, output: output.path, taxonomy: taxonomy, baseModel: baseModel)
}

/// Writes `text` to `path` under `directory`, making its folders.
func write(_ text: String, to path: String, in directory: URL) throws {
    let url = directory.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
}
