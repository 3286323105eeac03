import YAML

/// A knowledge leaf's `document: {repo, commit, patterns}`: the git repository holding
/// its source documents, the exact commit, and which files to read there.
///
/// Only these three keys are read here; checking the rest of the leaf is validation's
/// job.
public struct KnowledgeDocumentReference: Sendable, Hashable {
    /// `document.repo` as written (a URL; `file://` URLs may be percent-encoded).
    public let repository: String
    /// `document.commit` as written.
    public let commit: String
    /// `document.patterns`, parsed.
    public let patterns: [KnowledgeDocumentPattern]
    /// Where `repo` is written, for located errors.
    public let repositoryLocation: SourceLocation
    /// Where `commit` is written.
    public let commitLocation: SourceLocation
    /// Where `patterns` is written.
    public let patternsLocation: SourceLocation

    /// Creates a reference from its parts.
    public init(
        repository: String, commit: String, patterns: [KnowledgeDocumentPattern],
        repositoryLocation: SourceLocation, commitLocation: SourceLocation, patternsLocation: SourceLocation
    ) {
        self.repository = repository
        self.commit = commit
        self.patterns = patterns
        self.repositoryLocation = repositoryLocation
        self.commitLocation = commitLocation
        self.patternsLocation = patternsLocation
    }

    /// Reads the `document` section of a leaf's `qna.yaml` bytes; `file` names the leaf
    /// in messages (its taxonomy path, e.g. `knowledge/birds/qna.yaml`).
    ///
    /// - Returns: nil when the leaf has no `document` key.
    /// - Throws: `.invalidReference` (with every problem located) when the YAML does not
    ///   parse or `document` is not a mapping with a string `repo`, a string `commit` and
    ///   a list of string `patterns`; `.invalidPattern` for an absolute or `..` pattern.
    public static func parse(
        _ bytes: [UInt8], file: String, limits: YAMLLimits = .standard
    ) throws(KnowledgeDocumentError) -> KnowledgeDocumentReference? {
        let root: Node?
        do {
            root = try YAMLParser.parse(bytes, file: file, limits: limits, duplicateKeys: .lastWins)
        } catch {
            throw KnowledgeDocumentError(kind: .invalidReference, diagnostics: error.diagnostics)
        }
        guard let document = root?["document"] else { return nil }
        let reader = NodeReader()
        let path = KeyPath().appending("document")
        guard let view = reader.mapping(document, at: path, required: ["repo", "commit", "patterns"]) else {
            throw KnowledgeDocumentError(kind: .invalidReference, diagnostics: reader.diagnostics)
        }
        let repository = view["repo"].flatMap { reader.nonEmptyString($0, at: view.path("repo")) }
        let commit = view["commit"].flatMap { reader.nonEmptyString($0, at: view.path("commit")) }
        let texts = view["patterns"].flatMap { reader.stringList($0, at: view.path("patterns")) }
        if let texts, texts.isEmpty, let node = view["patterns"] {
            reader.error("must list at least one pattern", at: node, path: view.path("patterns"))
        }
        guard !reader.hasErrors, let repository, let commit, let texts,
            let repositoryNode = view["repo"], let commitNode = view["commit"], let patternsNode = view["patterns"]
        else {
            throw KnowledgeDocumentError(kind: .invalidReference, diagnostics: reader.diagnostics)
        }
        var patterns: [KnowledgeDocumentPattern] = []
        var problems: [Diagnostic] = []
        for (index, text) in texts.enumerated() {
            if let pattern = KnowledgeDocumentPattern(text) {
                patterns.append(pattern)
            } else {
                let node = patternsNode.sequence?[index] ?? patternsNode
                problems.append(
                    Diagnostic(
                        at: node.location, path: view.path("patterns").appending(index: index),
                        "pattern \"\(text)\" is empty, absolute or climbs out of the repository with '..'"))
            }
        }
        guard problems.isEmpty else { throw KnowledgeDocumentError(kind: .invalidPattern, diagnostics: problems) }
        return KnowledgeDocumentReference(
            repository: repository, commit: commit, patterns: patterns,
            repositoryLocation: repositoryNode.location, commitLocation: commitNode.location,
            patternsLocation: patternsNode.location)
    }
}
