import ArgumentParser
import Artifacts
import Foundation
import UseCases
import BuildConfiguration

/// `--config`, and the model's folder under `artifacts/` that it names.
struct ArtifactOptions: ParsableArguments {
    @OptionGroup var config: ConfigOptions

    /// The loaded configuration and where its model's versions are published.
    func layout() throws -> (config: BuildConfig, layout: ArtifactLayout) {
        let loaded = try config.load()
        do {
            return (loaded, try ArtifactLayout(artifacts: config.project.artifactsDirectory.path, model: loaded.model.name))
        } catch {
            printError(error.description)
            throw ExitCode(ExitStatus.usage)
        }
    }
}

/// Runs `body`, printing an Artifacts error and exiting 1 when it throws one.
func reportingArtifactErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ArtifactsError {
        printError(error.description)
        throw ExitCode(ExitStatus.failure)
    }
}

/// The private key named by `--sign-key`, if one was; a key that cannot be read is a usage
/// error (exit 2), reported before anything runs.
func loadSigningKey(_ path: String?) throws -> SigningKey? {
    guard let path else { return nil }
    do {
        return try SigningKey(contentsOf: path)
    } catch {
        printError(error.description)
        throw ExitCode(ExitStatus.usage)
    }
}
