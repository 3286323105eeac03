import Foundation
import Git
import Platform

/// One document read for a knowledge leaf.
public struct KnowledgeDocumentFile: Sendable, Hashable {
    /// Its path in the document repository.
    public let path: String
    /// Its git blob id.
    public let blobID: ObjectID
    /// Its SHA-256, lowercase hexadecimal.
    public let sha256: String
    /// Its bytes.
    public let bytes: [UInt8]

    /// Creates a record from its parts.
    public init(path: String, blobID: ObjectID, sha256: String, bytes: [UInt8]) {
        self.path = path
        self.blobID = blobID
        self.sha256 = sha256
        self.bytes = bytes
    }
}

/// The documents of one knowledge leaf, read at the exact commit it names.
public struct KnowledgeDocumentSet: Sendable, Hashable {
    /// `document.repo` as written in the leaf.
    public let repository: String
    /// The commit the documents were read at (resolved to a full id).
    public let commit: ObjectID
    /// Every matched `.md` and `.pdf` file, sorted by path.
    public let files: [KnowledgeDocumentFile]
    /// SHA-256 over the repository URL, the commit and every file's path and SHA-256:
    /// part of the leaf's identity, so editing a document (at a new commit) or pointing
    /// at another repository changes what depends on the leaf.
    public let documentsDigest: String

    /// Creates a set, computing `documentsDigest`.
    public init(repository: String, commit: ObjectID, files: [KnowledgeDocumentFile]) {
        self.repository = repository
        self.commit = commit
        self.files = files
        var text = "modelbuild knowledge documents 1\nrepo \(repository)\ncommit \(commit.hex)\n"
        for file in files { text += "\(file.sha256)  \(file.path)\n" }
        documentsDigest = SHA256Digest.hex(text)
    }
}

