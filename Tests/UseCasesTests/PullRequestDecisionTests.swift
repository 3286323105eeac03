import BuildConfiguration
import Foundation
import Testing
import UseCases

/// The on-pull-request trigger's rules, one look at a time: a head is built once it has
/// stayed still for `quiet`, once per head, never while its candidate builds.
@Suite struct PullRequestDecisionTests {
    private let trigger = OnPullRequestTrigger(poll: .seconds(60), quiet: .seconds(600), maxParallel: 2)
    private let start = instant("2026-12-07T10:00:00Z")

    private func at(_ minutes: Int) -> Date { start.addingTimeInterval(Double(minutes) * 60) }

    private func head(_ number: Int, _ head: String) -> PullRequestDecision.Head {
        PullRequestDecision.Head(number: number, head: head)
    }

    @Test func aNewHeadIsDueOnceItStayedQuiet() {
        var state: [String: PullRequestScheduleState] = [:]
        let first = PullRequestDecision.read(heads: [7: "a1"], at: at(0), trigger: trigger, state: &state, building: [])
        #expect(first.due.isEmpty)
        #expect(first.moved == [.init(head: head(7, "a1"), quietUntil: at(10))])
        #expect(first.nextDue == at(10))
        let settling = PullRequestDecision.read(heads: [7: "a1"], at: at(9), trigger: trigger, state: &state, building: [])
        #expect(settling.due.isEmpty && settling.moved.isEmpty && settling.nextDue == at(10))
        let due = PullRequestDecision.read(heads: [7: "a1"], at: at(10), trigger: trigger, state: &state, building: [])
        #expect(due.due == [head(7, "a1")])
    }

    @Test func aTriedHeadIsNotDueAgainAndAMovedOneIs() {
        var state: [String: PullRequestScheduleState] = [:]
        _ = PullRequestDecision.read(heads: [7: "a1"], at: at(0), trigger: trigger, state: &state, building: [])
        state["7"]?.triedHead = "a1"
        let tried = PullRequestDecision.read(heads: [7: "a1"], at: at(30), trigger: trigger, state: &state, building: [])
        #expect(tried.due.isEmpty && tried.moved.isEmpty && tried.nextDue == nil)
        let moved = PullRequestDecision.read(heads: [7: "b2"], at: at(31), trigger: trigger, state: &state, building: [])
        #expect(moved.moved == [.init(head: head(7, "b2"), quietUntil: at(41))])
        // It moves again while settling: the quiet time counts from the last move.
        let again = PullRequestDecision.read(heads: [7: "c3"], at: at(35), trigger: trigger, state: &state, building: [])
        #expect(again.nextDue == at(45) && again.due.isEmpty)
        #expect(PullRequestDecision.read(heads: [7: "c3"], at: at(45), trigger: trigger, state: &state, building: []).due == [head(7, "c3")])
    }

    @Test func aBuildingPullRequestWaitsAndAGoneOneIsForgotten() {
        var state: [String: PullRequestScheduleState] = [:]
        _ = PullRequestDecision.read(heads: [1: "a", 2: "b"], at: at(0), trigger: trigger, state: &state, building: [])
        let due = PullRequestDecision.read(heads: [1: "a", 2: "b"], at: at(10), trigger: trigger, state: &state, building: [2])
        #expect(due.due == [head(1, "a")])
        let gone = PullRequestDecision.read(heads: [1: "a"], at: at(11), trigger: trigger, state: &state, building: [])
        #expect(gone.gone == [2])
        #expect(state.keys.sorted() == ["1"])
    }

    @Test func theLongestQuietIsBuiltFirst() {
        var state: [String: PullRequestScheduleState] = [:]
        _ = PullRequestDecision.read(heads: [9: "x"], at: at(0), trigger: trigger, state: &state, building: [])
        _ = PullRequestDecision.read(heads: [9: "x", 3: "y"], at: at(2), trigger: trigger, state: &state, building: [])
        let due = PullRequestDecision.read(heads: [9: "x", 3: "y"], at: at(20), trigger: trigger, state: &state, building: [])
        #expect(due.due == [head(9, "x"), head(3, "y")])
    }
}
