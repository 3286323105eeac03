import YAML

extension ConfigReader {
    /// `report: {metrics: [evaluate.f1, …]}`: each metric is `<stage>.<name>` of a declared stage.
    func readReport(_ node: Node, at path: KeyPath, stages: [String]) -> ReportSpec? {
        guard let report = nodes.mapping(node, at: path, allowed: ["metrics"], required: []) else { return nil }
        guard let metricsNode = report["metrics"] else { return ReportSpec() }
        guard let metrics = nodes.stringList(metricsNode, at: report.path("metrics")) else { return nil }
        var valid = true
        for (index, metric) in metrics.enumerated() {
            let at = metricsNode.sequence?[index] ?? metricsNode
            let itemPath = report.path("metrics").appending(index: index)
            guard let dot = metric.firstIndex(of: "."), dot != metric.startIndex, metric.index(after: dot) != metric.endIndex
            else {
                nodes.error("\"\(metric)\" is not a metric name: write <stage>.<metric>, e.g. evaluate.f1", at: at, path: itemPath)
                valid = false
                continue
            }
            let stage = String(metric[..<dot])
            if !stages.isEmpty, !stages.contains(stage) {
                nodes.error(
                    "unknown stage \"\(stage)\" in metric \"\(metric)\"\(Suggestion.didYouMean(stage, among: stages))",
                    at: at, path: itemPath)
                valid = false
            }
        }
        return valid ? ReportSpec(metrics: metrics) : nil
    }
}
