import Foundation
import UseCases
import BuildConfiguration
import StageProtocol

/// How `modelbuild plan` shows a plan to a person or a program: the stages in layers,
/// and for each stage instance whether it runs or is reused, and why.
enum PlanRendering {
    static func text(_ plan: BuildPlan, planned: PlannedBuild) -> String {
        let jobs = planned.jobs
        // Positions in `jobs`, not copies: a plan of 66,000 instances holds as many large records.
        let instances = Dictionary(grouping: jobs.indices, by: { jobs[$0].stage })
        let toRun = jobs.count { $0.decision != .reuse }
        let layerCount = plan.layers.count
        var lines = planned.nothingToDo.map { ["build \(plan.build.name) would do nothing: \($0)"] } ?? []
        lines += [
            "build \(plan.build.name) (\(plan.build.kind.rawValue)): \(plan.stageCount) stages in \(layerCount) layer\(layerCount == 1 ? "" : "s"), "
                + "\(toRun) to run, \(jobs.count - toRun) reused"
        ]
        let stages = plan.layers.flatMap { $0 }
        let width = stages.map(\.name.count).max() ?? 0
        let usesWidth = stages.map(\.implementation.description.count).max() ?? 0
        // Each row: what it is, then the decision, aligned in one column.
        var rows: [(head: String, decision: String)] = []
        for (number, layer) in plan.layers.enumerated() {
            // In a layer, stages with something to run come first.
            let ordered =
                layer.filter { runs(instances[$0.name], of: jobs) } + layer.filter { !runs(instances[$0.name], of: jobs) }
            for stage in ordered {
                let name = stage.name.padding(toLength: width, withPad: " ", startingAt: 0)
                let uses = stage.implementation.description.padding(toLength: usesWidth, withPad: " ", startingAt: 0)
                let head = "  \(number + 1)  \(name)  " + ([uses] + notes(stage)).joined(separator: "  ")
                let stageJobs = instances[stage.name] ?? []
                if stage.foreach == nil, stageJobs.count == 1 {
                    rows.append((head, decision(jobs[stageJobs[0]].decision)))
                    continue
                }
                rows.append((head, stageJobs.isEmpty ? "no instances" : ""))
                let indent = String(repeating: " ", count: "  \(number + 1)  ".count + 2)
                // Instances that run first, each with its reason; many reused ones in one line.
                let running = stageJobs.filter { jobs[$0].decision != .reuse }
                let reused = stageJobs.filter { jobs[$0].decision == .reuse }
                rows += running.map { (indent + jobs[$0].job.id, decision(jobs[$0].decision)) }
                rows += reused.compactMap { index in
                    jobs[index].movedFrom.map { (indent + jobs[index].job.id, "reuse: moved from \($0.instance)") }
                }
                let reusedInPlace = reused.filter { jobs[$0].movedFrom == nil }
                if reusedInPlace.count > Self.listedReusedInstances {
                    rows.append((indent + "\(reusedInPlace.count) \(running.isEmpty ? "" : "other ")instances", "reused"))
                } else {
                    rows += reusedInPlace.map { (indent + jobs[$0].job.id, decision(jobs[$0].decision)) }
                }
            }
        }
        // Widths in Unicode scalars: counting characters (grapheme clusters) in 130,000
        // lines cost more than building them.
        let heads = rows.map { trimmed($0.head) }
        let widths = heads.map(\.unicodeScalars.count)
        let headWidth = widths.max() ?? 0
        for (index, row) in rows.enumerated() {
            let line = heads[index] + String(repeating: " ", count: headWidth - widths[index]) + "  " + row.decision
            lines.append(trimmed(line))
        }
        return lines.joined(separator: "\n")
    }

    /// Beyond this many reused instances, a stage shows their count instead of each one.
    static let listedReusedInstances = 20

    /// Whether any of the instances at these positions of `jobs` runs.
    private static func runs(_ positions: [Int]?, of jobs: [PlannedJob]) -> Bool {
        (positions ?? []).contains { jobs[$0].decision != .reuse }
    }

    /// `reuse`, or `run: ` and the reasons (`params.seed: 42 → 7; input a changed`).
    private static func decision(_ decision: PlannedJob.Decision) -> String {
        switch decision {
        case .reuse: "reuse"
        case .run(let reasons): "run: " + reasons.joined(separator: "; ")
        }
    }

    /// `text` without its trailing spaces. Walks back over the UTF-8 bytes from the end:
    /// a plan of 66,000 instances trims 130,000 lines.
    private static func trimmed(_ text: String) -> String {
        let bytes = text.utf8
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: " ") {
            end = bytes.index(before: end)
        }
        return end == bytes.endIndex ? text : String(text[..<end])
    }

    private static func notes(_ stage: StageSpec) -> [String] {
        var notes: [String] = []
        if !stage.needs.isEmpty { notes.append("needs " + stage.needs.joined(separator: ", ")) }
        switch stage.foreach {
        case .leaves: notes.append("per leaf")
        case .changedLeaves: notes.append("per changed leaf")
        case .items(let items): notes.append("per item (\(items.count))")
        case nil: break
        }
        for (resource, amount) in stage.resources.sorted(by: { $0.key < $1.key }) {
            notes.append("\(resource) \(amount)")
        }
        if let timeout = stage.timeout { notes.append("timeout \(DurationText.format(timeout))") }
        if let grace = stage.grace { notes.append("grace \(DurationText.format(grace))") }
        if stage.retry.attempts > 1 {
            notes.append("retry \(stage.retry.attempts)× from \(DurationText.format(stage.retry.backoff))")
        }
        return notes
    }

    /// The plan as one line of JSON, by modelbuild's one JSON writer.
    static func json(_ plan: BuildPlan, planned: PlannedBuild) -> String {
        let instances = Dictionary(grouping: planned.jobs, by: \.stage)
        let layers: [JSONValue] = plan.layers.map { layer in
            .array(
                layer.map { stage in
                    .object([
                        "name": .string(stage.name), "uses": .string(stage.implementation.description),
                        "needs": .array(stage.needs.map(JSONValue.string)),
                        "jobs": .array((instances[stage.name] ?? []).map(jsonObject)),
                    ])
                })
        }
        var fields: [String: JSONValue] = [
            "build": .string(plan.build.name), "kind": .string(plan.build.kind.rawValue), "layers": .array(layers),
        ]
        if let reason = planned.nothingToDo { fields["nothingToDo"] = .string(reason) }
        let object: JSONValue = .object(fields)
        return String(decoding: JSONWriter.compact(object), as: UTF8.self)
    }

    /// `{"id", "cacheKey", "decision": "run" | "reuse", "reasons": […]}`
    private static func jsonObject(_ job: PlannedJob) -> JSONValue {
        let reasons: [String]
        let decision: String
        switch job.decision {
        case .reuse:
            decision = "reuse"
            reasons = []
        case .run(let why):
            decision = "run"
            reasons = why
        }
        return .object([
            "id": .string(job.job.id), "cacheKey": .string(job.job.cacheKey), "decision": .string(decision),
            "reasons": .array(reasons.map(JSONValue.string)),
        ])
    }
}
