import Foundation
import BuildConfiguration
import StageProtocol
import TestSupport
import Testing

/// The shipped instructlab plugin: the ilab command lines it builds from context.json
/// (in dry-run mode, since ilab is not installed here), and what it says without ilab.
@Suite struct InstructLabStageTests {
    static let script = PluginScript(plugin: "instructlab", file: "ilab_stage.py")
    static let dryRun = ["MODELBUILD_ILAB_DRY_RUN": "1"]

    /// The plugin's declared defaults, then `params`.
    static func params(_ params: [String: JSONValue]) throws -> [String: JSONValue] {
        let folder = packageRoot.appendingPathComponent("plugins/instructlab")
        let manifest = try PluginManifestLoader(folder: folder, displayFolder: "plugins/instructlab").load().manifest
        var resolved: [String: JSONValue] = [:]
        for parameter in manifest.params {
            if let value = parameter.defaultValue { resolved[parameter.name] = value }
        }
        return resolved.merging(params) { _, new in new }
    }

    /// The argv printed as the last line of a dry run.
    static func printedCommand(_ result: CommandResult) throws -> [String] {
        let line = try #require(result.standardOutput.split(separator: "\n").last, "\(result.standardError)")
        return try JSONDecoder().decode([String].self, from: Data(line.utf8))
    }

    static func taxonomy(in directory: URL) throws -> URL {
        let tree = directory.appendingPathComponent("snapshot")
        try write("version: 3\ndomain: birds\n", to: "knowledge/science/birds/qna.yaml", in: tree)
        try write("# Birds\n", to: "knowledge/science/birds/birds.md", in: tree)
        try write("version: 2\n", to: "compositional_skills/writing/poems/qna.yaml", in: tree)
        return tree
    }

    @Test func generateStagesTheChangedLeavesAndMapsItsParams() async throws {
        try await withTemporaryDirectory { directory in
            let tree = try Self.taxonomy(in: directory)
            let output = directory.appendingPathComponent("output")
            let result = try await Self.script.run(
                stageContext(
                    stage: "generate",
                    params: try Self.params([
                        "step": .string("generate"), "pipeline": .string("simple"), "sdg_scale_factor": .integer(5),
                        "teacher_model": .string("/models/teacher.gguf"), "gpus": .integer(1),
                        "extra_args": .array([.string("--quiet")]),
                    ]), output: output,
                    taxonomy: .init(commit: "abc", path: tree.path, changedLeaves: ["knowledge/science/birds"])),
                in: directory, environment: Self.dryRun)
            #expect(result.status == 0, "\(result.standardError)")
            let work = directory.appendingPathComponent("work").path
            #expect(
                try Self.printedCommand(result) == [
                    "ilab", "data", "generate", "--taxonomy-path", work + "/taxonomy", "--taxonomy-base", "empty",
                    "--output-dir", output.path + "/generated", "--pipeline", "simple", "--model", "/models/teacher.gguf",
                    "--sdg-scale-factor", "5", "--gpus", "1", "--quiet",
                ])
            #expect(FileManager.default.fileExists(atPath: work + "/taxonomy/knowledge/science/birds/qna.yaml"))
            #expect(FileManager.default.fileExists(atPath: work + "/taxonomy/knowledge/science/birds/birds.md"))
            #expect(!FileManager.default.fileExists(atPath: work + "/taxonomy/compositional_skills"))
            let recorded = try String(contentsOf: output.appendingPathComponent("ilab-command.json"), encoding: .utf8)
            #expect(recorded.contains(#""step": "generate""#))
        }
    }

    @Test func generateCanReadEveryLeafOrNone() async throws {
        try await withTemporaryDirectory { directory in
            let tree = try Self.taxonomy(in: directory)
            let output = directory.appendingPathComponent("output")
            let all = try await Self.script.run(
                stageContext(
                    stage: "generate", params: try Self.params(["step": .string("generate"), "leaves": .string("all"), "num_instructions": .integer(10)]),
                    output: output, taxonomy: .init(commit: "abc", path: tree.path, changedLeaves: [])),
                in: directory, environment: Self.dryRun)
            #expect(
                try Self.printedCommand(all) == [
                    "ilab", "data", "generate", "--taxonomy-path", tree.path, "--taxonomy-base", "empty", "--output-dir",
                    output.path + "/generated", "--num-instructions", "10",
                ])
            let none = try await Self.script.run(
                stageContext(
                    stage: "generate", params: try Self.params(["step": .string("generate")]), output: output,
                    taxonomy: .init(commit: "abc", path: tree.path, changedLeaves: [])),
                in: directory, environment: Self.dryRun)
            #expect(none.status == 0)
            #expect(none.standardOutput.contains("no changed leaves, nothing to generate"))
        }
    }

    @Test func trainFindsTheNewestTrainingFileAndTheBaseModel() async throws {
        try await withTemporaryDirectory { directory in
            let generated = directory.appendingPathComponent("generate-output")
            try write("{}\n", to: "generated/2026-11-26_020000/skills_train_msgs_2026-11-26.jsonl", in: generated)
            try write("{}\n", to: "generated/2026-11-27_020000/skills_train_msgs_2026-11-27.jsonl", in: generated)
            try write("{}\n", to: "generated/2026-11-27_020000/test_data.jsonl", in: generated)
            let output = directory.appendingPathComponent("output")
            let result = try await Self.script.run(
                stageContext(
                    stage: "train",
                    params: try Self.params([
                        "step": .string("train"), "epochs": .integer(3), "pipeline": .string("full"),
                        "device": .string("cpu"), "dry_run": .bool(true),
                    ]),
                    inputs: ["generate": generated.path], output: output,
                    baseModel: .init(name: "granite", path: "/models/granite-7b", sha256: nil)),
                in: directory)
            #expect(result.status == 0, "\(result.standardError)")
            let work = directory.appendingPathComponent("work").path
            #expect(
                try Self.printedCommand(result) == [
                    "ilab", "model", "train", "--data-path",
                    generated.path + "/generated/2026-11-27_020000/skills_train_msgs_2026-11-27.jsonl",
                    "--model-path", "/models/granite-7b", "--ckpt-output-dir", output.path + "/checkpoints",
                    "--data-output-dir", work + "/train-data", "--pipeline", "full", "--num-epochs", "3", "--device", "cpu",
                ])
        }
    }

    @Test func evaluatePicksTheLatestCheckpoint() async throws {
        try await withTemporaryDirectory { directory in
            let trained = directory.appendingPathComponent("train-output")
            try write("{}", to: "checkpoints/hf_format/samples_99/config.json", in: trained)
            try write("{}", to: "checkpoints/hf_format/samples_1024/config.json", in: trained)
            let tree = try Self.taxonomy(in: directory)
            let output = directory.appendingPathComponent("output")
            let result = try await Self.script.run(
                stageContext(
                    stage: "evaluate",
                    params: try Self.params([
                        "step": .string("evaluate"), "benchmark": .string("mt_bench_branch"),
                        "judge_model": .string("/models/judge"),
                    ]),
                    inputs: ["train": trained.path], output: output,
                    taxonomy: .init(commit: "abc", path: tree.path, changedLeaves: []),
                    baseModel: .init(name: "granite", path: "/models/granite-7b", sha256: nil)),
                in: directory, environment: Self.dryRun)
            #expect(result.status == 0, "\(result.standardError)")
            #expect(
                try Self.printedCommand(result) == [
                    "ilab", "model", "evaluate", "--model", trained.path + "/checkpoints/hf_format/samples_1024",
                    "--benchmark", "mt_bench_branch", "--base-model", "/models/granite-7b", "--output-dir",
                    output.path + "/evaluation", "--judge-model", "/models/judge", "--taxonomy-path", tree.path,
                ])
        }
    }

    @Test func withoutIlabTheStageFailsAtOnceSayingWhatToInstall() async throws {
        try await withTemporaryDirectory { directory in
            // A PATH holding python3 and nothing else, wherever this machine keeps ilab.
            let bin = directory.appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            let python = try await runProgram("python3", ["-c", "import sys; print(sys.executable)"], in: directory)
                .standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            try FileManager.default.createSymbolicLink(
                atPath: bin.appendingPathComponent("python3").path, withDestinationPath: python)
            let output = directory.appendingPathComponent("output")
            let result = try await Self.script.run(
                stageContext(stage: "train", params: try Self.params(["step": .string("train")]), output: output),
                in: directory, environment: ["PATH": bin.path])
            #expect(result.status == 127)
            #expect(result.standardError.contains("ilab (the InstructLab CLI) is not installed"))
            #expect(result.standardError.contains("pip install instructlab"))
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
    }

    @Test func paramsOfAnotherStepAreRefused() async throws {
        try await withTemporaryDirectory { directory in
            let result = try await Self.script.run(
                stageContext(
                    stage: "generate", params: try Self.params(["step": .string("generate"), "epochs": .integer(3)]),
                    output: directory.appendingPathComponent("output")),
                in: directory, environment: Self.dryRun)
            #expect(result.status == 2)
            #expect(result.standardError.contains("params.epochs is for step train, not generate"))
        }
    }

    @Test func trainWithoutDataSaysWhereItLooked() async throws {
        try await withTemporaryDirectory { directory in
            let empty = directory.appendingPathComponent("generate-output")
            try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
            let result = try await Self.script.run(
                stageContext(
                    stage: "train", params: try Self.params(["step": .string("train"), "model_path": .string("/m")]),
                    inputs: ["generate": empty.path], output: directory.appendingPathComponent("output")),
                in: directory, environment: Self.dryRun)
            #expect(result.status == 1)
            #expect(result.standardError.contains("no training data matching '*train*.jsonl' in the inputs: generate=\(empty.path)"))
        }
    }

    /// A stand-in `ilab` (a shell script printing what ilab prints) shows the real-run path:
    /// the command runs in the work directory, and evaluate's score becomes a metric.
    @Test func aRealRunPassesTheScoreOn() async throws {
        try await withTemporaryDirectory { directory in
            let bin = directory.appendingPathComponent("bin")
            try write(
                "#!/bin/sh\necho \"args: $*\"\necho '# SKILL EVALUATION REPORT'\necho '## MODEL (SCORE)'\necho \"$4 (0.62/1.0)\"\n",
                to: "ilab", in: bin)
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("ilab").path)
            let output = directory.appendingPathComponent("output")
            let result = try await Self.script.run(
                stageContext(
                    stage: "evaluate",
                    params: try Self.params([
                        "step": .string("evaluate"), "benchmark": .string("mmlu"), "model": .string("/models/trained"),
                    ]), output: output),
                in: directory, environment: ["PATH": bin.path + ":/usr/bin:/bin"])
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput.contains("args: model evaluate --model /models/trained --benchmark mmlu"))
            #expect(result.standardOutput.contains("::metric score=0.62\n"))
            let metrics = try JSONDecoder().decode(
                StageResult.self, from: Data(contentsOf: output.appendingPathComponent("result.json")))
            #expect(metrics.metrics == ["score": 0.62])
        }
    }
}
