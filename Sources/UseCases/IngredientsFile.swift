import Platform
import Synchronization

/// `ingredients.log` as this process last read it: key → JSON line, and where reading
/// stopped. The log is append-only (pruning replaces it with a new file), so reading it
/// again reads only the bytes appended since: a candidate plans twice and a nightly
/// once, and each plan that explains a change asked for the whole log, which grows by a
/// line per new stage instance. Only the last log read is kept.
struct IngredientsFile: Sendable {
    /// The file read: its path, device and inode (a pruned log is another inode).
    private var path: String
    private var device: UInt64
    private var inode: UInt64
    /// The bytes read: up to the end of the last whole line.
    private var offset: Int64
    /// The text of the last whole line, which the next appended line may be coded against
    /// (only when a crash cut that append short; each append starts afresh).
    private var lastLine: [UInt8]
    /// Key → its JSON; the first line of a key wins (later ones say the same).
    private(set) var lines: [String: Substring]

    private static let last = Mutex<IngredientsFile?>(nil)

    /// Key → JSON line of the log at `path`, as a whole read of the file gives them; empty
    /// when there is none or it cannot be read (it only explains).
    static func lines(at path: String) -> [String: Substring] {
        last.withLock { last in
            guard let status = try? FileSystem.status(path), status.isRegularFile else {
                last = nil
                return [:]
            }
            var file = IngredientsFile(
                path: path, device: status.device, inode: status.inode, offset: 0, lastLine: [], lines: [:])
            if let known = last, known.path == path, known.device == status.device, known.inode == status.inode,
                known.offset <= status.size
            {
                file = known
            }
            guard file.readAppended(size: status.size), (try? FileSystem.status(path))?.inode == status.inode else {
                last = nil
                return [:]
            }
            last = file
            return file.lines
        }
    }

    /// Reads the bytes from `offset` to `size` and adds their whole lines; false when
    /// the file cannot be read.
    private mutating func readAppended(size: Int64) -> Bool {
        guard size > offset else { return true }
        var bytes = [UInt8](repeating: 0, count: Int(size - offset))
        do {
            let descriptor = try FileSystem.open(path, .readOnly)
            defer { FileSystem.close(descriptor) }
            var filled = 0
            while filled < bytes.count {
                let start = offset + Int64(filled)
                let received = try FileSystem.withMutableBytes(&bytes) { (buffer) throws(FileSystemError) in
                    try FileSystem.read(
                        descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]), at: start, path: path)
                }
                guard received > 0 else { return false }
                filled += received
            }
        } catch {
            return false
        }
        for line in KeyLog.ingredientLines(in: bytes, after: lastLine) {
            // A line cut short (a crash, or an append under way) is read again next time,
            // whole.
            guard line.isWhole else { break }
            offset += Int64(line.size)
            lastLine = line.keyBeforeTab.map { Array($0.utf8) + [UInt8(ascii: "\t")] + line.json } ?? line.json
            guard !line.json.isEmpty else { continue }
            let key = line.key
            if lines[key] == nil { lines[key] = Substring(decoding: line.json, as: UTF8.self) }
        }
        return true
    }
}
