import Glibc
import Platform
import Testing

/// What `/proc` tells about a process: its group's members and its starting environment.
@Suite struct ProcessInspectionTests {
    @Test func thisProcessIsAMemberOfItsGroupAndItsEnvironmentReads() {
        #expect(ProcessInspection.runningMembers(ofGroup: getpgrp()).contains(getpid()))
        // The environment the process started with (a test may have changed its own since).
        #expect(ProcessInspection.environmentValue("PATH", ofProcess: getpid())?.contains("/") == true)
        #expect(ProcessInspection.environmentValue("MODELBUILD_NO_SUCH_VARIABLE", ofProcess: getpid()) == nil)
    }

    @Test func aMissingProcessOrGroupHasNothing() {
        // Above the kernel's largest pid (4194304), so never a live process.
        #expect(ProcessInspection.runningMembers(ofGroup: 4_194_305).isEmpty)
        #expect(ProcessInspection.environmentValue("PATH", ofProcess: 4_194_305) == nil)
        // Groups 0 and 1 are never a stage's, whatever runs there.
        #expect(ProcessInspection.runningMembers(ofGroup: 1).isEmpty)
    }
}
