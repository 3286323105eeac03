import Dispatch
import Synchronization

/// Independent pieces of a stage's work (reading a thousand datasets, parsing a model's
/// lines, answering questions) spread over every core. The results come back in the order
/// of the input and the error thrown is the one of the first failing element, so the
/// outcome is the sequential one, only sooner.
enum ParallelMap {
    /// `transform` of each element of `elements`, in order.
    static func map<Element: Sendable, Transformed: Sendable, Failure: Error>(
        _ elements: [Element], _ transform: @Sendable (Element) throws(Failure) -> Transformed
    ) throws(Failure) -> [Transformed] {
        guard elements.count > 1 else {
            var results: [Transformed] = []
            for element in elements { results.append(try transform(element)) }
            return results
        }
        let slots = Slots<Result<Transformed, Failure>>(count: elements.count)
        DispatchQueue.concurrentPerform(iterations: elements.count) { index in
            slots.store(Result { () throws(Failure) -> Transformed in try transform(elements[index]) }, at: index)
        }
        var results: [Transformed] = []
        results.reserveCapacity(elements.count)
        for slot in slots.values() {
            // Every iteration stored its slot before concurrentPerform returned.
            guard let slot else { continue }
            results.append(try slot.get())
        }
        return results
    }

    /// `transform` of consecutive chunks of `elements` (about `chunks` of them), in order,
    /// flattened: for elements too small to be worth a task each.
    static func chunkedMap<Element: Sendable, Transformed: Sendable, Failure: Error>(
        _ elements: [Element], chunks: Int = 64,
        _ transform: @Sendable (ArraySlice<Element>) throws(Failure) -> [Transformed]
    ) throws(Failure) -> [Transformed] {
        let size = max(1, (elements.count + chunks - 1) / max(chunks, 1))
        let ranges = stride(from: 0, to: elements.count, by: size).map { $0..<min($0 + size, elements.count) }
        return try map(ranges) { (range) throws(Failure) in try transform(elements[range]) }.flatMap { $0 }
    }

    /// One result slot per iteration, written by whichever thread ran it.
    private final class Slots<Value: Sendable>: Sendable {
        private let slots: Mutex<[Value?]>

        init(count: Int) {
            slots = Mutex(Array(repeating: nil, count: count))
        }

        func store(_ value: Value, at index: Int) {
            slots.withLock { $0[index] = value }
        }

        func values() -> [Value?] {
            slots.withLock { $0 }
        }
    }
}
