import ArgumentParser
import Foundation
import InstructLabValidation
import Platform
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
            --mode ilab (the default, or builds.yaml's taxonomy.mode) gives `ilab taxonomy diff`'s \
            verdict: yamllint's warnings are errors, no attribution.txt is asked for; --mode ci \
            gives the taxonomy repository's CI verdict: warnings stay warnings, attribution.txt \
            is required, and a change's files (PATHs, or the changed leaves) are validated as \
            the newest schema version (every leaf by its own with --all). See docs/taxonomy.md.
            """
    )

    @OptionGroup var options: TaxonomyOptions

    @Flag(help: "Validate every leaf, not only the changed ones.")
    var all = false

    @Option(help: ArgumentHelp("Validate the leaves changed since this commit.", valueName: "commit"))
    var base: String?

    @Option(help: "ilab (as ilab taxonomy diff) or ci (as the taxonomy repository's CI); default: builds.yaml's taxonomy.mode, else ilab.")
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
            // File names and values are contributors' text: printed escaped (the github format
            // has escaped its newlines already; escape sequences are left for this to catch).
            for line in formatter.format(report) { print(PrintableText.escaping(line)) }
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
