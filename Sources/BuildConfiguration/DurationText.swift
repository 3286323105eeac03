/// Durations as builds.yaml writes them: `30s`, `6h`, `1h30m`, `500ms`, `2d`.
public enum DurationText {
    private static let units: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// The duration `text` spells, or nil when it is not one. Units must be given and
    /// must go from largest to smallest, each at most once.
    public static func parse(_ text: String) -> Duration? {
        var rest = Substring(text)
        var total: Int64 = 0
        var lastUnitIndex = units.count
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 9, let amount = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let letters = rest.prefix { $0.isASCII && $0.isLetter }
            guard let index = units.firstIndex(where: { $0.suffix == letters }), index < lastUnitIndex
            else { return nil }
            rest = rest.dropFirst(letters.count)
            lastUnitIndex = index
            total += amount * units[index].milliseconds
        }
        return .milliseconds(total)
    }

    /// `1h30m`, `45s`, `250ms`: the shortest spelling `parse` reads back.
    public static func format(_ duration: Duration) -> String {
        var remaining = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if remaining == 0 { return "0s" }
        var text = ""
        for unit in units.reversed() where remaining >= unit.milliseconds {
            text += "\(remaining / unit.milliseconds)\(unit.suffix)"
            remaining %= unit.milliseconds
        }
        return text
    }
}
