import Dispatch
import Foundation

/// Calls back when the terminal window changes size (SIGWINCH), until `stop()`.
final class TerminalResizeWatch {
    private let source: any DispatchSourceSignal

    init(onResize: @escaping @Sendable () -> Void) {
        signal(SIGWINCH, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .global())
        source.setEventHandler(handler: onResize)
        source.resume()
    }

    func stop() {
        source.cancel()
    }
}
