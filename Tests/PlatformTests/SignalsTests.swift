import Platform
import Testing

@Suite struct SignalsTests {
    @Test func aGroupThatDoesNotExistReceivesNothing() {
        // Process group ids are positive; a huge one belongs to nobody.
        #expect(!Signals.send(0, toGroup: 2_000_000_000))
        #expect(Signals.send(0, toProcess: CurrentProcess.id))
    }

    @Test func theHostHasAName() {
        #expect(!CurrentProcess.hostName.isEmpty)
        #expect(CurrentProcess.processorCount >= 1)
    }
}
