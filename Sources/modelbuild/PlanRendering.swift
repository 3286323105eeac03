import Foundation
import ModelBuild
import Pipeline

/// How `modelbuild plan` shows a plan to a person or a program.
enum PlanRendering {
    static func text(_ plan: BuildPlan) -> String {
        let layerCount = plan.layers.count
        var lines = [
            "build \(plan.build.name) (\(plan.build.kind.rawValue)): \(plan.stageCount) stages in \(layerCount) layer\(layerCount == 1 ? "" : "s")"
        ]
        let stages = plan.layers.flatMap { $0 }
        let width = stages.map(\.name.count).max() ?? 0
        let usesWidth = stages.map(\.implementation.description.count).max() ?? 0
        for (number, layer) in plan.layers.enumerated() {
            for stage in layer {
                let name = stage.name.padding(toLength: width, withPad: " ", startingAt: 0)
                let uses = stage.implementation.description.padding(toLength: usesWidth, withPad: " ", startingAt: 0)
                let details = ([uses] + notes(stage)).joined(separator: "  ")
                let line = "  \(number + 1)  \(name)  \(details)"
                lines.append(String(line.reversed().drop { $0 == " " }.reversed()))
            }
        }
        return lines.joined(separator: "\n")
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
        if stage.retry.attempts > 1 {
            notes.append("retry \(stage.retry.attempts)× from \(DurationText.format(stage.retry.backoff))")
        }
        return notes
    }

    static func json(_ plan: BuildPlan) -> String {
        let layers: [[[String: Any]]] = plan.layers.map { layer in
            layer.map { stage in
                [
                    "name": stage.name, "uses": stage.implementation.description, "needs": stage.needs,
                ]
            }
        }
        let object: [String: Any] = [
            "build": plan.build.name, "kind": plan.build.kind.rawValue, "layers": layers,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
