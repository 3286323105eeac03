import Foundation
import Runner

/// A stage's log as a person reads it: without the worker protocol's `::progress` and
/// `::metric` lines (the live view and the journal already show them), and for a failure
/// its last lines, which usually say why (`CUDA out of memory`).
public enum StageLogText {
    /// How many lines of a failed stage's log are shown under the failure.
    public static let failureTailLines = 20

    /// The last `limit` lines of the log at `path` that are not protocol lines; none when
    /// the file is missing (a stage that printed nothing leaves no log).
    /// Only the last `window` bytes are read.
    public static func tail(ofFile path: String, limit: Int = failureTailLines, window: UInt64 = 64 * 1024) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > window ? size - window : 0
        guard (try? handle.seek(toOffset: start)) != nil, let data = try? handle.readToEnd() else { return [] }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        if start > 0, !lines.isEmpty { lines.removeFirst() }
        if lines.last?.isEmpty == true { lines.removeLast() }
        return Array(lines.filter { !isProtocolLine($0) }.suffix(limit))
    }

    /// `text` without its protocol lines.
    public static func withoutProtocolLines(_ text: String) -> String {
        guard text.contains("::") else { return text }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeAll { isProtocolLine(String($0)) }
        return lines.joined(separator: "\n")
    }

    /// Whether `line` is one the worker protocol reads (a well-formed `::progress` or `::metric`).
    public static func isProtocolLine(_ line: String) -> Bool {
        guard line.hasPrefix("::") else { return false }
        if case .text = StageOutputLine(parsing: line.hasSuffix("\r") ? String(line.dropLast()) : line) { return false }
        return true
    }
}

/// Drops protocol lines from a log read a piece at a time (`logs --follow`): a line cut
/// between two pieces waits for its end before it is judged.
public struct ProtocolLineFilter: Sendable {
    private var pending = Data()

    public init() {}

    /// The complete lines of `pending` and `piece` that are not protocol lines.
    public mutating func filter(_ piece: Data) -> Data {
        pending.append(piece)
        guard let lastNewline = pending.lastIndex(of: UInt8(ascii: "\n")) else { return Data() }
        let complete = pending[pending.startIndex...lastNewline]
        pending = Data(pending[(lastNewline + 1)...])
        return Data(StageLogText.withoutProtocolLines(String(decoding: complete, as: UTF8.self)).utf8)
    }

    /// What is left: a last line without a newline.
    public mutating func flush() -> Data {
        defer { pending = Data() }
        let text = String(decoding: pending, as: UTF8.self)
        return StageLogText.isProtocolLine(text) ? Data() : pending
    }
}
