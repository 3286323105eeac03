/// Why the scheduler refused a graph or stopped a run.
public enum SchedulerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Two jobs have the same id.
    case duplicateJob(String)
    /// `job` needs `need`, which is not in the graph.
    case unknownNeed(job: String, need: String)
    /// The jobs form a cycle; the first id is repeated at the end
    /// (`["a", "b", "a"]`: a needs b, b needs a).
    case cycle([String])
    /// A job needs more of a resource than the capacity has (a resource missing from the
    /// capacity has none), so it could never start.
    case resourceExceedsCapacity(job: String, resource: String, needed: Int, capacity: Int)
    /// A cache key that cannot name a store entry.
    case invalidCacheKey(job: String, key: String)
    case invalidWorkerCount(Int)
    /// The journal could not be written, so the run was stopped.
    case journalFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .duplicateJob(let id): "job \"\(id)\" appears twice in the graph"
        case .unknownNeed(let job, let need): "job \"\(job)\" needs \"\(need)\", which is not in the graph"
        case .cycle(let path): "jobs form a cycle: " + path.joined(separator: " → ")
        case .resourceExceedsCapacity(let job, let resource, let needed, let capacity):
            "job \"\(job)\" needs \(needed) \(resource) but the capacity is \(capacity), so it could never start"
        case .invalidCacheKey(let job, let key):
            "job \"\(job)\" has cache key \"\(key)\", which is not a safe file name ([A-Za-z0-9._-])"
        case .invalidWorkerCount(let count): "worker count must be at least 1, not \(count)"
        case .journalFailed(let path, let reason): "could not write the journal \(path): \(reason)"
        }
    }
}
