import Artifacts
import BuildConfiguration
import Foundation
import Git
import Taxonomy

extension CandidateCatalog {
    /// `gc` of the candidates of `config`'s model in `project`: the newest candidate of each
    /// open pull request is kept; those of pull requests merged into the branch or whose ref
    /// is gone are removed. Reads the mirror as the last `candidate` or build fetched it;
    /// with no taxonomy or no mirror yet, nothing is decided.
    public static func collect(project: Project, config: BuildConfig, dryRun: Bool) throws -> [Decision] {
        let layout = try ArtifactLayout(artifacts: project.artifactsDirectory.path, model: config.model.name)
        let catalog = CandidateCatalog(layout: layout)
        guard config.taxonomy != nil, FileManager.default.fileExists(atPath: layout.candidates) else { return [] }
        let taxonomy = try ProjectTaxonomy(project: project, config: config)
        guard let repository = try? taxonomy.sync.openMirror() else { return [] }
        let heads = try PullRequestRefs(pattern: taxonomy.spec.pullRequests).heads(in: repository).mapValues(\.hex)
        let branch = try taxonomy.sync.branchHead(in: repository)
        return try catalog.collect(
            heads: heads,
            isMerged: { head in
                guard let id = ObjectID(hex: head) else { return false }
                return (try? repository.mergeBase(id, branch)) == id
            }, model: config.model.name, dryRun: dryRun)
    }
}
