extension Manifest {
    /// One leaf of the taxonomy the build read, with who and what it came from: the
    /// contribution record a model card, a data card and `modelbuild credits` are made of.
    public struct Contribution: Sendable, Hashable, Codable {
        /// The leaf folder (`knowledge/science/birds`).
        public var leaf: String
        /// `knowledge` or `skill`.
        public var kind: String
        /// `created_by` in its `qna.yaml`.
        public var createdBy: String?
        /// The first-parent commit that last changed the leaf (nil when older than the
        /// history read).
        public var lastChange: LastChange?
        /// Its parsed `attribution.txt`, when it has one.
        public var attribution: Attribution?
        /// A knowledge leaf's source documents as read for this build.
        public var documents: Documents?

        public init(
            leaf: String, kind: String, createdBy: String?, lastChange: LastChange?, attribution: Attribution?,
            documents: Documents?
        ) {
            self.leaf = leaf
            self.kind = kind
            self.createdBy = createdBy
            self.lastChange = lastChange
            self.attribution = attribution
            self.documents = documents
        }

        /// The licence the leaf's source material is under: its attribution's, or nil.
        public var license: String? { attribution?.license }
    }

    /// The commit (and pull request) a leaf's current content came from.
    public struct LastChange: Sendable, Hashable, Codable {
        public var commit: String
        public var pullRequest: Int?
        /// `Name <email>` of the commit's author.
        public var author: String
        public var subject: String

        public init(commit: String, pullRequest: Int?, author: String, subject: String) {
            self.commit = commit
            self.pullRequest = pullRequest
            self.author = author
            self.subject = subject
        }
    }

    /// A leaf's `attribution.txt`, parsed.
    public struct Attribution: Sendable, Hashable, Codable {
        public var title: String?
        public var link: String?
        public var revision: String?
        public var license: String?
        public var creator: String?

        public init(title: String?, link: String?, revision: String?, license: String?, creator: String?) {
            self.title = title
            self.link = link
            self.revision = revision
            self.license = license
            self.creator = creator
        }
    }

    /// A knowledge leaf's documents: the repository, the exact commit, each file's digest.
    public struct Documents: Sendable, Hashable, Codable {
        /// `document.repo` as the leaf writes it.
        public var repository: String
        public var commit: String
        /// Sorted by path.
        public var files: [DocumentFile]
        /// The licence of the documents: the leaf's attribution's (the source material).
        public var license: String?

        public init(repository: String, commit: String, files: [DocumentFile], license: String?) {
            self.repository = repository
            self.commit = commit
            self.files = files
            self.license = license
        }
    }

    /// One source document.
    public struct DocumentFile: Sendable, Hashable, Codable {
        /// Its path in the document repository.
        public var path: String
        public var sha256: String

        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    /// A card published beside the manifest (`README.md`, `DATACARD.md`), checked by `verify`.
    public struct CardFile: Sendable, Hashable, Codable {
        /// Its name in the version folder.
        public var path: String
        public var size: Int64
        public var sha256: String

        public init(path: String, size: Int64, sha256: String) {
            self.path = path
            self.size = size
            self.sha256 = sha256
        }
    }
}
