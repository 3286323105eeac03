import Foundation
import TestSupport
import Testing

/// Fixture processes start with no signal blocked, whatever thread starts them: Swift's
/// worker threads block some signals, and a child that inherited that mask would ignore
/// the SIGTERM a test sends it.
@Suite struct SpawnedProcessSignalTests {
    @Test func aChildStartsWithNoSignalBlocked() throws {
        // Block SIGTERM on this thread, as a worker thread may have it, for the spawn only.
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        let result: ProcessOutput
        do {
            defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
            // Not through a shell, which may clear its mask: `cat` shows exactly what it got.
            result = try SpawnedProcess.run("/bin/cat", ["/proc/self/status"], environment: [:])
        }
        #expect(result.status == 0)
        let blockedLine = result.standardOutput.split(separator: "\n").first { $0.hasPrefix("SigBlk:") }
        let mask = try #require(blockedLine?.dropFirst("SigBlk:".count).trimmingCharacters(in: .whitespaces))
        #expect(Set(mask) == ["0"], "SigBlk: \(mask)")
    }
}
