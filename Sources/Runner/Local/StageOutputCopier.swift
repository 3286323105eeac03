import Subprocess

/// Copies one of a stage's output streams (stdout or stderr) into its attempt's log, a
/// masked line at a time, and reports the protocol lines it reads on the way.
struct StageOutputCopier: Sendable {
    let log: AttemptLogFile
    let masker: SecretMasker
    let report: @Sendable (AttemptEvent) -> Void

    /// Copies `stream` until it ends. With `readingProtocol`, `::progress` and `::metric`
    /// lines are reported as well as logged (only stdout carries the protocol).
    func copy(_ stream: SubprocessOutputSequence, readingProtocol: Bool) async throws {
        var splitter = MaskedLineSplitter(masker: masker)
        for try await chunk in stream {
            let lines = chunk.withUnsafeBytes { splitter.append($0) }
            take(lines, readingProtocol: readingProtocol)
        }
        if let last = splitter.finish() { take([last], readingProtocol: readingProtocol) }
    }

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
