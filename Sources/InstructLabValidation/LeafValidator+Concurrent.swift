import Foundation

extension LeafValidator {
    /// Validates many leaves on every core, in chunks; reports come back in the order
    /// of `leaves`. Each leaf is independent, so the result is the same as `validate`'s.
    public func validateConcurrently(_ leaves: [LeafSource]) async -> [LeafReport] {
        let workers = max(1, min(Self.processorCount, leaves.count / 64 + 1))
        let chunkSize = (leaves.count + workers - 1) / max(workers, 1)
        guard workers > 1 else { return validate(leaves) }
        return await withTaskGroup(of: (Int, [LeafReport]).self) { group in
            for start in stride(from: 0, to: leaves.count, by: chunkSize) {
                let chunk = Array(leaves[start..<min(start + chunkSize, leaves.count)])
                group.addTask { (start, chunk.map(validate)) }
            }
            var chunks: [(Int, [LeafReport])] = []
            for await chunk in group { chunks.append(chunk) }
            return chunks.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    private static var processorCount: Int {
        max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}
