/// Lines written front-coded, as the key log's files are: a line that shares at least
/// `minimumShared` leading bytes with the previous one is `+N rest`, the previous line's
/// first N bytes followed by `rest`. The instances of a per-leaf stage differ only in their
/// leaf, so, sorted, each line holds little more than where its leaf's path differs and
/// what differs in it: 60 bytes instead of 200 for an `ingredients.log` line of a stage of
/// `true`.
struct FrontCodedLines {
    /// Shorter common starts are written out: `+N ` would save nothing.
    static let minimumShared = 8

    /// The lines so far, each ending with a newline.
    var bytes: [UInt8] = []
    private var previous: [UInt8] = []

    /// Adds `line` (without its newline), coded against the previous one unless `coded`
    /// is false.
    mutating func append(_ line: [UInt8], coded: Bool = true) {
        var shared = 0
        if coded {
            let limit = min(previous.count, line.count)
            while shared < limit, previous[shared] == line[shared] { shared += 1 }
        }
        // A line that itself begins with `+` is written `+0 line`, so it reads back as itself.
        if shared >= Self.minimumShared || line.first == UInt8(ascii: "+") {
            bytes += Array("+\(shared) ".utf8)
            bytes += line[shared...]
        } else {
            bytes += line
        }
        bytes.append(UInt8(ascii: "\n"))
        previous = line
    }

    /// The text of `line` (without its newline) after `previous` (the text of the line
    /// before, empty for the first): the line itself, or a coded line expanded; empty when
    /// its `N` is not a count within `previous`.
    static func text(of line: some Collection<UInt8>, after previous: [UInt8]) -> [UInt8] {
        guard line.first == UInt8(ascii: "+") else { return Array(line) }
        let coded = line.dropFirst()
        guard let space = coded.firstIndex(of: UInt8(ascii: " ")),
            let shared = Int(String(decoding: coded[..<space], as: UTF8.self)), shared >= 0, shared <= previous.count
        else { return [] }
        return Array(previous[..<shared]) + coded[coded.index(after: space)...]
    }

    /// Every line of `data`, expanded, with whether it ends with a newline (a crash
    /// mid-append leaves the last one cut short) and its size in the file. `previous` is
    /// the text of the line before `data` (empty at the start of a file).
    static func lines(of data: some Collection<UInt8>, after previous: [UInt8] = []) -> [(text: [UInt8], isWhole: Bool, size: Int)] {
        var lines: [(text: [UInt8], isWhole: Bool, size: Int)] = []
        var previous = previous
        var start = data.startIndex
        while start < data.endIndex {
            let newline = data[start...].firstIndex(of: UInt8(ascii: "\n"))
            let end = newline.map { data.index(after: $0) } ?? data.endIndex
            let text = Self.text(of: data[start..<(newline ?? end)], after: previous)
            lines.append((text, newline != nil, data.distance(from: start, to: end)))
            previous = text
            start = end
        }
        return lines
    }
}
