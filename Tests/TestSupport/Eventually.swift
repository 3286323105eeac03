/// Polls `condition` every 10 ms until it holds or `timeout` passes, and returns whether
/// it held: a test waits for the state it needs, never for a fixed time. The timeout is a
/// hang guard for a broken build, so it is generous: the whole suite on a loaded two-core
/// machine has starved a test for over a minute.
public func eventually(
    timeout: Duration = .seconds(60), _ condition: () throws -> Bool
) async throws -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return try condition()
}
