import Testing

@testable import Stages

/// `ParallelMap`: work spread over the cores gives the sequential result.
@Suite struct ParallelMapTests {
    struct Refused: Error, Equatable {
        var element: Int
    }

    @Test func resultsComeBackInTheOrderOfTheInput() {
        let numbers = Array(0..<1_000)
        #expect(ParallelMap.map(numbers) { $0 * $0 } == numbers.map { $0 * $0 })
        #expect(ParallelMap.chunkedMap(numbers, chunks: 7) { $0.map { $0 + 1 } } == numbers.map { $0 + 1 })
        #expect(ParallelMap.chunkedMap([Int](), chunks: 7) { $0.map { $0 + 1 } } == [])
    }

    @Test func theErrorThrownIsTheFirstFailingElements() {
        #expect(throws: Refused(element: 10)) {
            try ParallelMap.map(Array(0..<100)) { (number) throws(Refused) -> Int in
                if number >= 10, number.isMultiple(of: 10) { throw Refused(element: number) }
                return number
            }
        }
    }
}
