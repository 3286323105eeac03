/// One finding of the yamllint-equivalent checks: where, what, and which rule.
struct LintProblem: Sendable, Hashable {
    enum Level: Sendable, Hashable { case warning, error }

    var line: Int
    var column: Int
    /// yamllint's description, such as `trailing spaces`.
    var description: String
    /// yamllint's rule id (`trailing-spaces`); `nil` for a syntax error, whose
    /// description already ends in `(syntax)`.
    var rule: String?
    var level: Level

    /// `trailing spaces (trailing-spaces)`, as yamllint prints it.
    var message: String {
        rule.map { "\(description) (\($0))" } ?? description
    }
}

/// The document as yamllint's Python code indexes it: by character, with a `"\0"`
/// sentinel past the end (and, as in Python, before the start).
struct LintText {
    let scalars: [Unicode.Scalar]

    init(_ text: String) {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { scalars.append(scalar) }
        self.scalars = scalars
    }

    var count: Int { scalars.count }

    subscript(index: Int) -> Unicode.Scalar {
        scalars.indices.contains(index) ? scalars[index] : "\0"
    }

    /// Python's `string.whitespace`.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}": true
        default: false
        }
    }
}
