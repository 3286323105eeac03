import SystemPackage

/// Follows the log file Slurm writes for a running job: each call to ``readNew()`` reads
/// what was appended since the last, and reports the `::progress` and `::metric` lines in
/// it. Slurm writes stdout and stderr to the same file, so protocol lines are read from
/// both (the local executor reads them from stdout only).
///
/// For an adopted job the log is the earlier run's; the tail then also copies what it
/// reads into this attempt's own log, so the new run's log is complete.
struct SlurmLogTail {
    let path: String
    let copy: AttemptLogFile?
    let report: @Sendable (AttemptEvent) -> Void
    private var offset: Int64 = 0
    /// Splits into lines only; what Slurm writes is already masked on the node.
    private var splitter = MaskedLineSplitter(masker: SecretMasker(secretValues: []))

    init(path: String, copyingTo copy: AttemptLogFile?, report: @escaping @Sendable (AttemptEvent) -> Void) {
        self.path = path
        self.copy = copy
        self.report = report
    }

    /// Reads what was appended since the last call. A missing file (the job has not
    /// started yet) is nothing new.
    mutating func readNew() {
        guard let descriptor = try? FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
        else { return }
        defer { try? descriptor.close() }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count =
                (try? buffer.withUnsafeMutableBytes { try descriptor.read(fromAbsoluteOffset: offset, into: $0) }) ?? 0
            guard count > 0 else { return }
            offset += Int64(count)
            let chunk = Array(buffer[..<count])
            copy?.append(bytes: chunk)
            take(splitter.append(chunk))
        }
    }

    /// Reads the rest and the last line if it has no line break.
    mutating func finish() {
        readNew()
        if let last = splitter.finish() { take([last]) }
    }

    private func take(_ lines: [[UInt8]]) {
        for line in lines where line.starts(with: [UInt8(ascii: ":"), UInt8(ascii: ":")]) {
            if let event = StageOutputLine(parsing: String(decoding: line, as: UTF8.self)).event {
                report(event)
            }
        }
    }
}
