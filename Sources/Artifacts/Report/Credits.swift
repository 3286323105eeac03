import Foundation

/// Every contributor and source of a version, with what each contributed, read from the
/// manifest's contribution records: what `modelbuild credits` prints and the data card lists.
public struct Credits: Sendable, Hashable {
    /// A person who contributed leaves: by `created_by`, else by the author of the commit
    /// that last changed them.
    public struct Contributor: Sendable, Hashable {
        public var name: String
        /// Sorted.
        public var leaves: [String]
        /// The pull requests that last changed those leaves, sorted.
        public var pullRequests: [Int]
    }

    /// Source material named by an `attribution.txt`.
    public struct Source: Sendable, Hashable {
        public var title: String?
        public var link: String?
        public var license: String?
        public var creator: String?
        /// The leaves built from it, sorted.
        public var leaves: [String]
    }

    /// A knowledge document repository at one commit.
    public struct DocumentSource: Sendable, Hashable {
        public var repository: String
        public var commit: String
        public var license: String?
        /// Every document read there by any leaf, sorted by path.
        public var files: [Manifest.DocumentFile]
        public var leaves: [String]
    }

    public var version: String
    /// By number of leaves, then name.
    public var contributors: [Contributor]
    public var sources: [Source]
    public var documents: [DocumentSource]
    /// Licence → how many leaves are under it (`unknown` for leaves without attribution).
    public var licenses: [String: Int]

    /// The credits of `manifest` (empty lists for a manifest without contribution records).
    public init(_ manifest: Manifest) {
        version = manifest.version
        let records = manifest.contributions ?? []
        var people: [String: (leaves: [String], pullRequests: Set<Int>)] = [:]
        var sources: [Source] = []
        var documents: [String: DocumentSource] = [:]
        var licenses: [String: Int] = [:]
        for record in records {
            let name = record.createdBy ?? record.lastChange.map { Self.name(of: $0.author) } ?? "unknown"
            people[name, default: ([], [])].leaves.append(record.leaf)
            if let pullRequest = record.lastChange?.pullRequest { people[name]?.pullRequests.insert(pullRequest) }
            licenses[record.license ?? "unknown", default: 0] += 1
            if let attribution = record.attribution {
                if let index = sources.firstIndex(where: {
                    $0.title == attribution.title && $0.link == attribution.link && $0.license == attribution.license
                        && $0.creator == attribution.creator
                }) {
                    sources[index].leaves.append(record.leaf)
                } else {
                    sources.append(
                        Source(
                            title: attribution.title, link: attribution.link, license: attribution.license,
                            creator: attribution.creator, leaves: [record.leaf]))
                }
            }
            if let docs = record.documents {
                let key = docs.repository + "@" + docs.commit
                var entry =
                    documents[key]
                    ?? DocumentSource(repository: docs.repository, commit: docs.commit, license: docs.license, files: [], leaves: [])
                entry.leaves.append(record.leaf)
                entry.files = Array(Set(entry.files + docs.files)).sorted { $0.path < $1.path }
                documents[key] = entry
            }
        }
        contributors = people.map { Contributor(name: $0.key, leaves: $0.value.leaves.sorted(), pullRequests: $0.value.pullRequests.sorted()) }
            .sorted { ($1.leaves.count, $0.name) < ($0.leaves.count, $1.name) }
        self.sources = sources.sorted { ($0.title ?? "", $0.link ?? "") < ($1.title ?? "", $1.link ?? "") }
        self.documents = documents.values.sorted { ($0.repository, $0.commit) < ($1.repository, $1.commit) }
        self.licenses = licenses
    }

    /// `Ann Example` of `Ann Example <ann@example.com>`.
    static func name(of author: String) -> String {
        guard let open = author.firstIndex(of: "<") else { return author }
        let name = author[..<open].trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? author : name
    }
}
