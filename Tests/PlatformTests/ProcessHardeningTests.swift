import Foundation
import Testing

@testable import Platform

/// `ProcessHardening` finds the block of environment strings the kernel shows in
/// `/proc/self/environ`, which is the block it zeroes.
@Suite struct ProcessHardeningTests {
    /// The test process never hid its environment, so the block's bytes are still what
    /// `/proc/self/environ` reads.
    @Test func theStartingEnvironmentBlockIsWhatProcShows() throws {
        let range = try #require(ProcessHardening.startingEnvironmentBlock())
        let shown = try FileSystem.readFile("/proc/self/environ")
        #expect(range.count == shown.count)
        let memory = try #require(UnsafeRawPointer(bitPattern: range.lowerBound))
        #expect(Array(UnsafeRawBufferPointer(start: memory, count: range.count)) == shown)
        #expect(String(decoding: shown, as: UTF8.self).contains("PATH="))
    }
}
