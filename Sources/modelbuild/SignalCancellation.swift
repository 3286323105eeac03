import Dispatch
import Foundation
import Platform

/// Turns Ctrl-C (SIGINT), SIGTERM and SIGHUP (the terminal or ssh session went away)
/// into cancelling a task, so running stages are torn down cleanly and the run is
/// recorded as cancelled.
final class SignalCancellation {
    private let sources: [any DispatchSourceSignal]

    /// Watches SIGINT, SIGTERM and SIGHUP until `stop()`; each cancels `task`.
    init<Success: Sendable>(cancelling task: Task<Success, any Error>) {
        sources = [Signals.interrupt, Signals.terminate, Signals.hangUp].map { signalNumber in
            Signals.ignore(signalNumber)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
    }

    func stop() {
        for source in sources { source.cancel() }
    }
}
