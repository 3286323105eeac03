import Foundation
import ExecutorTestKit
import Runner
import StageProtocol
import Testing
import TestSupport

@Suite struct SchedulerOrderingTests {
    @Test func jobsStartOnlyAfterTheirNeedsSucceeded() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let jobs = [
                makeJob("d", needs: ["b", "c"]), makeJob("b", needs: ["a"]), makeJob("c", needs: ["a"]),
                makeJob("a"),
            ]
            let outcome = try await fixture.run(jobs)
            #expect(outcome.summary.status == .succeeded)
            let records = outcome.journal
            for (job, needs) in [("b", ["a"]), ("c", ["a"]), ("d", ["b", "c"])] {
                let started = try #require(records.startedPosition(job))
                for need in needs {
                    #expect(try #require(records.succeededPosition(need)) < started, "\(job) started before \(need)")
                }
            }
            #expect(outcome.summary.jobs.allSatisfy { $0.state == .succeeded && $0.attempts.count == 1 })
        }
    }

    @Test func theObserverSeesExactlyTheJournalInOrder() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let outcome = try await fixture.run([makeJob("a"), makeJob("b", needs: ["a"])])
            #expect(outcome.events == outcome.journal)
            #expect(outcome.summary == RunSummary(records: outcome.journal))
            guard case .runStarted(let start) = outcome.journal.first?.event else {
                Issue.record("the journal does not begin with run.started")
                return
            }
            #expect(start.runID == outcome.run.id)
            #expect(start.buildName == "nightly" && start.configDigest == "digest")
            #expect(start.pid == getpid())
            #expect(outcome.journal.last?.event == .runFinished(status: .succeeded))
        }
    }

    @Test func eachAttemptGetsAContextWithInputsFromTheStoreAndItsOwnOutput() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let birds = "generate[knowledge/science/birds]"
            let executor = ContextReadingExecutor(
                DryRunExecutor(scripts: [
                    "validate": .init(files: ["report.txt": "ok\n"]),
                    birds: .init(files: ["data/train.jsonl": "{}\n"]),
                ]))
            let outcome = try await fixture.run(
                [makeJob("validate"), makeJob(birds, needs: ["validate"]), makeJob("train", needs: [birds])],
                executor: executor)
            #expect(outcome.summary.status == .succeeded)

            let context = try #require(executor.context(of: "train"))
            #expect(context.runID == outcome.run.id)
            #expect(context.stage == "train" && context.attempt == 1)
            #expect(context.output == outcome.run.outputDirectory(stage: "train", attempt: 1))
            #expect(context.params == ["seed": .integer(42)])
            // The input is the attempt's own copy, under the run, removed when the attempt ended.
            let input = try #require(context.inputs[birds])
            #expect(input == outcome.run.inputsDirectory(stage: "train", attempt: 1) + "/" + StageFileName.encode(birds))
            #expect(!FileManager.default.fileExists(atPath: input))

            // The stage name with `/` and brackets became one safe, reversible file name.
            let birdsContext = outcome.run.contextFile(stage: birds, attempt: 1)
            #expect(executor.context(of: birds)?.stage == birds)
            let name = URL(fileURLWithPath: birdsContext).lastPathComponent
            #expect(name == "generate%5Bknowledge%2Fscience%2Fbirds%5D.1.json")
            #expect(StageFileName.stageName(fromFileName: String(name.dropLast(".1.json".count))) == birds)
            // A stage that succeeded and left its work folder empty leaves no folder behind,
            // and no context: the journal and the store entry say what it held.
            #expect(!FileManager.default.fileExists(atPath: outcome.run.workDirectory(stage: birds)))
            for stage in ["validate", birds, "train"] {
                #expect(!FileManager.default.fileExists(atPath: outcome.run.contextFile(stage: stage, attempt: 1)))
            }
        }
    }

    @Test func aFailedAttemptKeepsItsContextForWhoeverDebugsIt() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let executor = DryRunExecutor(scripts: ["flaky": .init(outcomes: [.failed(exitStatus: 1), .succeeded])])
            let outcome = try await fixture.run(
                [makeJob("flaky", retry: RetryPolicy(attempts: 2, backoff: .zero))], executor: executor)
            #expect(outcome.summary.status == .succeeded)
            let failed = outcome.run.contextFile(stage: "flaky", attempt: 1)
            let context = try JSONDecoder().decode(StageContext.self, from: Data(contentsOf: URL(fileURLWithPath: failed)))
            #expect(context.stage == "flaky" && context.attempt == 1)
            #expect(!FileManager.default.fileExists(atPath: outcome.run.contextFile(stage: "flaky", attempt: 2)))
        }
    }

    /// A job that reads in place (a built-in stage) is given the store's read-only tree of
    /// each need, made when it starts, and no private copy: a train over a thousand
    /// generate instances spent longer copying and removing them than training.
    @Test func aJobReadingInPlaceGetsTheStoresTreesNotCopies() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let birds = "generate[knowledge/science/birds]"
            let executor = ContextReadingExecutor(
                DryRunExecutor(scripts: [birds: .init(files: ["data/train.jsonl": "{}\n"])]))
            let generate = makeJob(birds)
            var train = makeJob("train", needs: [birds])
            train.readsInPlace = true
            let outcome = try await fixture.run([generate, train], executor: executor)
            #expect(outcome.summary.status == .succeeded)

            let context = try #require(executor.context(of: "train"))
            let input = try #require(context.inputs[birds])
            #expect(input == fixture.store.treePath(generate.cacheKey))
            #expect(try String(contentsOfFile: input + "/data/train.jsonl", encoding: .utf8) == "{}\n")
            #expect(!FileManager.default.fileExists(atPath: outcome.run.inputsDirectory(stage: "train", attempt: 1)))
        }
    }

    @Test func progressAndMetricLinesReachTheJournalAndTheSummary() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let executor = DryRunExecutor(default: .init(events: [
                .progress(fraction: 0.5, message: "half"), .metric(name: "loss", value: 0.25),
            ]))
            let outcome = try await fixture.run([makeJob("train")], executor: executor)
            #expect(outcome.journal.contains { $0.event == .jobProgress(job: "train", attempt: 1, fraction: 0.5, message: "half") })
            #expect(outcome.journal.contains { $0.event == .jobMetric(job: "train", attempt: 1, name: "loss", value: 0.25) })
            let train = try #require(outcome.summary[job: "train"])
            #expect(train.progress == 0.5)
            #expect(train.metrics == ["loss": 0.25])
            #expect(train.attempts.first?.host == "dry-run")
        }
    }

    @Test func aTenThousandJobGraphCompletes() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            // 100 layers of 100 jobs; each job needs two jobs of the layer before.
            var generator = SeededRandom(seed: 7)
            var jobs: [Job] = []
            for layer in 0..<100 {
                for column in 0..<100 {
                    let needs =
                        layer == 0
                        ? [] : [0, 1].map { _ in "j\(layer - 1)-\(Int(generator.next() % 100))" }
                    jobs.append(makeJob("j\(layer)-\(column)", needs: needs))
                }
            }
            let outcome = try await fixture.run(
                jobs.shuffled(using: &generator), options: .init(workers: 8, dryRun: true))
            #expect(outcome.summary.status == .succeeded)
            #expect(outcome.summary.jobs.count == 10_000)
            #expect(outcome.summary.jobs.allSatisfy { $0.state == .succeeded })
            let started = Dictionary(uniqueKeysWithValues: outcome.journal.enumerated().compactMap { index, record in
                if case .jobStarted(let job, _, _, _) = record.event { return (job, index) }
                return nil
            })
            let succeeded = Dictionary(uniqueKeysWithValues: outcome.journal.enumerated().compactMap { index, record in
                if case .jobSucceeded(let job, _, _) = record.event { return (job, index) }
                return nil
            })
            let early = jobs.flatMap { job in
                job.needs.filter { need in (succeeded[need] ?? .max) > (started[job.id] ?? -1) }.map { "\(job.id) ← \($0)" }
            }
            #expect(early.isEmpty, "jobs started before their needs succeeded")
            #expect(outcome.journal.maximumConcurrency() <= 8)
            // The critical path is a chain of needs.
            let path = outcome.summary.criticalPath.jobs
            #expect(!path.isEmpty)
            for (need, job) in zip(path, path.dropFirst()) {
                #expect(outcome.summary[job: job]?.needs.contains(need) == true)
            }
        }
    }
}
