/// Resource units free to running jobs, like ninja's pools: a job holds its `resources`
/// while it runs. A job that does not fit waits in the queue of the first resource it
/// lacks, and is looked at again only when that resource is released, so nothing rescans
/// every waiting job.
struct ResourceSlots: Sendable {
    private var free: [String: Int]
    private var waiting: [String: JobQueue] = [:]

    init(capacity: [String: Int]) {
        free = capacity
    }

    /// The first resource (by name) of which `demand` needs more than is free.
    func lacking(_ demand: [String: Int]) -> String? {
        demand.filter { $0.value > (free[$0.key] ?? 0) }.keys.min()
    }

    mutating func take(_ demand: [String: Int]) {
        for (resource, units) in demand where units > 0 { free[resource, default: 0] -= units }
    }

    mutating func wait(_ job: Int, for resource: String) {
        waiting[resource, default: JobQueue()].append(job)
    }

    /// Gives `demand` back and returns the waiting jobs that may fit now, in the order they
    /// waited: the heads of each released resource's queue, as many as its free units
    /// cover. They still have to pass `lacking` when they start.
    mutating func release(_ demand: [String: Int], demandOf: (Int) -> [String: Int]) -> [Int] {
        var woken: [Int] = []
        for (resource, units) in demand.sorted(by: { $0.key < $1.key }) where units > 0 {
            free[resource, default: 0] += units
            guard var queue = waiting[resource] else { continue }
            var available = free[resource] ?? 0
            while let job = queue.first, let needed = demandOf(job)[resource], needed <= available {
                available -= needed
                woken.append(queue.popFirst()!)
            }
            waiting[resource] = queue.isEmpty ? nil : queue
        }
        return woken
    }
}
