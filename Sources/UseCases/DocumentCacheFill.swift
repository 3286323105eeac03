import Foundation
import Git
import Taxonomy

/// `modelbuild documents fetch|import`: fill the knowledge-document cache ahead of a
/// build that must not depend on document repositories being reachable.
public enum DocumentCacheFill {
    /// One knowledge leaf's documents, read into the cache or not.
    public struct LeafResult: Sendable, Hashable {
        public var leaf: String
        /// The repository as the leaf writes it.
        public var repository: String
        /// The commit the leaf names.
        public var commit: String
        /// Document files read; 0 on failure.
        public var files: Int
        /// Why they could not be read; nil when they were.
        public var error: String?
        /// Set when the repository could not be fetched but the cache already holds the
        /// leaf's commit, which builds use.
        public var warning: String?
    }

    /// Fetches every document repository the knowledge leaves at the mirror's head name,
    /// then reads each leaf's documents into the cache, trying every leaf. A repository
    /// that cannot be fetched while the cache holds a leaf's commit is a warning on that
    /// leaf: builds read the commit from the cache.
    public static func fetch(_ taxonomy: ProjectTaxonomy) async throws -> [LeafResult] {
        let repository = try taxonomy.sync.openMirror()
        let head = try taxonomy.sync.branchHead(in: repository)
        let tree = try TaxonomyTree(reading: repository, at: head, folders: taxonomy.spec.folders)
        let cache = taxonomy.documents
        var references: [(leaf: TaxonomyLeaf, reference: KnowledgeDocumentReference)] = []
        for leaf in tree.leaves where leaf.kind == .knowledge {
            let bytes = try TaxonomyTree.readLeafFile(leaf, from: repository)
            guard let reference = try? KnowledgeDocumentReference.parse(bytes, file: leaf.qnaPath) else { continue }
            references.append((leaf, reference))
        }
        var unreachable: [String: String] = [:]
        for url in Set(references.map(\.reference.repository)).sorted() {
            do {
                try await cache.fill(url)
            } catch {
                try Task.checkCancellation()
                unreachable[url] = error.message
            }
        }
        var results: [LeafResult] = []
        for (leaf, reference) in references {
            var result = LeafResult(
                leaf: leaf.path.text, repository: RemoteURL.redacted(reference.repository), commit: reference.commit, files: 0)
            do {
                result.files = try await cache.documents(for: reference).files.count
                result.warning = unreachable[reference.repository].map {
                    "\($0); commit \(reference.commit) is in the cache, and builds read it from there"
                }
            } catch {
                if error.kind == .cancelled { throw CancellationError() }
                result.error = error.description
            }
            results.append(result)
        }
        return results
    }

    /// Fetches `repository` (as leaves write it) from the local copy `path` into the cache.
    public static func importRepository(_ repository: String, from path: String, taxonomy: ProjectTaxonomy) async throws
        -> URL
    {
        let copy = ProjectTaxonomy.resolve(path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        guard FileManager.default.fileExists(atPath: KnowledgeDocumentCache.fetchLocation(for: copy)) else {
            throw RequestError(.usage, "\(path) does not exist; give the path of a clone of \(RemoteURL.redacted(repository))")
        }
        do {
            return try await taxonomy.documents.fill(repository, from: copy)
        } catch {
            throw RequestError(.failed, error.message)
        }
    }
}
