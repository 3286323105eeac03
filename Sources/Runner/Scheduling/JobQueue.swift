/// A first-in first-out queue of job indices with O(1) append and removal from the front.
struct JobQueue: Sendable {
    private var items: [Int] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }
    var first: Int? { isEmpty ? nil : items[head] }

    mutating func append(_ job: Int) {
        items.append(job)
    }

    mutating func popFirst() -> Int? {
        guard !isEmpty else { return nil }
        let job = items[head]
        head += 1
        if head >= 1024 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return job
    }
}
