import BuildConfiguration
import Foundation
import Runner
import StageProtocol
import Testing
import TestSupport
import UseCases

/// `JobPlanner`: builds.yaml stages and the taxonomy become planned jobs, with `foreach`
/// expanded, cache keys from their ingredients, and run-or-reuse decisions with reasons.
@Suite struct JobPlannerTests {
    static let config = """
        version: 1
        model: {name: lab-model}
        taxonomy: {url: /srv/taxonomy.git}
        executor: {workers: 2, grace: 3s}
        stages:
          validate: {uses: builtin/validate}
          generate: {uses: builtin/generate, needs: [validate], foreach: leaves}
          generate-changed: {run: [sh, gen.sh], needs: [validate], foreach: changed_leaves}
          train: {uses: builtin/train, needs: [generate], retry: {attempts: 3, backoff: 5s}, grace: 1m}
          report: {run: [sh, report.sh], needs: [train], foreach: [html, pdf], with: {seed: 42}}
          notes: {run: ["true"], only: [release]}
        builds:
          nightly: {kind: nightly}
          release: {kind: release}
        """

    static let taxonomy = TaxonomyInput(
        commit: "c0ffee", snapshotPath: "/state/snapshots/c0ffee",
        folderTrees: ["compositional_skills": "tree-skills", "knowledge": "tree-knowledge"],
        leaves: ["knowledge/birds": "digest-birds", "compositional_skills/writing": "digest-writing"],
        changedLeaves: ["knowledge/birds"])

    static let baseModel = BaseModelInput(name: "example/base", path: "/models/base", digest: "digest-base")

    func planner(
        _ text: String = JobPlannerTests.config, build: String = "nightly",
        taxonomy: TaxonomyInput? = JobPlannerTests.taxonomy, baseModel: BaseModelInput? = JobPlannerTests.baseModel,
        plugin: @escaping @Sendable (String) -> StageCommand? = { _ in nil }
    ) throws -> JobPlanner {
        let config = try BuildConfigLoader(defaultWorkers: 2).load(Array(text.utf8), file: "builds.yaml")
        return JobPlanner(
            config: config, build: try #require(config.build(named: build)), taxonomy: taxonomy,
            baseModel: baseModel, commands: StageCommandResolver(modelbuildBinary: "/bin/modelbuild", plugin: plugin),
            version: "nightly-2026-12-07")
    }

    func job(_ id: String, in plan: [PlannedJob]) throws -> PlannedJob {
        try #require(plan.first { $0.job.id == id }, "no job \(id) in \(plan.map(\.job.id))")
    }

    // MARK: - Expansion and dependencies

    @Test func foreachExpandsIntoOneInstanceEachAndDependantsNeedEveryInstance() throws {
        let plan = try planner().plan()
        #expect(plan.map(\.job.id) == [
            "validate",
            "generate[compositional_skills/writing]", "generate[knowledge/birds]",
            "generate-changed[knowledge/birds]",
            "train",
            "report[html]", "report[pdf]",
        ])
        #expect(plan.map(\.stage) == ["validate", "generate", "generate", "generate-changed", "train", "report", "report"])
        #expect(try job("train", in: plan).job.needs == ["generate[compositional_skills/writing]", "generate[knowledge/birds]"])
        #expect(try job("report[pdf]", in: plan).job.needs == ["train"])
        #expect(try job("validate", in: plan).job.needs == [])
    }

    /// Built-in stages read the store's trees in place; plugins and `run:` commands get
    /// private copies (docs/security.md).
    @Test func onlyBuiltinStagesReadTheirInputsInPlace() throws {
        let plan = try planner().plan()
        let inPlace = plan.filter(\.job.readsInPlace).map(\.stage)
        #expect(Set(inPlace) == ["validate", "generate", "train"])
        #expect(plan.filter { !$0.job.readsInPlace }.map(\.stage) == ["generate-changed", "report", "report"])
    }

    @Test func everyJobComesAfterTheJobsItNeeds() throws {
        let plan = try planner().plan()
        let order = Dictionary(uniqueKeysWithValues: plan.enumerated().map { ($0.element.job.id, $0.offset) })
        for planned in plan {
            for need in planned.job.needs {
                #expect(try #require(order[need]) < #require(order[planned.job.id]), "\(need) before \(planned.job.id)")
            }
        }
    }

    @Test func leafInstancesKnowTheirLeafAndItemInstancesTheirItem() throws {
        let plan = try planner().plan()
        let birds = try job("generate[knowledge/birds]", in: plan).job.context
        #expect(birds.stage == "generate[knowledge/birds]")
        #expect(birds.taxonomy?.leaf == "knowledge/birds")
        #expect(birds.taxonomy?.commit == "c0ffee")
        #expect(birds.taxonomy?.path == "/state/snapshots/c0ffee")
        #expect(birds.taxonomy?.changedLeaves == ["knowledge/birds"])
        #expect(birds.build == .init(name: "nightly", kind: "nightly", version: "nightly-2026-12-07", model: "lab-model"))
        #expect(birds.baseModel == .init(name: "example/base", path: "/models/base", sha256: "digest-base"))

        let pdf = try job("report[pdf]", in: plan)
        #expect(pdf.job.context.params == ["seed": .integer(42), "item": .string("pdf")])
        #expect(pdf.ingredients.params == ["seed": .integer(42), "item": .string("pdf")])
        #expect(pdf.job.context.taxonomy?.leaf == nil)
    }

    /// Issue 14 item 8: a per-leaf instance receives its own leaf, never the whole change
    /// list (4 MB in each of 66,668 contexts at 100,000 leaves); the list is one shared file.
    @Test func aLeafInstanceReceivesItsLeafAndTheChangeListAsOneSharedFile() throws {
        var taxonomy = Self.taxonomy
        taxonomy.changedLeaves = (0..<500).map { "knowledge/topic_\($0)" } + ["knowledge/birds"]
        taxonomy.changedLeavesFile = "/state/changes/abc.txt"
        let plan = try planner(taxonomy: taxonomy).plan()
        let birds = try job("generate[knowledge/birds]", in: plan).job.context.taxonomy
        #expect(birds?.changedLeaves == ["knowledge/birds"])
        #expect(birds?.changedLeavesFile == "/state/changes/abc.txt")
        let writing = try job("generate[compositional_skills/writing]", in: plan).job.context.taxonomy
        #expect(writing?.changedLeaves == [], "an unchanged leaf's instance receives no change list")
        #expect(try job("generate[compositional_skills/writing]", in: plan).job.context.json.count < 1_000)
        // A stage over the whole taxonomy still receives the whole list.
        #expect(try job("validate", in: plan).job.context.taxonomy?.changedLeaves.count == 501)
    }

    @Test func withoutATaxonomyLeafStagesHaveNoInstances() throws {
        let text = """
            version: 1
            model: {name: lab-model}
            stages:
              train: {run: [sh, train.sh]}
              report: {run: [sh, report.sh], needs: [train], foreach: [html]}
            builds:
              nightly: {kind: nightly}
            """
        let plan = try planner(text, taxonomy: nil).plan()
        #expect(plan.map(\.job.id) == ["train", "report[html]"])
        #expect(try job("train", in: plan).job.context.taxonomy == nil)
        #expect(try job("train", in: plan).ingredients.taxonomy == [:])
    }

    @Test func stagesOnlyForOtherBuildsAreLeftOut() throws {
        #expect(!(try planner().plan().map(\.stage).contains("notes")))
        #expect(try planner(build: "release").plan().map(\.stage).contains("notes"))
    }

    @Test func jobsCarryTheStageSettings() throws {
        let plan = try planner().plan()
        let train = try job("train", in: plan).job
        #expect(train.command == ["/bin/modelbuild", "stage", "run", "builtin/train"])
        #expect(train.retry == RetryPolicy(attempts: 3, backoff: .seconds(5)))
        #expect(train.gracePeriod == .seconds(60))
        // A stage without its own grace gets the executor's.
        #expect(try job("validate", in: plan).job.gracePeriod == .seconds(3))
        #expect(try job("report[html]", in: plan).job.command == ["sh", "report.sh"])
    }

    // MARK: - Cache keys

    @Test func keysAreTheSHA256OfTheIngredientsAndStableAcrossPlans() throws {
        let first = try planner().plan()
        let second = try planner().plan()
        #expect(first.map(\.job.cacheKey) == second.map(\.job.cacheKey))
        for planned in first {
            #expect(planned.job.cacheKey == planned.ingredients.key)
            #expect(planned.job.cacheKey.count == 64)
        }
        #expect(Set(first.map(\.job.cacheKey)).count == first.count, "every instance has its own key")
    }

    @Test func whatEachBuiltinReadsIsWhatItsKeyHolds() throws {
        let plan = try planner().plan()
        // validate reads the whole taxonomy: the folder trees and which leaves changed.
        let validate = try job("validate", in: plan).ingredients
        #expect(Set(validate.taxonomy.keys) == ["folder compositional_skills", "folder knowledge", "changed leaves"])
        #expect(validate.inputs == [:])
        #expect(validate.baseModel == nil)
        #expect(validate.implementation == "builtin/validate@\(StageCommandResolver.builtinVersion)")
        // generate reads its leaf only, not its input (validate's report).
        let birds = try job("generate[knowledge/birds]", in: plan).ingredients
        #expect(birds.taxonomy == ["leaf knowledge/birds": "digest-birds"])
        #expect(birds.inputs == [:])
        #expect(birds.baseModel == nil)
        // train reads its inputs and the base model, not the taxonomy.
        let train = try job("train", in: plan)
        #expect(train.ingredients.taxonomy == [:])
        #expect(train.ingredients.baseModel == "digest-base")
        #expect(train.ingredients.inputs == [
            "generate[compositional_skills/writing]": try job("generate[compositional_skills/writing]", in: plan).job.cacheKey,
            "generate[knowledge/birds]": try job("generate[knowledge/birds]", in: plan).job.cacheKey,
        ])
        // A plain command may read anything: its inputs, the taxonomy and the base model.
        let report = try job("report[html]", in: plan).ingredients
        #expect(report.inputs == ["train": train.job.cacheKey])
        #expect(report.taxonomy.keys.contains("folder knowledge"))
        #expect(report.baseModel == "digest-base")
        #expect(report.implementation == "command sh report.sh")
    }

    @Test func aChangedLeafChangesItsOwnInstanceAndWhatReadsItOnly() throws {
        let before = try planner().plan()
        var taxonomy = Self.taxonomy
        taxonomy.leaves["knowledge/birds"] = "digest-birds-2"
        let after = try planner(taxonomy: taxonomy).plan()
        let changed = Set(zip(before, after).filter { $0.job.cacheKey != $1.job.cacheKey }.map(\.0.job.id))
        #expect(changed == [
            "generate[knowledge/birds]", "generate-changed[knowledge/birds]", "train", "report[html]", "report[pdf]",
        ])
    }

    @Test func aNewBaseModelChangesOnlyTheStagesThatReadIt() throws {
        let before = try planner().plan()
        let after = try planner(baseModel: BaseModelInput(name: "example/base", path: nil, digest: "digest-other")).plan()
        let changed = Set(zip(before, after).filter { $0.job.cacheKey != $1.job.cacheKey }.map(\.0.job.id))
        #expect(changed == ["generate-changed[knowledge/birds]", "train", "report[html]", "report[pdf]"])
    }

    /// A plugin declaring `reads: [inputs]` (the safety scan) is keyed on its inputs only,
    /// and a per-leaf instance over a per-leaf stage reads that stage's instance of its leaf.
    @Test func aPluginReadingOnlyItsInputsPerLeafIsKeyedOnItsLeafsInputOnly() throws {
        let text = """
            version: 1
            model: {name: lab-model}
            taxonomy: {url: /srv/taxonomy.git}
            stages:
              generate: {uses: builtin/generate, foreach: leaves}
              scan: {uses: scan, needs: [generate], foreach: leaves}
              scan-all: {uses: scan, needs: [generate]}
            builds:
              nightly: {kind: nightly}
            """
        let config = try BuildConfigLoader(plugins: PluginCatalog(names: ["scan"]), defaultWorkers: 2)
            .load(Array(text.utf8), file: "builds.yaml")
        func plan(_ taxonomy: TaxonomyInput, _ baseModel: BaseModelInput) throws -> [PlannedJob] {
            let commands = StageCommandResolver(modelbuildBinary: "/bin/modelbuild") { _ in
                StageCommand(arguments: ["/plugins/scan/run"], implementation: "plugin scan@sha256:00", reads: [.inputs])
            }
            return try JobPlanner(
                config: config, build: try #require(config.build(named: "nightly")), taxonomy: taxonomy,
                baseModel: baseModel, commands: commands
            ).plan()
        }
        let before = try plan(Self.taxonomy, Self.baseModel)
        let birds = try job("scan[knowledge/birds]", in: before)
        #expect(birds.job.needs == ["generate[knowledge/birds]"])
        #expect(birds.ingredients.inputs == ["generate[knowledge/birds]": try job("generate[knowledge/birds]", in: before).job.cacheKey])
        #expect(birds.ingredients.baseModel == nil)
        #expect(try job("scan-all", in: before).job.needs.count == 2)
        #expect(try job("scan-all", in: before).ingredients.taxonomy == [:])

        let newBase = try plan(Self.taxonomy, BaseModelInput(name: "example/base", path: nil, digest: "digest-other"))
        #expect(zip(before, newBase).allSatisfy { $0.job.cacheKey == $1.job.cacheKey }, "nothing reads the base model")

        var taxonomy = Self.taxonomy
        taxonomy.leaves["knowledge/birds"] = "digest-birds-2"
        let changed = Set(zip(before, try plan(taxonomy, Self.baseModel)).filter { $0.job.cacheKey != $1.job.cacheKey }.map(\.0.job.id))
        #expect(changed == ["generate[knowledge/birds]", "scan[knowledge/birds]", "scan-all"])
    }

    // MARK: - Decisions and reasons

    @Test func aJobWhoseKeyIsStoredIsReusedAndOthersRunSayingWhy() throws {
        let planner = try planner()
        let trainKey = try job("train", in: try planner.plan()).job.cacheKey
        let plan = try planner.plan(isStored: { $0 == trainKey })
        #expect(try job("train", in: plan).decision == .reuse)
        #expect(try job("validate", in: plan).decision == .run(reasons: ["not built before"]))
    }

    @Test func forcedStagesRunEvenWhenStoredAndForcingTheBuildOnlyReusesTheCache() throws {
        let planner = try planner()
        let everything: (String) -> Bool = { _ in true }
        let forced = try planner.plan(force: .stages(["generate"]), isStored: everything)
        for planned in forced {
            #expect(planned.decision == (planned.stage == "generate" ? .run(reasons: ["forced"]) : .reuse), "\(planned.job.id)")
        }
        #expect(try planner.plan(force: .all, isStored: everything).allSatisfy { $0.decision == .run(reasons: ["forced"]) })
        #expect(try planner.plan(force: .build, isStored: everything).allSatisfy { $0.decision == .reuse })
    }

    /// The reasons come from the key log a previous build left in the state folder.
    @Test func theReasonNamesTheIngredientThatChanged() async throws {
        try await withTemporaryDirectory { state in
            var log = KeyLog.load(state: state.path)
            for planned in try planner().plan() { log.record(planned.job.id, key: planned.job.cacheKey, planned.ingredients) }
            try log.save()
            let previous = KeyLog.load(state: state.path)

            let changed = Self.config.replacingOccurrences(of: "with: {seed: 42}", with: "with: {seed: 7}")
            var taxonomy = Self.taxonomy
            taxonomy.leaves["knowledge/birds"] = "digest-birds-2"
            let plan = try planner(changed, taxonomy: taxonomy).plan(previous: previous)

            #expect(try job("report[html]", in: plan).decision == .run(reasons: ["params.seed: 42 → 7", "input train changed"]))
            #expect(
                try job("generate[knowledge/birds]", in: plan).decision
                    == .run(reasons: ["taxonomy leaf knowledge/birds changed"]))
            #expect(try job("train", in: plan).decision == .run(reasons: ["input generate[knowledge/birds] changed"]))
            // Same key as before, but the outputs are gone from the store.
            #expect(try job("validate", in: plan).decision == .run(reasons: ["outputs not in the store"]))
            // A job the log never saw.
            #expect(try planner(changed, taxonomy: taxonomy).plan().allSatisfy { $0.decision == .run(reasons: ["not built before"]) })
        }
    }

    // MARK: - Errors

    @Test func aPluginThatCannotBeResolvedIsAPlanningError() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("planner-\(UUID().uuidString)")
        let plugin = root.appendingPathComponent("plugins/scan")
        try FileManager.default.createDirectory(at: plugin, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("name: scan\nversion: 1.0.0\ndescription: Scans\nrun: [./scan.sh]\n".utf8)
            .write(to: plugin.appendingPathComponent("plugin.yaml"))
        try Data("#!/bin/sh\nexit 0\n".utf8).write(to: plugin.appendingPathComponent("scan.sh"))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: plugin.appendingPathComponent("scan.sh").path)
        let text = """
            version: 1
            model: {name: lab-model}
            stages:
              scan: {uses: scan}
            builds:
              nightly: {kind: nightly}
            """
        let config = try BuildConfigLoader(
            plugins: PluginCatalog(directory: root.appendingPathComponent("plugins")), defaultWorkers: 2
        ).load(Array(text.utf8), file: "builds.yaml")
        let resolver = StageCommandResolver(modelbuildBinary: "/bin/modelbuild") { _ in nil }
        let planner = JobPlanner(
            config: config, build: try #require(config.build(named: "nightly")), taxonomy: nil, baseModel: nil,
            commands: resolver)
        let error = #expect(throws: PlanningError.self) { try planner.plan() }
        #expect(error?.description.contains("stage scan: cannot resolve") == true, "\(String(describing: error))")

        let resolved = JobPlanner(
            config: config, build: try #require(config.build(named: "nightly")), taxonomy: nil, baseModel: nil,
            commands: StageCommandResolver(modelbuildBinary: "/bin/modelbuild") { name in
                StageCommand(arguments: ["sh", "/plugins/\(name)/scan.sh"], implementation: "plugin \(name)@sha256:abc")
            })
        let plan = try resolved.plan()
        #expect(plan.map(\.job.command) == [["sh", "/plugins/scan/scan.sh"]])
        #expect(plan.first?.ingredients.implementation == "plugin scan@sha256:abc")
    }
}
