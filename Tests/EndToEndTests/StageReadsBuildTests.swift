import Foundation
import TestSupport
import Testing

extension IncrementalBuildTests {
    /// Issue 14 item 2: a stage's key holds only what it reads. The safety scan reads
    /// generate's outputs, not the base model, and runs per leaf over generate's instance of
    /// its leaf, so a new base model rescans nothing and a 10-leaf change rescans 10 leaves.
    /// Nested, so it runs after, never beside, the other sample nightlies of issue 14.
    @Suite struct StageReadsBuildTests {
        /// `count` new skill leaves (`writing/haiku_<n>`), one pull request; `marker` varies
        /// their task description, so a second call with another marker modifies them.
        static func mergeHaikuLeaves(
            _ directory: URL, numbers: ClosedRange<Int>, marker: String, extraAnswer: String? = nil, pullRequest: Int
        ) throws -> [String] {
            let taxonomy = GitFixture(existingAt: directory.appendingPathComponent("taxonomy"))
            let branch = "contributor/haiku-\(pullRequest)"
            try taxonomy.git("checkout", "--quiet", "-b", branch)
            var leaves: [String] = []
            for number in numbers {
                let leaf = "compositional_skills/writing/haiku_\(number)"
                var text = NightlyBuildTests.haikuLeaf.replacingOccurrences(
                    of: "Write a haiku about a build system topic.",
                    with: "Write a haiku about a build system topic (\(marker) \(number)).")
                if let extraAnswer, number == numbers.lowerBound {
                    text = text.replacingOccurrences(of: "a fresh model wakes.", with: extraAnswer)
                }
                try taxonomy.write("\(leaf)/qna.yaml", text)
                try taxonomy.write(
                    "\(leaf)/attribution.txt", "Title of work: haiku\nLicense of the work: CC-BY-4.0\nCreator names: test\n")
                leaves.append(leaf)
            }
            try taxonomy.commitAll("Haiku leaves \(marker)")
            try taxonomy.git("checkout", "--quiet", "main")
            try taxonomy.mergeNoFastForward(branch, message: "Merge pull request #\(pullRequest) from \(branch)")
            return leaves
        }

        static func safetyInstances(_ jobs: Set<String>) -> Set<String> {
            jobs.filter { $0.hasPrefix("safety[") }
        }

        @Test func aNewBaseModelAloneRescansNothing() async throws {
            try await withTemporaryDirectory { directory in
                let project = try await offThePool { try NightlyBuildTests.makeProject(in: directory) }
                let first = try await runModelbuild(["build", "nightly"], in: project)
                #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
                let scanned = Self.safetyInstances(
                    NightlyBuildTests.jobs(try NightlyBuildTests.latestJournal(project), event: "job.succeeded"))
                #expect(!scanned.isEmpty)

                try IncrementalBuildTests.edit(
                    project, replacing: "  base: previous ", with: "  base: {name: example/base-7b}  ")
                let plan = try await runModelbuild(["plan", "nightly", "--no-fetch"], in: project)
                #expect(plan.status == 0, "\(plan.standardError)")
                let lines = plan.standardOutput.split(separator: "\n")
                let trainLine = lines.first { $0.contains("builtin/train") }
                #expect(trainLine?.contains("base model changed") == true, "\(plan.standardOutput)")
                let safetyLines = lines.filter { $0.contains("safety[") }
                #expect(safetyLines.count == scanned.count, "\(plan.standardOutput)")
                #expect(safetyLines.allSatisfy { $0.hasSuffix("reuse") }, "\(plan.standardOutput)")

                let second = try await runModelbuild(["build", "nightly"], in: project)
                #expect(second.status == 0, "\(second.standardOutput)\(second.standardError)")
                let journal = try NightlyBuildTests.latestJournal(project)
                #expect(NightlyBuildTests.jobs(journal, event: "job.succeeded").contains("train"))
                #expect(Self.safetyInstances(NightlyBuildTests.jobs(journal, event: "job.succeeded")).isEmpty)
                #expect(Self.safetyInstances(NightlyBuildTests.jobs(journal, event: "job.reused")) == scanned)
            }
        }

        @Test func aTenLeafChangeRescansTenLeavesAndPersonalDataIsAWarningOnThePage() async throws {
            try await withTemporaryDirectory { directory in
                let project = try await offThePool { try NightlyBuildTests.makeProject(in: directory) }
                let added = try await offThePool {
                    try Self.mergeHaikuLeaves(
                        directory, numbers: 1...12, marker: "first", extraAnswer: "mail ada.lovelace@corp-mail.io.",
                        pullRequest: 50)
                }
                let first = try await runModelbuild(["build", "nightly"], in: project)
                #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
                let everyLeaf = Self.safetyInstances(
                    NightlyBuildTests.jobs(try NightlyBuildTests.latestJournal(project), event: "job.succeeded"))
                #expect(everyLeaf.count == added.count + 6, "\(everyLeaf)")

                // The e-mail address is personal data: a warning in the manifest and on the page, not a failure.
                let builds = project.appendingPathComponent("artifacts/lab-model/builds")
                let version = try #require(try FileManager.default.contentsOfDirectory(atPath: builds.path).first)
                let manifest = try #require(
                    try JSONSerialization.jsonObject(
                        with: Data(contentsOf: builds.appendingPathComponent("\(version)/manifest.json"))) as? [String: Any])
                let stages = try #require(manifest["stages"] as? [[String: Any]])
                let warned = stages.filter { ($0["warnings"] as? [String])?.isEmpty == false }
                #expect(warned.map { $0["name"] as? String } == ["safety[\(added[0])]"], "\(warned)")
                let warning = try #require((warned.first?["warnings"] as? [String])?.first)
                #expect(warning.contains(" email "), "\(warning)")
                let page = try String(contentsOf: builds.appendingPathComponent("\(version)/index.html"), encoding: .utf8)
                #expect(page.contains("<h2>Warnings</h2>"))
                #expect(page.contains(warning))
                #expect(!page.contains("ada.lovelace@corp-mail.io"))

                let changed = try await offThePool {
                    try Self.mergeHaikuLeaves(directory, numbers: 1...10, marker: "second", pullRequest: 51)
                }
                let second = try await runModelbuild(["build", "nightly"], in: project)
                #expect(second.status == 0, "\(second.standardOutput)\(second.standardError)")
                let journal = try NightlyBuildTests.latestJournal(project)
                let rescanned = Self.safetyInstances(NightlyBuildTests.jobs(journal, event: "job.succeeded"))
                #expect(rescanned == Set(changed.map { "safety[\($0)]" }))
                #expect(Self.safetyInstances(NightlyBuildTests.jobs(journal, event: "job.reused")) == everyLeaf.subtracting(rescanned))

                // Each instance scanned its own leaf's data only (the stage's own output says so).
                let key = try #require(
                    journal.first { $0["job"] as? String == "safety[\(changed[0])]" && $0["cacheKey"] != nil }?["cacheKey"]
                        as? String)
                let store = project.appendingPathComponent(".modelbuild/store")
                let entry = try #require(
                    try JSONSerialization.jsonObject(with: Data(contentsOf: store.appendingPathComponent("entries/\(key).json")))
                        as? [String: Any])
                let blob = try #require(((entry["files"] as? [String: Any])?["findings.json"] as? [String: Any])?["sha256"] as? String)
                let findings = try #require(
                    try JSONSerialization.jsonObject(with: Data(contentsOf: store.appendingPathComponent("blobs/sha256/\(blob)")))
                        as? [String: Any])
                let files = try #require(findings["filesScanned"] as? Int)
                #expect(files > 0 && files < 10, "one leaf's generated files, not the whole dataset: \(files)")
            }
        }
    }
}
