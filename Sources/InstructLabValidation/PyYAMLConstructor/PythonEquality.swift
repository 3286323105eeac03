import YAML

/// jsonschema's `equal` and `uniq` over constructed values: Python equality, except that
/// booleans equal only booleans (`True` is not `1` here).
enum PythonEquality {
    /// Whether all items are distinct. Items are bucketed by a structural hash first, so
    /// the pairwise comparisons happen only between likely-equal items.
    static func allUnique(_ items: [Node]) -> Bool {
        var buckets: [Int: [Node]] = [:]
        for item in items {
            let hash = structuralHash(item, depth: 0)
            if let bucket = buckets[hash], bucket.contains(where: { equal($0, item, depth: 0) }) {
                return false
            }
            buckets[hash, default: []].append(item)
        }
        return true
    }

    private static func structuralHash(_ node: Node, depth: Int) -> Int {
        var hasher = Hasher()
        guard depth < 100, let value = try? PythonValue.of(node) else { return 0 }
        switch value {
        case .scalar(let scalar):
            hasher.combine(0)
            hasher.combine(comparable(scalar))
        case .list(let items):
            hasher.combine(1)
            hasher.combine(items.count)
            for item in items { hasher.combine(structuralHash(item, depth: depth + 1)) }
        case .dict(let entries):
            // Order-independent: dict equality ignores order.
            hasher.combine(2)
            hasher.combine(entries.count)
            var sum = 0
            for entry in entries {
                var pair = Hasher()
                pair.combine(PythonDictKey(entry.key))
                pair.combine(structuralHash(entry.value, depth: depth + 1))
                sum = sum &+ pair.finalize()
            }
            hasher.combine(sum)
        }
        return hasher.finalize()
    }

    /// Numbers by value (`1 == 1.0`), everything else as itself.
    private static func comparable(_ scalar: PythonScalar) -> PythonScalar {
        if case .float(let value) = scalar, value.isFinite, value == value.rounded(), abs(value) < 1e18 {
            return .int(PythonInteger(Int(value)))
        }
        return scalar
    }

    static func equal(_ one: Node, _ two: Node, depth: Int) -> Bool {
        // The same node reached twice through an alias: PyYAML gives the same object.
        if one.location.line == two.location.line, one.location.column == two.location.column { return true }
        guard depth < 100, let first = try? PythonValue.of(one), let second = try? PythonValue.of(two) else {
            return false
        }
        switch (first, second) {
        case (.scalar(let a), .scalar(let b)):
            return scalarsEqual(a, b)
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1, depth: depth + 1) }
        case (.dict(let a), .dict(let b)):
            guard a.count == b.count else { return false }
            var lookup: [PythonDictKey: Node] = [:]
            for entry in b { lookup[PythonDictKey(entry.key)] = entry.value }
            return a.allSatisfy { entry in
                lookup[PythonDictKey(entry.key)].map { equal(entry.value, $0, depth: depth + 1) } ?? false
            }
        default:
            return false
        }
    }

    private static func scalarsEqual(_ a: PythonScalar, _ b: PythonScalar) -> Bool {
        switch (a, b) {
        case (.int(let x), .float(let y)), (.float(let y), .int(let x)): return x.doubleValue == y
        case (.float(let x), .float(let y)): return x == y
        default: return a == b
        }
    }
}
