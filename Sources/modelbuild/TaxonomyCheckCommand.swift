import ArgumentParser
import Foundation
import InstructLabValidation
import UseCases
import Taxonomy

struct TaxonomyCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate qna.yaml leaves the way InstructLab does.",
        discussion: """
            With PATHs, validates those files on disk (paths relative to the taxonomy's top \
            folder, which is the current folder) — a taxonomy repository's CI can use this as \
            its linter, with --format github for annotations. Without PATHs, validates the \
            leaves changed since the last build (or --base), or every leaf with --all, as the \
            mirror holds them (run modelbuild taxonomy sync first). Exit status 1 on any error. \
            --mode ilab (the default, or builds.yaml's taxonomy.mode) gives ilab's verdict: \
            yamllint's warnings are errors; --mode ci gives the taxonomy repository's CI \
            verdict: they stay warnings, and a tab only PyYAML refuses passes.
            """
    )

    @OptionGroup var options: TaxonomyOptions

    @Flag(help: "Validate every leaf, not only the changed ones.")
    var all = false

    @Option(help: ArgumentHelp("Validate the leaves changed since this commit.", valueName: "commit"))
    var base: String?

    @Option(help: "ilab (strict, as ilab) or ci (as the taxonomy repository's CI); default: builds.yaml's taxonomy.mode, else ilab.")
    var mode: LeafValidationOptions.Reference?

    @Option(help: "text, or github for ::error annotations.")
    var format: LeafDiagnosticFormatter.Format = .text

    @Argument(help: "qna.yaml files to validate, relative to the taxonomy's top folder.")
    var paths: [String] = []

    func run() async throws {
        let project = options.config.projectOrWorkingFolder
        let reports: [LeafReport]
        if paths.isEmpty {
            reports = try await TaxonomyCheck.checkMirror(
                try options.taxonomy(), project: project, all: all, base: base, mode: mode)
        } else {
            let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            reports = TaxonomyCheck.checkFiles(paths, project: project, root: root, mode: mode)
        }
        let formatter = LeafDiagnosticFormatter(format: format)
        for report in reports {
            for line in formatter.format(report) { print(line) }
        }
        let errors = reports.reduce(0) { $0 + $1.errors.count }
        if format == .text {
            print("\(reports.count) leaves checked: \(errors) error\(errors == 1 ? "" : "s")")
        }
        if errors > 0 { throw ExitCode(ExitStatus.failure) }
    }
}

extension LeafDiagnosticFormatter.Format: ExpressibleByArgument {}
extension LeafValidationOptions.Reference: ExpressibleByArgument {}
