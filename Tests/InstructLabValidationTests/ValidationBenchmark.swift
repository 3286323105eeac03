import Foundation
import InstructLabValidation
import TestSupport
import Testing

/// Throughput of leaf validation, run by hand:
/// `MODELBUILD_BENCHMARK_LEAVES=10000 swift test -c release --filter ValidationBenchmark`.
/// Prints the time; asserts only that every leaf was judged as expected.
@Test func validationBenchmark() async throws {
    guard let count = ProcessInfo.processInfo.environment["MODELBUILD_BENCHMARK_LEAVES"].flatMap(Int.init) else {
        return
    }
    let samples = try FixtureLeaves.leaves(under: InstructLabFixtures.taxonomySamples)
        .filter { !$0.path.hasPrefix("foundational_skills/") }
    let leaves = (0..<count).map { index in
        var leaf = samples[index % samples.count]
        leaf.path = leaf.path.replacingOccurrences(of: "/qna.yaml", with: "/copy\(index)/qna.yaml")
        return leaf
    }
    let validator = LeafValidator()
    let clock = ContinuousClock()
    var valid = 0
    // CPU time of this thread, so a busy machine does not inflate the figure.
    let cpuStart = threadCPUSeconds()
    let elapsed = clock.measure {
        for leaf in leaves where validator.validate(leaf).isValid { valid += 1 }
    }
    let cpu = threadCPUSeconds() - cpuStart
    let bytes = leaves.reduce(0) { $0 + $1.bytes.count }
    print("validated \(count) leaves (\(bytes) bytes): \(cpu) s CPU, \(elapsed) wall; \(valid) valid")
    #expect(valid == count)

    let concurrentStart = clock.now
    let reports = await validator.validateConcurrently(leaves)
    print("validated \(count) leaves concurrently in \(clock.now - concurrentStart) wall")
    let paths = reports.map(\.path)
    #expect(paths == leaves.map(\.path))
    #expect(reports.filter(\.isValid).count == count)
}

private func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
