/// The chain of jobs, each needing the one before, whose durations add up to the most:
/// the part of a run no number of workers could have made shorter.
public struct CriticalPath: Sendable, Hashable {
    /// Job ids, first to last.
    public var jobs: [String]
    public var duration: Duration

    public init(jobs: [String], duration: Duration) {
        self.jobs = jobs
        self.duration = duration
    }
}

extension RunSummary {
    /// The critical path through the queued jobs, by each job's `duration` (zero for
    /// reused, skipped and never-started jobs). Linear in jobs plus needs; needs on jobs
    /// that were never queued are ignored.
    public var criticalPath: CriticalPath {
        var index: [String: Int] = [:]
        for (position, job) in jobs.enumerated() { index[job.id] = position }
        var dependants = [[Int]](repeating: [], count: jobs.count)
        var waiting = [Int](repeating: 0, count: jobs.count)
        for (position, job) in jobs.enumerated() {
            for need in job.needs {
                guard let upstream = index[need] else { continue }
                dependants[upstream].append(position)
                waiting[position] += 1
            }
        }
        var finish = [Duration](repeating: .zero, count: jobs.count)
        var previous = [Int?](repeating: nil, count: jobs.count)
        var ready = (0..<jobs.count).filter { waiting[$0] == 0 }
        var next = 0
        while next < ready.count {
            let position = ready[next]
            next += 1
            finish[position] += jobs[position].duration
            for dependant in dependants[position] {
                // Until the dependant is processed, `finish` holds its latest need's finish.
                if previous[dependant] == nil || finish[position] > finish[dependant] {
                    finish[dependant] = finish[position]
                    previous[dependant] = position
                }
                waiting[dependant] -= 1
                if waiting[dependant] == 0 { ready.append(dependant) }
            }
        }
        guard var last = finish.indices.max(by: { finish[$0] < finish[$1] }) else {
            return CriticalPath(jobs: [], duration: .zero)
        }
        let duration = finish[last]
        var path = [jobs[last].id]
        while let before = previous[last] {
            path.append(jobs[before].id)
            last = before
        }
        return CriticalPath(jobs: path.reversed(), duration: duration)
    }
}
