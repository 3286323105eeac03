import ArgumentParser
import Foundation
import Git
import Platform
import UseCases

struct DocumentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "documents",
        abstract: "Fill the knowledge-document cache ahead of an offline build.",
        discussion: """
            Knowledge leaves name document repositories at exact commits; builds read them from \
            the cache in .modelbuild/documents, fetching only a commit the cache lacks. Fill the \
            cache while the repositories are reachable, and a build later needs none of them. \
            builds.yaml's taxonomy.documents (a mirror folder or URL rewrites) serves them from \
            local copies instead.
            """,
        subcommands: [DocumentsFetchCommand.self, DocumentsImportCommand.self]
    )
}

struct DocumentsFetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Read every knowledge leaf's documents into the cache.",
        discussion: """
            Fetches the taxonomy (falling back to the mirror as last fetched when that fails), \
            then every document repository the knowledge leaves at the branch head name \
            (through taxonomy.documents), and reads each leaf's documents into the cache. Every \
            leaf is tried; the failing ones are listed, and a repository that cannot be fetched \
            while the cache holds the leaf's commit is a warning. Exit status 1 when any \
            leaf's documents cannot be read.
            """
    )

    @OptionGroup var options: TaxonomyOptions

    @Flag(help: "Print the result as JSON (see docs/json.md).")
    var json = false

    func run() async throws {
        let taxonomy = try options.taxonomy()
        do {
            _ = try await taxonomy.synchronize()
        } catch {
            guard FileManager.default.fileExists(atPath: taxonomy.state.mirror.path) else { throw error }
            StandardStream.error.write("warning: could not fetch the taxonomy (\(error)); using the mirror as last fetched\n")
        }
        let results = try await DocumentCacheFill.fetch(taxonomy)
        let failed = results.filter { $0.error != nil }
        if json {
            JSONOutput.write([
                "leaves": results.map { result -> [String: Any] in
                    [
                        "leaf": result.leaf, "repository": result.repository, "commit": result.commit,
                        "files": result.files, "error": result.error ?? NSNull(), "warning": result.warning ?? NSNull(),
                    ]
                },
                "failed": failed.count,
            ])
        } else {
            // Leaf paths and document.repo are contributors' text: printed escaped.
            let shown = PrintableText.escaping
            for result in results {
                if let error = result.error {
                    print("failed \(shown(result.leaf)): \(shown(error))")
                } else {
                    print(
                        "cached \(shown(result.leaf)): \(result.files) documents from \(shown(result.repository))"
                            + " at \(shown(String(result.commit.prefix(12))))")
                    if let warning = result.warning { print("  warning: \(shown(warning))") }
                }
            }
            print("\(results.count) knowledge leaves: \(results.count - failed.count) cached, \(failed.count) failed")
        }
        if !failed.isEmpty { throw ExitCode(ExitStatus.failure) }
    }
}

struct DocumentsImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Copy a document repository into the cache from a local clone.",
        discussion: """
            Files the clone at PATH under REPOSITORY, the URL exactly as leaves write it in \
            document.repo, so builds read its commits from the cache without reaching it.
            """
    )

    @OptionGroup var options: TaxonomyOptions

    @Argument(help: "The repository URL as knowledge leaves write it.")
    var repository: String

    @Argument(help: "A local clone (or bare mirror) of it.")
    var path: String

    @Flag(help: "Print the result as JSON (see docs/json.md).")
    var json = false

    func run() async throws {
        let cached = try await DocumentCacheFill.importRepository(repository, from: path, taxonomy: try options.taxonomy())
        let shown = RemoteURL.redacted(repository)
        if json {
            JSONOutput.write(["repository": shown, "cache": cached.path])
        } else {
            print("imported \(PrintableText.escaping(path)) as \(PrintableText.escaping(shown)) into \(cached.path)")
        }
    }
}
