/// What the parser does with a key repeated in one mapping.
public enum DuplicateKeys: Sendable, Hashable {
    /// An error located at the repeat, naming where the key was first defined.
    case refused
    /// Every entry is kept, in document order, for a reader that judges the repeats itself
    /// (InstructLab validation: yamllint reports them, PyYAML takes the last).
    case kept
    /// The last value counts, as PyYAML constructs a mapping: the readers of a leaf that
    /// validation accepted see the values validation judged.
    case lastWins
}
