import ArgumentParser
import Foundation
import UseCases

struct TaxonomyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taxonomy",
        abstract: "Fetch the taxonomy and see which leaves changed.",
        discussion: """
            The taxonomy is mirrored in .modelbuild/taxonomy.git beside builds.yaml; leaves are \
            read straight from git objects, never from a work tree.
            """,
        subcommands: [TaxonomySyncCommand.self, TaxonomyDiffCommand.self, TaxonomyCheckCommand.self]
    )
}

/// `--config` and `--taxonomy`, shared by the taxonomy commands.
struct TaxonomyOptions: ParsableArguments {
    @OptionGroup var config: ConfigOptions

    @Option(
        name: .customLong("taxonomy"),
        help: ArgumentHelp(
            "The taxonomy to use instead of builds.yaml's taxonomy.url: a git URL or a local path.",
            valueName: "url-or-path"))
    var url: String?

    /// The project's taxonomy; exits 2 when builds.yaml is invalid or names none.
    func taxonomy() throws -> ProjectTaxonomy {
        try ProjectTaxonomy(project: config.project, config: try config.load(), overridingURL: url)
    }
}
