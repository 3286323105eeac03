import Platform
import Synchronization

/// Copies a stage's stdout and stderr into its attempt's log, a masked line at a time, and
/// reports the protocol lines stdout carries on the way.
///
/// The launcher's reaper thread hands it the chunks it reads from the stage's pipes, one
/// call at a time; the splitters' lock only satisfies the compiler and is never contended.
/// The reaper starts reading as soon as the process exists, possibly before the executor
/// has reported it started: protocol events are held until ``reportStarted(_:)``, so
/// `started` is always the first event of an attempt.
final class StageOutputCopier: ChildOutputHandler {
    let log: AttemptLogFile
    let report: @Sendable (AttemptEvent) -> Void

    private struct Splitters {
        var standardOutput: MaskedLineSplitter
        var standardError: MaskedLineSplitter
    }

    private let splitters: Mutex<Splitters>

    /// Closed until the start is reported; the events printed before it, in order.
    private struct Gate {
        var isOpen = false
        var held: [AttemptEvent] = []
    }

    private let gate = Mutex(Gate())

    init(log: AttemptLogFile, masker: SecretMasker, report: @escaping @Sendable (AttemptEvent) -> Void) {
        self.log = log
        self.report = report
        splitters = Mutex(
            Splitters(
                standardOutput: MaskedLineSplitter(masker: masker),
                standardError: MaskedLineSplitter(masker: masker)))
    }

    /// Reports `started`, then every protocol event the stage printed before it, in order;
    /// later events are reported as they arrive.
    func reportStarted(_ started: AttemptEvent) {
        gate.withLock { gate in
            report(started)
            for event in gate.held { report(event) }
            gate.held = []
            gate.isOpen = true
        }
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
                gate.withLock { gate in
                    if gate.isOpen { report(event) } else { gate.held.append(event) }
                }
            }
        }
    }
}
