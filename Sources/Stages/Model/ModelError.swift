/// Why a model could not be built, written or loaded: what failed, on which leaf or file,
/// and why.
public enum ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An example given for `leaf` says it belongs to another leaf.
    case leafMismatch(leaf: String, exampleID: String, exampleLeaf: String)
    case duplicateExampleID(leaf: String, id: String)
    case unwritable(path: String, reason: String)
    case unreadable(path: String, reason: String)
    case malformedConfig(path: String, reason: String)
    /// The model was written by a build with another format (older or newer).
    case unsupportedFormatVersion(path: String, found: Int, supported: Int)
    case digestMismatch(path: String, expected: String, found: String)
    case recordCountMismatch(path: String, expected: Int, found: Int)
    /// `line` is 1-based.
    case malformedExample(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .leafMismatch(let leaf, let id, let exampleLeaf):
            "leaf \"\(leaf)\": example \"\(id)\" belongs to leaf \"\(exampleLeaf)\""
        case .duplicateExampleID(let leaf, let id): "leaf \"\(leaf)\": example id \"\(id)\" appears twice"
        case .unwritable(let path, let reason): "\(path): cannot write model file: \(reason)"
        case .unreadable(let path, let reason): "\(path): cannot read model file: \(reason)"
        case .malformedConfig(let path, let reason): "\(path): malformed model config: \(reason)"
        case .unsupportedFormatVersion(let path, let found, let supported):
            "\(path): model format version \(found) is not supported (this build reads versions 1 to \(supported)); "
                + "retrain from the dataset"
        case .digestMismatch(let path, let expected, let found):
            "\(path): SHA-256 is \(found) but config.json records \(expected); the file was changed or cut short"
        case .recordCountMismatch(let path, let expected, let found):
            "\(path): holds \(found) examples but config.json records \(expected)"
        case .malformedExample(let path, let line, let reason): "\(path):\(line): \(reason)"
        }
    }
}
