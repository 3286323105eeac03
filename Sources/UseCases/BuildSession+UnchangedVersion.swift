import Artifacts
import BuildConfiguration

extension BuildSession {
    /// The latest published version when its files, logs aside, are exactly `outputs`
    /// (published path → SHA-256): publishing these outputs would only copy it. Nil when
    /// nothing is published yet, or the content differs.
    func latestVersion(publishing outputs: [String: String], config: BuildConfig) -> String? {
        guard let layout = try? artifactLayout(config) else { return nil }
        let catalog = ArtifactCatalog(layout: layout)
        guard let latest = try? catalog.ref(Ref.latest), let manifest = try? catalog.manifest(of: latest.version)
        else { return nil }
        let published = manifest.files.filter { !$0.path.hasPrefix("logs/") }
        guard published.count == outputs.count else { return nil }
        return published.allSatisfy { outputs[$0.path] == $0.sha256 } ? latest.version : nil
    }
}
