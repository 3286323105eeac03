import Foundation
import TestSupport
import Testing

/// `plan` on a 1,000-stage build with 3 changed leaves (issue 14): the instances that run
/// come first, with one short reason each, and the reused ones are one line, so the plan
/// stays a screen long whatever the taxonomy's size.
@Suite struct PlanAtScaleTests {
    static let leaves = 1_000

    static func leafPath(_ number: Int) -> String {
        "compositional_skills/domain_\(number % 10)/topic_\(number / 10 % 10)/leaf_\(number)"
    }

    @Test func aThreeLeafChangeOfAThousandStagesPlansRunsFirstInShortLines() async throws {
        try await withTemporaryDirectory { directory in
            let repository = directory.appendingPathComponent("taxonomy")
            try await offThePool {
                let taxonomy = try GitFixture(at: repository)
                for number in 0..<Self.leaves {
                    try taxonomy.write("\(Self.leafPath(number))/qna.yaml", "version: 3\ntask_description: leaf \(number)\n")
                }
                try taxonomy.commitAll("A thousand leaves")
            }
            let project = directory.appendingPathComponent("project")
            try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
            // The leaves are minimal, not valid InstructLab leaves: the build must not skip them.
            try """
                version: 1
                model: {name: lab-model}
                taxonomy: {url: \(repository.path), branch: main, folders: [compositional_skills], on_invalid: fail}
                executor: {workers: 2}
                stages:
                  leaf: {run: ["true"], foreach: leaves}
                  all: {run: ["true"], needs: [leaf]}
                builds:
                  nightly: {}
                """.write(to: project.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
            // `all` reads a thousand inputs: more lines than one environment string may hold,
            // so MODELBUILD_INPUTS_FILE names them (it failed with E2BIG before).
            let first = try await runModelbuild(["build", "nightly", "--no-publish"], in: project)
            #expect(first.status == 0, "\(first.standardOutput.suffix(2_000))\(first.standardError)")

            let changed = [7, 300, 999].map(Self.leafPath)
            try await offThePool {
                let taxonomy = GitFixture(existingAt: repository)
                for leaf in changed { try taxonomy.write("\(leaf)/qna.yaml", "version: 3\ntask_description: changed\n") }
                try taxonomy.commitAll("Change three leaves")
            }
            let plan = try await runModelbuild(["plan", "nightly"], in: project)
            #expect(plan.status == 0, "\(plan.standardError)")
            let lines = plan.standardOutput.split(separator: "\n").map(String.init)
            #expect(lines.count < 12, "\(plan.standardOutput)")
            #expect(lines.allSatisfy { $0.count < 400 }, "\(lines.map(\.count).max() ?? 0)")
            let leafHeader = try #require(lines.firstIndex { $0.contains("leaf  ") && $0.contains("per leaf") })
            let running = lines[(leafHeader + 1)...].prefix(3)
            #expect(Set(running.map { $0.trimmingCharacters(in: .whitespaces).prefix { $0 != " " } }) == Set(changed.map { "leaf[\($0)]" }))
            #expect(running.allSatisfy { $0.hasSuffix("run: taxonomy leaf \($0.split(separator: "[")[1].prefix { $0 != "]" }) changed") }, "\(running)")
            try #require(lines.count > leafHeader + 4, "\(plan.standardOutput)")
            let reusedLine = lines[leafHeader + 4]
            #expect(reusedLine.contains(" 997 other instances ") && reusedLine.hasSuffix(" reused"), "\(reusedLine)")
            let all = try #require(lines.first { $0.contains("  all  ") })
            #expect(all.contains("run: input leaf["), "\(all)")
        }
    }
}
