/// A set of strings tuned for the few keys of a leaf's mappings: a plain list while it is
/// small (no hashing, no table to allocate), a `Set` once it grows, so a mapping of
/// thousands of keys stays linear.
struct DistinctTexts {
    private static let listLimit = 16
    private var list: [String] = []
    private var set: Set<String>?

    /// Adds `text`; `false` when it was already there.
    mutating func insert(_ text: String) -> Bool {
        if set != nil { return set!.insert(text).inserted }
        if list.contains(text) { return false }
        list.append(text)
        if list.count > Self.listLimit {
            set = Set(list)
            list = []
        }
        return true
    }

    /// Whether `text` was added.
    func contains(_ text: String) -> Bool {
        set?.contains(text) ?? list.contains(text)
    }
}
