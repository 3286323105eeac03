import Foundation

/// A time zone read from the system's zoneinfo (TZif files, RFC 8536): the UTC offset in
/// force at any instant, from the file's transitions and, beyond them, its POSIX rule.
public struct ZoneInfo: Sendable, Hashable {
    public let identifier: String
    /// Transition instants (seconds since 1970) and the offset (seconds east of UTC) from then.
    private let transitions: [(at: Int64, offset: Int32)]
    /// The offset before the first transition.
    private let initialOffset: Int32
    /// The rule for instants after the last transition, from the file's footer.
    private let rule: PosixTimeZoneRule?

    public static let utc = ZoneInfo(identifier: "UTC", transitions: [], initialOffset: 0, rule: nil)

    /// Why a zone could not be read.
    public struct LoadError: Error, Sendable, Hashable, CustomStringConvertible {
        public let description: String
    }

    init(identifier: String, transitions: [(at: Int64, offset: Int32)], initialOffset: Int32, rule: PosixTimeZoneRule?) {
        self.identifier = identifier
        self.transitions = transitions
        self.initialOffset = initialOffset
        self.rule = rule
    }

    /// The zone named `identifier` (an IANA name such as `Europe/Paris`) from `directory`.
    public static func load(
        _ identifier: String, directory: String = "/usr/share/zoneinfo"
    ) throws(LoadError) -> ZoneInfo {
        if identifier == "UTC" || identifier == "Etc/UTC" { return .utc }
        let parts = identifier.split(separator: "/", omittingEmptySubsequences: false)
        guard !identifier.isEmpty, !identifier.hasPrefix("/"),
            parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." })
        else {
            throw LoadError(description: "\"\(identifier)\" is not a time zone name")
        }
        let path = directory + "/" + identifier
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "unknown time zone \"\(identifier)\" (no \(path))")
        }
        do {
            var reader = TZifReader(bytes: Array(data), identifier: identifier)
            return try reader.read()
        } catch {
            throw LoadError(description: "\(path): \(error)")
        }
    }

    /// Seconds east of UTC in force at `instant` (seconds since 1970).
    public func offset(at instant: Int64) -> Int32 {
        guard let last = transitions.last else { return rule?.offset(at: instant) ?? initialOffset }
        if instant >= last.at, let rule { return rule.offset(at: instant) }
        var low = 0, high = transitions.count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle].at <= instant { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? initialOffset : transitions[low - 1].offset
    }

    public static func == (lhs: ZoneInfo, rhs: ZoneInfo) -> Bool { lhs.identifier == rhs.identifier }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }
}

/// Reads the version 2+ body of a TZif file (64-bit times) and its footer rule.
private struct TZifReader {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let bytes: [UInt8]
    let identifier: String
    var position = 0

    init(bytes: [UInt8], identifier: String) {
        self.bytes = bytes
        self.identifier = identifier
    }

    mutating func read() throws(Failure) -> ZoneInfo {
        var header = try readHeader()
        var timeSize = 4
        if header.version >= 2 {
            position += header.dataLength(timeSize: 4)
            header = try readHeader()
            timeSize = 8
        }
        let times = try (0..<header.timeCount).map { _ throws(Failure) in try integer(timeSize) }
        let indexes = try (0..<header.timeCount).map { _ throws(Failure) in Int(try integer(1)) }
        var offsets: [Int32] = []
        var isDaylight: [Bool] = []
        for _ in 0..<header.typeCount {
            offsets.append(Int32(truncatingIfNeeded: try integer(4)))
            isDaylight.append(try integer(1) != 0)
            _ = try integer(1)
        }
        guard !offsets.isEmpty, indexes.allSatisfy({ $0 < offsets.count }) else {
            throw Failure(description: "malformed TZif data")
        }
        position += header.characterCount + header.leapCount * (timeSize + 4) + header.standardCount
            + header.utcCount
        var rule: PosixTimeZoneRule?
        if header.version >= 2, position < bytes.count, bytes[position] == UInt8(ascii: "\n") {
            let footer = bytes[(position + 1)...].prefix { $0 != UInt8(ascii: "\n") }
            rule = PosixTimeZoneRule(String(decoding: footer, as: UTF8.self))
        }
        let transitions = zip(times, indexes).map { (at: $0, offset: offsets[$1]) }
        let initial = isDaylight.firstIndex(of: false).map { offsets[$0] } ?? offsets[0]
        return ZoneInfo(identifier: identifier, transitions: transitions, initialOffset: initial, rule: rule)
    }

    struct Header {
        var version: Int
        var utcCount, standardCount, leapCount, timeCount, typeCount, characterCount: Int

        func dataLength(timeSize: Int) -> Int {
            timeCount * timeSize + timeCount + typeCount * 6 + characterCount + leapCount * (timeSize + 4)
                + standardCount + utcCount
        }
    }

    mutating func readHeader() throws(Failure) -> Header {
        guard position + 44 <= bytes.count, bytes[position..<position + 4].elementsEqual("TZif".utf8) else {
            throw Failure(description: "not a TZif file")
        }
        let versionByte = bytes[position + 4]
        position += 20
        let counts = try (0..<6).map { _ throws(Failure) in Int(try integer(4)) }
        guard counts.allSatisfy({ $0 >= 0 && $0 < 1_000_000 }) else { throw Failure(description: "malformed TZif header") }
        return Header(
            version: versionByte == 0 ? 1 : Int(versionByte) - Int(UInt8(ascii: "0")),
            utcCount: counts[0], standardCount: counts[1], leapCount: counts[2], timeCount: counts[3],
            typeCount: counts[4], characterCount: counts[5])
    }

    /// A big-endian signed integer of `size` bytes.
    mutating func integer(_ size: Int) throws(Failure) -> Int64 {
        guard position + size <= bytes.count else { throw Failure(description: "truncated TZif file") }
        var value: UInt64 = 0
        for byte in bytes[position..<position + size] { value = value << 8 | UInt64(byte) }
        position += size
        let shift = UInt64(64 - size * 8)
        return Int64(bitPattern: value << shift) >> Int64(shift)
    }
}
