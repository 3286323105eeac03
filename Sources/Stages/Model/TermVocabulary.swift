/// An index's terms, numbered 0, 1, … in the order first added, found by their UTF-8
/// bytes: the index reads every question of a model, and a term found this way is never
/// made a String and hashed as one.
///
/// An open-addressing table (linear probing, at most half full) of term ids over one
/// buffer holding every term's bytes. The hash is the standard library's `Hasher`, seeded
/// per process, so text written to collide cannot make the table slow.
struct TermVocabulary: Sendable {
    /// Every term's bytes, one after another.
    private var storage: [UInt8] = []
    /// Where each term's bytes end in `storage`, by id.
    private var ends: [Int] = []
    /// A term id, or -1 for an empty slot; the count is a power of two.
    private var slots = [Int32](repeating: -1, count: 1024)

    /// How many terms there are.
    var count: Int { ends.count }

    /// The id of `term`, numbering it next when it is new.
    mutating func intern(_ term: UnsafeBufferPointer<UInt8>) -> Int32 {
        let (found, slot) = lookUp(term)
        if let found { return found }
        let id = Int32(ends.count)
        storage.append(contentsOf: term)
        ends.append(storage.count)
        slots[slot] = id
        if 2 * ends.count > slots.count { grow() }
        return id
    }

    /// The id of `term`, if it is here.
    func id(of term: UnsafeBufferPointer<UInt8>) -> Int32? {
        lookUp(term).id
    }

    /// The id of `term`, if it is here.
    func id(of term: String) -> Int32? {
        var term = term
        return term.withUTF8 { id(of: $0) }
    }

    /// `term`'s id, or the empty slot where it would go.
    private func lookUp(_ term: UnsafeBufferPointer<UInt8>) -> (id: Int32?, slot: Int) {
        let mask = slots.count - 1
        var slot = Self.hash(term) & mask
        while true {
            let id = slots[slot]
            if id < 0 { return (nil, slot) }
            if equals(Int(id), term) { return (id, slot) }
            slot = (slot + 1) & mask
        }
    }

    private func equals(_ id: Int, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = id == 0 ? 0 : ends[id - 1]
        guard ends[id] - start == term.count else { return false }
        for offset in 0..<term.count where storage[start + offset] != term[offset] { return false }
        return true
    }

    /// Twice the slots, every term placed again.
    private mutating func grow() {
        slots = [Int32](repeating: -1, count: 2 * slots.count)
        let mask = slots.count - 1
        storage.withUnsafeBufferPointer { storage in
            var start = 0
            for (id, end) in ends.enumerated() {
                var slot = Self.hash(UnsafeBufferPointer(rebasing: storage[start..<end])) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(id)
                start = end
            }
        }
    }

    private static func hash(_ term: UnsafeBufferPointer<UInt8>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(term))
        return hasher.finalize()
    }
}
