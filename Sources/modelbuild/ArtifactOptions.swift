import ArgumentParser
import Artifacts
import Foundation
import UseCases

/// `--config`, and the model's published versions under `artifacts/` that it names.
struct ArtifactOptions: ParsableArguments {
    @OptionGroup var config: ConfigOptions

    /// The published versions of the configured model.
    func versions() throws -> PublishedVersions {
        try PublishedVersions(project: config.project, config: try config.load())
    }
}

/// The private key named by `--sign-key`, if one was; a key that cannot be read is a usage
/// error (exit 2), reported before anything runs.
func loadSigningKey(_ path: String?) throws -> SigningKey? {
    guard let path else { return nil }
    do {
        return try SigningKey(contentsOf: path)
    } catch {
        throw RequestError(.usage, error.description)
    }
}
