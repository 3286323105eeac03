import ArgumentParser
import Foundation
import UseCases
import Taxonomy

struct TaxonomyDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "List the leaves added, modified and removed since a commit.",
        discussion: """
            Compares the taxonomy folders between --base and the branch's head as last \
            synchronised (run `modelbuild taxonomy sync` first; diff does not fetch). Without \
            --base every leaf is listed as added, as for a first build. A renamed leaf folder is \
            one leaf removed and one added; a change to attribution.txt modifies its leaf. \
            Entries modelbuild refuses to read (symlinked or misnamed leaf files, submodules) \
            are printed as warnings.
            """
    )

    @OptionGroup var options: TaxonomyOptions

    @Option(help: ArgumentHelp("The commit to compare from: a full or short id, or a tag.", valueName: "commit"))
    var base: String?

    @Flag(help: "Print the changes as JSON.")
    var json = false

    func run() throws {
        let taxonomy = try options.taxonomy()
        let changes = try taxonomy.changes(sinceNamed: base)
        if json {
            print(TaxonomyRendering.diffJSON(changes))
            return
        }
        for problem in changes.problems { printWarning(problem.description) }
        if let relation = changes.relation, relation.isRewrite, let base = changes.base {
            printWarning("\(base.hex.prefix(7)) is not an ancestor of the head \(changes.head.hex.prefix(7)) (\(TaxonomyRendering.describe(relation))); leaves are still compared by content")
        }
        print(TaxonomyRendering.diffText(changes))
    }
}
