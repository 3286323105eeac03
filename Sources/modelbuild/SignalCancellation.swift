import Dispatch
import Foundation
import Platform

/// Turns Ctrl-C (SIGINT), SIGTERM and SIGHUP (the terminal or ssh session went away)
/// into cancelling a task, so running stages are torn down cleanly and the run is
/// recorded as cancelled. The first signal cancels and calls `onStopping` (to say what the
/// build now waits for); a second one calls `onKill`, which ends the stages at once.
final class SignalCancellation {
    private let sources: [any DispatchSourceSignal]

    /// Watches SIGINT, SIGTERM and SIGHUP until `stop()`.
    init<Success: Sendable>(
        cancelling task: Task<Success, any Error>, onStopping: @escaping @Sendable () -> Void = {},
        onKill: @escaping @Sendable () -> Void = {}
    ) {
        let count = SignalCount()
        sources = [Signals.interrupt, Signals.terminate, Signals.hangUp].map { signalNumber in
            Signals.ignore(signalNumber)
            // One serial queue for the three, so the count needs no lock.
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: SignalCount.queue)
            source.setEventHandler {
                count.value += 1
                if count.value == 1 {
                    task.cancel()
                    onStopping()
                } else {
                    onKill()
                }
            }
            source.resume()
            return source
        }
    }

    func stop() {
        for source in sources { source.cancel() }
    }
}

/// How many stop signals arrived; touched only on `queue`.
private final class SignalCount: @unchecked Sendable {
    // Safe: `value` is read and written only by handlers running on the serial `queue`.
    static let queue = DispatchQueue(label: "modelbuild.signals")
    var value = 0
}
