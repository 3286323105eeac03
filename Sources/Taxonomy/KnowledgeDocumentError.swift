import YAML

/// Why a knowledge leaf's documents could not be read, located in its `qna.yaml` (at the
/// `document` key concerned) so it prints like every other leaf error.
public struct KnowledgeDocumentError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// `document` is not a mapping of `repo`, `commit` and `patterns`.
        case invalidReference
        /// A pattern is absolute or climbs out with `..`.
        case invalidPattern
        /// The document repository could not be fetched.
        case repositoryUnavailable
        /// The commit is not in the document repository.
        case commitNotFound
        /// No `.md` or `.pdf` file matches the patterns.
        case noDocuments
        /// A document is over the size limit.
        case documentTooLarge
        /// The task was cancelled.
        case cancelled
    }

    /// What went wrong.
    public let kind: Kind
    /// The problems, located in the leaf's `qna.yaml`.
    public let diagnostics: [Diagnostic]

    /// Creates an error from its parts.
    public init(kind: Kind, diagnostics: [Diagnostic]) {
        self.kind = kind
        self.diagnostics = diagnostics
    }

    /// One located problem.
    init(_ kind: Kind, at location: SourceLocation, key: String, _ message: String) {
        self.init(
            kind: kind,
            diagnostics: [Diagnostic(at: location, path: KeyPath().appending("document").appending(key), message)])
    }

    /// The diagnostics, one per line, like a compiler's.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
