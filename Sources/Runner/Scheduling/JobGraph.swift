import Store
/// The jobs of a run as indices: each job's needs and dependants, checked once before
/// anything runs (unknown needs, duplicates, cycles, resources no capacity could hold).
/// Everything after works on integers, in time linear in jobs plus needs.
struct JobGraph: Sendable {
    let jobs: [Job]
    /// Distinct needs of each job, as indices.
    let needs: [[Int]]
    /// Jobs that need each job, as indices.
    let dependants: [[Int]]

    init(_ jobs: [Job], workers: Int, capacity: [String: Int]) throws(SchedulerError) {
        guard workers >= 1 else { throw .invalidWorkerCount(workers) }
        var index: [String: Int] = [:]
        index.reserveCapacity(jobs.count)
        for (position, job) in jobs.enumerated() {
            guard index.updateValue(position, forKey: job.id) == nil else { throw .duplicateJob(job.id) }
            guard OutputStore.isValidKey(job.cacheKey) else {
                throw .invalidCacheKey(job: job.id, key: job.cacheKey)
            }
            for (resource, needed) in job.resources.sorted(by: { $0.key < $1.key }) where needed > 0 {
                let available = capacity[resource] ?? 0
                guard needed <= available else {
                    throw .resourceExceedsCapacity(job: job.id, resource: resource, needed: needed, capacity: available)
                }
            }
        }
        var needs = [[Int]](repeating: [], count: jobs.count)
        var dependants = [[Int]](repeating: [], count: jobs.count)
        for (position, job) in jobs.enumerated() {
            var seen = Set<Int>()
            for need in job.needs {
                guard let upstream = index[need] else { throw .unknownNeed(job: job.id, need: need) }
                guard seen.insert(upstream).inserted else { continue }
                needs[position].append(upstream)
                dependants[upstream].append(position)
            }
        }
        self.jobs = jobs
        self.needs = needs
        self.dependants = dependants
        if let cycle = findCycle() { throw .cycle(cycle.map { jobs[$0].id }) }
    }

    /// Kahn's algorithm; if some jobs are never freed, they contain a cycle, found by
    /// walking needs among them until a job repeats.
    private func findCycle() -> [Int]? {
        var waiting = needs.map(\.count)
        var ready = waiting.indices.filter { waiting[$0] == 0 }
        var freed = 0
        while let job = ready.popLast() {
            freed += 1
            for dependant in dependants[job] {
                waiting[dependant] -= 1
                if waiting[dependant] == 0 { ready.append(dependant) }
            }
        }
        guard freed < jobs.count, var current = waiting.indices.first(where: { waiting[$0] > 0 }) else {
            return nil
        }
        var position: [Int: Int] = [:]
        var walk: [Int] = []
        while position[current] == nil {
            position[current] = walk.count
            walk.append(current)
            // A job still waiting has at least one need that is still waiting.
            current = needs[current].first { waiting[$0] > 0 }!
        }
        return Array(walk[position[current]!...]) + [current]
    }
}
