/// Why seed leaves cannot be turned into data: each case names the leaf and what is wrong.
public enum SeedError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The leaf path is not a safe relative path (it becomes folders under the output).
    case invalidLeafPath(String, reason: String)
    /// Two leaves share one path.
    case duplicateLeaf(String)
    /// A question or answer is empty or only whitespace. `field` is like
    /// `seed_examples[2].questions_and_answers[0].answer`.
    case emptyText(leaf: String, field: String)

    public var description: String {
        switch self {
        case .invalidLeafPath(let path, let reason):
            "leaf \"\(path)\": invalid leaf path: \(reason)"
        case .duplicateLeaf(let path):
            "leaf \"\(path)\": appears more than once in the input"
        case .emptyText(let leaf, let field):
            "leaf \"\(leaf)\": \(field) is empty"
        }
    }
}

extension SeedLeaf {
    /// Checks what generation relies on: a safe, unique path and non-empty questions and
    /// answers. Schema validation proper is the validate stage's job.
    func validate() throws(SeedError) {
        try Self.validatePath(path)
        func check(_ text: String, _ field: String) throws(SeedError) {
            if text.allSatisfy(\.isWhitespace) { throw .emptyText(leaf: path, field: field) }
        }
        switch content {
        case .skill(let examples):
            for (index, example) in examples.enumerated() {
                try check(example.question, "seed_examples[\(index)].question")
                try check(example.answer, "seed_examples[\(index)].answer")
            }
        case .knowledge(let examples, _):
            for (index, example) in examples.enumerated() {
                for (qaIndex, pair) in example.questionsAndAnswers.enumerated() {
                    let field = "seed_examples[\(index)].questions_and_answers[\(qaIndex)]"
                    try check(pair.question, "\(field).question")
                    try check(pair.answer, "\(field).answer")
                }
            }
        }
    }

    /// A leaf path is relative, `/`-separated, with no empty, `.` or `..` component, no
    /// backslash and no control character, so it can name folders under an output directory.
    static func validatePath(_ path: String) throws(SeedError) {
        if path.isEmpty { throw .invalidLeafPath(path, reason: "it is empty") }
        if path.hasPrefix("/") { throw .invalidLeafPath(path, reason: "it must be relative") }
        if path.unicodeScalars.contains(where: { $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }) {
            throw .invalidLeafPath(path, reason: "it contains a backslash or a control character")
        }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty || component == "." || component == ".." {
                throw .invalidLeafPath(path, reason: "it has an empty, \".\" or \"..\" component")
            }
        }
    }
}
