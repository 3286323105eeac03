extension BuildSession {
    /// Refuses `--force 'generate[leaf]'` naming an instance the plan does not have.
    static func checkForcedInstances(_ force: ForceSelection, planned: [PlannedJob]) throws(PlanningError) {
        guard case .stages(let names) = force else { return }
        let ids = Set(planned.map(\.job.id))
        for name in names.sorted() where name.contains("[") && !ids.contains(name) {
            let stage = ForceSelection.stage(of: name)
            let instances = planned.filter { $0.stage == stage }.map(\.job.id)
            throw PlanningError(
                "--force names \(name), which this build does not plan"
                    + (instances.isEmpty
                        ? "" : " (instances of \(stage): \(instances.prefix(5).joined(separator: ", "))\(instances.count > 5 ? ", …" : ""))"))
        }
    }

    /// Each planned stage instance → its cache key, as a build record keeps them.
    static func keys(of planned: [PlannedJob]) -> [String: String] {
        Dictionary(planned.map { ($0.job.id, $0.job.cacheKey) }, uniquingKeysWith: { first, _ in first })
    }
}
