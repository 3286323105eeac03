import Platform
import Synchronization

/// Copies a stage's stdout and stderr into its attempt's log, a masked line at a time, and
/// reports the protocol lines stdout carries on the way.
///
/// The launcher's reaper thread hands it the chunks it reads from the stage's pipes, one
/// call at a time; the lock only satisfies the compiler and is never contended.
final class StageOutputCopier: ChildOutputHandler {
    let log: AttemptLogFile
    let report: @Sendable (AttemptEvent) -> Void

    private struct Splitters {
        var standardOutput: MaskedLineSplitter
        var standardError: MaskedLineSplitter
    }

    private let splitters: Mutex<Splitters>

    init(log: AttemptLogFile, masker: SecretMasker, report: @escaping @Sendable (AttemptEvent) -> Void) {
        self.log = log
        self.report = report
        splitters = Mutex(
            Splitters(
                standardOutput: MaskedLineSplitter(masker: masker),
                standardError: MaskedLineSplitter(masker: masker)))
    }

    func received(_ chunk: UnsafeRawBufferPointer, from stream: ChildStream) {
        let lines = splitters.withLock { splitters in
            switch stream {
            case .standardOutput: splitters.standardOutput.append(chunk)
            case .standardError: splitters.standardError.append(chunk)
            }
        }
        take(lines, readingProtocol: stream == .standardOutput)
    }

    func outputEnded() {
        let (output, error) = splitters.withLock { ($0.standardOutput.finish(), $0.standardError.finish()) }
        if let error { take([error], readingProtocol: false) }
        if let output { take([output], readingProtocol: true) }
    }

    /// Only stdout carries the protocol; stderr lines are logged, never reported.
    private func take(_ lines: [[UInt8]], readingProtocol: Bool) {
        guard !lines.isEmpty else { return }
        log.append(lines: lines)
        guard readingProtocol else { return }
        // Every protocol line starts with "::"; skip decoding all the others.
        for line in lines where line.starts(with: [UInt8(ascii: ":"), UInt8(ascii: ":")]) {
            if let event = StageOutputLine(parsing: String(decoding: line, as: UTF8.self)).event {
                report(event)
            }
        }
    }
}
