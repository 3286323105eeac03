import ArgumentParser
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
