import Foundation
import Glibc
import TestSupport
import Testing

/// `modelbuild init`: a project that builds and publishes at once, from the binary alone,
/// and the runner's context.json checked against docs/context.schema.json on it.
@Suite struct ProjectInitTests {
    @Test func anInitialisedProjectBuildsAndPublishesAndIsNotInitialisedTwice() async throws {
        try await withTemporaryDirectory { directory in
            let made = try await runModelbuild(["init", "My Lab"], in: directory)
            #expect(made.status == 0, "\(made.standardOutput)\(made.standardError)")
            #expect(made.standardOutput.contains("for model my-lab"))
            let project = directory.appendingPathComponent("My Lab")

            // The taxonomy is a git repository: a README, then one commit per leaf, clean.
            let log = try await runProgram("git", ["-C", "taxonomy", "log", "--format=%s", "main"], in: project)
            #expect(log.standardOutput.split(separator: "\n").count == 3, "\(log.standardOutput)\(log.standardError)")
            let status = try await runProgram("git", ["-C", "taxonomy", "status", "--porcelain"], in: project)
            #expect(status.status == 0 && status.standardOutput.isEmpty, "\(status.standardOutput)")

            let checked = try await runModelbuild(["plugins", "check"], in: project)
            #expect(checked.status == 0, "\(checked.standardOutput)\(checked.standardError)")
            let built = try await runModelbuild(["build", "nightly", "--progress", "plain"], in: project)
            #expect(built.status == 0, "\(built.standardOutput)\(built.standardError)")
            #expect(built.standardOutput.contains("published my-lab nightly-"), "\(built.standardOutput)")
            #expect(built.standardOutput.contains("summary"))
            let versions = try FileManager.default.contentsOfDirectory(
                atPath: project.appendingPathComponent("artifacts/my-lab/builds").path)
            #expect(versions.count == 1)

            let again = try await runModelbuild(["init"], in: project)
            #expect(again.status == 2)
            #expect(again.standardError.contains("builds.yaml exists already"), "\(again.standardError)")

            // A folder without builds.yaml but with a taxonomy/ of its own is refused, untouched.
            let other = directory.appendingPathComponent("other")
            try FileManager.default.createDirectory(
                at: other.appendingPathComponent("taxonomy"), withIntermediateDirectories: true)
            let refused = try await runModelbuild(["init", "other"], in: directory)
            #expect(refused.status == 2)
            #expect(refused.standardError.contains("taxonomy exists already"), "\(refused.standardError)")
            #expect(!FileManager.default.fileExists(atPath: other.appendingPathComponent("builds.yaml").path))
        }
    }

    /// The leaves `init` carries in the binary are the repository's sample leaves.
    @Test func theInitTaxonomyHoldsTheSampleLeavesAsTheyAre() async throws {
        try await withTemporaryDirectory { directory in
            #expect(try await runModelbuild(["init", "lab"], in: directory).status == 0)
            let taxonomy = directory.appendingPathComponent("lab/taxonomy")
            let samples = packageRoot.appendingPathComponent("samples/taxonomy")
            for leaf in ["compositional_skills/writing/release_notes", "compositional_skills/reasoning/unit_conversion"] {
                for file in ["qna.yaml", "attribution.txt"] {
                    let made = try Data(contentsOf: taxonomy.appendingPathComponent("\(leaf)/\(file)"))
                    let sample = try Data(contentsOf: samples.appendingPathComponent("\(leaf)/\(file)"))
                    #expect(made == sample, "\(leaf)/\(file) differs from samples/taxonomy")
                }
            }
        }
    }

    /// Every context.json a real build wrote matches docs/context.schema.json (kept with
    /// --keep-contexts: a succeeded attempt's is removed by default).
    @Test func everyContextTheRunnerWritesMatchesTheSchema() async throws {
        try await withTemporaryDirectory { directory in
            let probe = try? await runProgram("python3", ["-c", "import jsonschema"], in: directory)
            guard probe?.status == 0 else {
                try Test.cancel("python3 with jsonschema is not installed (Debian: python3-jsonschema)")
            }
            #expect(try await runModelbuild(["init", "lab"], in: directory).status == 0)
            let project = directory.appendingPathComponent("lab")
            let built = try await runModelbuild(["build", "nightly", "--progress", "plain", "--keep-contexts"], in: project)
            #expect(built.status == 0, "\(built.standardOutput)\(built.standardError)")
            // A new leaf merged: the next build trains on top of the previous build's model,
            // a baseModel with a path.
            let taxonomy = project.appendingPathComponent("taxonomy")
            try FileManager.default.copyItem(
                at: taxonomy.appendingPathComponent("compositional_skills/writing/release_notes"),
                to: taxonomy.appendingPathComponent("compositional_skills/writing/changelog"))
            let identity = ["-c", "user.name=Contributor", "-c", "user.email=contributor@example.com"]
            #expect(try await runProgram("git", ["-C", taxonomy.path, "add", "-A"], in: project).status == 0)
            #expect(try await runProgram("git", ["-C", taxonomy.path] + identity + ["commit", "-qm", "Add a leaf"], in: project).status == 0)
            let again = try await runModelbuild(["build", "nightly", "--progress", "plain", "--keep-contexts"], in: project)
            #expect(again.status == 0, "\(again.standardOutput)\(again.standardError)")
            // A stage run alone has a context of its own, without a taxonomy.
            let tried = try await runModelbuild(["plugins", "run", "example", "--input", "generate=\(project.path)/taxonomy"], in: project)
            #expect(tried.status == 0, "\(tried.standardOutput)\(tried.standardError)")
            let state = project.appendingPathComponent(".modelbuild")
            let contexts = try #require(FileManager.default.enumerator(atPath: state.path))
                .compactMap { $0 as? String }
                .filter { path in
                    // A run's contexts/<stage>.<n>.json, and a trial's plugin-runs/<plugin>/<id>/context.json.
                    (path.contains("/contexts/") && path.hasSuffix(".json"))
                        || (path.hasPrefix("plugin-runs/") && path.split(separator: "/").count == 4
                            && path.hasSuffix("/context.json"))
                }
                .map { state.appendingPathComponent($0).path }
            // validate, two generate instances, train, evaluate, summary; validate, the new
            // leaf's generate, train, evaluate, summary; the trial.
            #expect(contexts.count == 12, "\(contexts)")
            let rerun = try #require(contexts.first { $0.contains("/contexts/train.") && !$0.contains(built.standardOutput.runID) })
            let trainContext = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: rerun))) as? [String: Any])
            #expect((trainContext["baseModel"] as? [String: Any])?["path"] is String, "\(trainContext)")
            let schema = packageRoot.appendingPathComponent("docs/context.schema.json").path
            for context in contexts {
                let checked = try await runProgram(
                    "python3", ["-c", ManifestSchemaTests.validator, schema, context], in: directory)
                #expect(checked.status == 0, "\(context): \(checked.standardOutput)\(checked.standardError)")
            }
        }
    }
}

/// `plugins new` writes a plugin that `plugins check` accepts and `plugins run` runs alone.
@Suite struct PluginAuthoringTests {
    @Test func aNewPluginIsCheckedAndRunsAloneWithTheWorkerProtocol() async throws {
        try await withTemporaryDirectory { directory in
            #expect(try await runModelbuild(["init", "lab"], in: directory).status == 0)
            let project = directory.appendingPathComponent("lab")
            let made = try await runModelbuild(["plugins", "new", "counter"], in: project)
            #expect(made.status == 0, "\(made.standardError)")
            let checked = try await runModelbuild(["plugins", "check", "counter"], in: project)
            #expect(checked.status == 0, "\(checked.standardOutput)\(checked.standardError)")
            #expect(checked.standardOutput.contains("counter 0.1.0: ok"))
            let completed = try await runModelbuild(["---completion", "plugins", "run", "--", "positional@0", "3", "0"], in: project)
            #expect(completed.standardOutput.split(separator: "\n") == ["counter", "example"])
            let twice = try await runModelbuild(["plugins", "new", "counter"], in: project)
            #expect(twice.status == 2)
            #expect(twice.standardError.contains("plugins/counter exists already"))

            let data = directory.appendingPathComponent("data")
            try FileManager.default.createDirectory(at: data.appendingPathComponent("sub"), withIntermediateDirectories: true)
            try "a\nb\n".write(to: data.appendingPathComponent("one.txt"), atomically: true, encoding: .utf8)
            try "c\n".write(to: data.appendingPathComponent("sub/two.txt"), atomically: true, encoding: .utf8)
            let ran = try await runModelbuild(
                ["plugins", "run", "counter", "--with", "greeting=hi there", "--with", "repeat=2", "--input", "generate=\(data.path)"],
                in: project)
            #expect(ran.status == 0, "\(ran.standardOutput)\(ran.standardError)")
            #expect(ran.standardOutput.contains("progress 100% read generate"), "\(ran.standardOutput)")
            #expect(ran.standardOutput.contains("metric inputs = 1.0"))
            #expect(ran.standardOutput.contains("metric input_lines = 3.0"))
            let outputLine = try #require(ran.standardOutput.split(separator: "\n").last { $0.hasPrefix("output: ") })
            let output = URL(fileURLWithPath: String(outputLine.dropFirst("output: ".count)))
            #expect(output.path.hasPrefix(project.appendingPathComponent(".modelbuild/plugin-runs/counter/").path))
            let summary = try String(contentsOf: output.appendingPathComponent("summary.txt"), encoding: .utf8)
            #expect(summary == "hi there: 2 files, 3 lines\nhi there: 2 files, 3 lines\n")
            // The context the stage read: typed params with the defaults filled in, the input.
            let context = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: output.deletingLastPathComponent().appendingPathComponent("context.json")))
                    as? [String: Any])
            let params = try #require(context["params"] as? [String: Any])
            #expect(params["greeting"] as? String == "hi there")
            #expect(params["repeat"] as? Int == 2)
            #expect(params["fail_on_empty"] as? Bool == false)
            #expect((context["inputs"] as? [String: String])?["generate"] == data.path)

            let json = try await runModelbuild(
                ["plugins", "run", "counter", "--json", "--input", "generate=\(data.path)"], in: project)
            #expect(json.status == 0, "\(json.standardError)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
            #expect(object["succeeded"] as? Bool == true)
            #expect(object["outcome"] as? String == "succeeded")
            #expect((object["metrics"] as? [String: Double])?["input_lines"] == 3)
            #expect((object["output"] as? String).map { FileManager.default.fileExists(atPath: $0 + "/summary.txt") } == true)

            // A failing stage: exit 1, its log shown.
            let empty = directory.appendingPathComponent("empty")
            try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
            let failed = try await runModelbuild(
                ["plugins", "run", "counter", "--with", "fail_on_empty=true", "--input", "generate=\(empty.path)"],
                in: project)
            #expect(failed.status == 1)
            #expect(failed.standardOutput.contains("no input files, and fail_on_empty is true"), "\(failed.standardOutput)")
            #expect(failed.standardOutput.contains("counter failed: exit status 65"))

            // Wrong arguments are usage errors, each named, before anything runs.
            let wrong = try await runModelbuild(
                ["plugins", "run", "counter", "--with", "repaet=2", "--with", "repeat=5", "--with", "fail_on_empty=maybe"],
                in: project)
            #expect(wrong.status == 2)
            #expect(wrong.standardError.contains("unknown parameter \"repaet\" of plugin counter (did you mean \"repeat\"?)"), "\(wrong.standardError)")
            #expect(wrong.standardError.contains("--with repeat=5: 5 is not one of 1, 2, 3"))
            #expect(wrong.standardError.contains("--with fail_on_empty=maybe: expected true or false"))
            let missing = try await runModelbuild(
                ["plugins", "run", "counter", "--input", "generate=\(directory.path)/nowhere"], in: project)
            #expect(missing.status == 2)
            #expect(missing.standardError.contains("nowhere is not a folder"))
            let unknown = try await runModelbuild(["plugins", "run", "countr"], in: project)
            #expect(unknown.status == 2)
            #expect(unknown.standardError.contains("did you mean \"counter\"?"), "\(unknown.standardError)")
        }
    }
}

extension String {
    /// The run id a plain build's output names (`run: <id> (modelbuild status <id>)`).
    fileprivate var runID: String {
        split(separator: "\n").first { $0.hasPrefix("run: ") }.map { String($0.dropFirst(5).prefix { $0 != " " }) } ?? "?"
    }
}

/// Ctrl-C during `plugins run` stops the stage as a build would, saying what it waits for;
/// a second Ctrl-C kills it at once.
@Suite struct PluginTrialInterruptTests {
    @Test func theFirstCtrlCSaysWhatItWaitsForAndTheSecondKills() async throws {
        try await withTemporaryDirectory { directory in
            #expect(try await runModelbuild(["init", "lab"], in: directory).status == 0)
            let project = directory.appendingPathComponent("lab")
            let plugin = project.appendingPathComponent("plugins/stubborn")
            try FileManager.default.createDirectory(at: plugin, withIntermediateDirectories: true)
            try "name: stubborn\nversion: 1.0.0\nrun: [./run.sh]\n".write(
                to: plugin.appendingPathComponent("plugin.yaml"), atomically: true, encoding: .utf8)
            let ready = directory.appendingPathComponent("ready").path
            let script = plugin.appendingPathComponent("run.sh")
            try "#!/bin/sh\ntrap 'echo checkpointing' TERM\ntouch \"\(ready)\"\nwhile :; do sleep 0.1; done\n".write(
                to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
            let result = try await runModelbuild(["plugins", "run", "stubborn"], in: project) { process in
                try await waitUntil { FileManager.default.fileExists(atPath: ready) }
                process.send(SIGINT)
                try await waitUntil {
                    let log = (try? String(contentsOfFile: Self.log(in: project), encoding: .utf8)) ?? ""
                    return log.contains("checkpointing")
                }
                process.send(SIGINT)
            }
            #expect(result.status == 130, "\(result.standardOutput)\(result.standardError)")
            #expect(result.standardError.contains("stopping: waiting up to 10s for stubborn to exit"), "\(result.standardError)")
            #expect(result.standardError.contains("killing stubborn now (SIGKILL)"))
            #expect(result.standardOutput.contains("stubborn failed: cancelled"), "\(result.standardOutput)")
        }
    }

    /// The log of the only trial of `stubborn`.
    static func log(in project: URL) -> String {
        let trials = project.appendingPathComponent(".modelbuild/plugin-runs/stubborn")
        let trial = (try? FileManager.default.contentsOfDirectory(atPath: trials.path))?.first ?? "none"
        return trials.appendingPathComponent("\(trial)/stage.log").path
    }
}
