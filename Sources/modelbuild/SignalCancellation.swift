import Dispatch
import Foundation
import Platform

/// Turns Ctrl-C (SIGINT) and SIGTERM into cancelling a task, so running stages are torn
/// down cleanly and the run is recorded as cancelled.
final class SignalCancellation {
    private let sources: [any DispatchSourceSignal]

    /// Watches SIGINT and SIGTERM until `stop()`; each cancels `task`.
    init<Success: Sendable>(cancelling task: Task<Success, any Error>) {
        sources = [Signals.interrupt, Signals.terminate].map { signalNumber in
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
