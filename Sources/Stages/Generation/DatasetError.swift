/// Why a generated dataset could not be written or read back: what failed, on which file,
/// and why.
public enum DatasetError: Error, Sendable, Equatable, CustomStringConvertible {
    case unwritable(path: String, reason: String)
    case unreadable(path: String, reason: String)
    case malformedRecipe(path: String, reason: String)
    case unsupportedFormatVersion(path: String, found: Int, supported: Int)
    /// A file's bytes do not hash to what the recipe recorded: it was changed or cut short.
    case digestMismatch(path: String, expected: String, found: String)
    case recordCountMismatch(path: String, expected: Int, found: Int)
    /// `line` is 1-based.
    case malformedRecord(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .unwritable(let path, let reason): "\(path): cannot write dataset file: \(reason)"
        case .unreadable(let path, let reason): "\(path): cannot read dataset file: \(reason)"
        case .malformedRecipe(let path, let reason): "\(path): malformed recipe: \(reason)"
        case .unsupportedFormatVersion(let path, let found, let supported):
            "\(path): recipe format version \(found) is not supported (this build reads version \(supported))"
        case .digestMismatch(let path, let expected, let found):
            "\(path): SHA-256 is \(found) but the recipe records \(expected); the file was changed or cut short"
        case .recordCountMismatch(let path, let expected, let found):
            "\(path): holds \(found) records but the recipe records \(expected)"
        case .malformedRecord(let path, let line, let reason): "\(path):\(line): \(reason)"
        }
    }
}
