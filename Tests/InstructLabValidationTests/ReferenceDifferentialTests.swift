import Foundation
import InstructLabValidation
import TestSupport
import Testing

/// modelbuild's verdict against the real references' on the same files: instructlab-schema's
/// `TaxonomyParser` called as `ilab taxonomy diff` calls it (`--mode ilab`), and as the
/// taxonomy repository's CI calls it on a change's files (`--mode ci`) and on every leaf
/// (`--mode ci` over the whole taxonomy). Same verdict on every file and, wherever the
/// reference got as far as parsing, the same located yamllint findings and the same schema,
/// file and attribution messages.
@Suite(.enabled(if: TaxonomyReference.isInstalled, Comment(rawValue: TaxonomyReference.skipReason)))
struct ReferenceDifferentialTests {
    /// modelbuild's options for what each reference checks.
    static func options(_ mode: TaxonomyReference.Mode) -> LeafValidationOptions {
        switch mode {
        case .ilab: LeafValidationOptions(reference: .ilab)
        case .ci: LeafValidationOptions(reference: .ci, changedFiles: true)
        case .ciAll: LeafValidationOptions(reference: .ci)
        }
    }

    /// Every file under `root` where modelbuild and the reference disagree, with both sides.
    static func disagreements(_ mode: TaxonomyReference.Mode, root: URL, files: [String]) async throws -> [String] {
        let verdicts = try await TaxonomyReference.verdicts(mode, root: root, files: files)
        #expect(verdicts.map(\.path) == files)
        return try disagreements(mode, root: root, verdicts: verdicts)
    }

    /// Every file where modelbuild disagrees with the reference's `verdicts`, with both sides.
    static func disagreements(
        _ mode: TaxonomyReference.Mode, root: URL, verdicts: [TaxonomyReference.Verdict]
    ) throws -> [String] {
        let validator = LeafValidator(options: options(mode))
        var found: [String] = []
        for verdict in verdicts {
            let leaf = try FixtureLeaves.leaf(at: root.appendingPathComponent(verdict.path), root: root)
            let report = validator.validate(leaf)
            let ours = "ours: \(report.isValid ? "valid" : "invalid") \(report.diagnostics.map(\.description))"
            let theirs = "reference: \(verdict.isValid ? "valid" : "invalid") errors \(verdict.errors) warnings \(verdict.warnings)"
                + (verdict.exception.map { " exception \($0)" } ?? "")
            if report.isValid != verdict.isValid {
                found.append("\(mode.rawValue) \(verdict.path): verdict differs; \(ours); \(theirs)")
            } else if verdict.exception == nil, lint(report.errors) != lint(verdict.errors) || lint(report.warnings) != lint(verdict.warnings) {
                found.append("\(mode.rawValue) \(verdict.path): yamllint findings differ; \(ours); \(theirs)")
            } else if verdict.exception == nil, other(report.diagnostics) != other((verdict.errors + verdict.warnings).map(\.message)) {
                found.append("\(mode.rawValue) \(verdict.path): schema, file or attribution findings differ; \(ours); \(theirs)")
            }
        }
        return found
    }

    /// yamllint's findings among `findings` (its messages end with the rule: `(colons)`).
    static func lint(_ findings: [TaxonomyReference.Finding]) -> Set<TaxonomyReference.Finding> {
        Set(findings.filter(isLint))
    }

    static func lint(_ diagnostics: [LeafDiagnostic]) -> Set<TaxonomyReference.Finding> {
        Set(diagnostics.map {
            TaxonomyReference.Finding(line: $0.location.line, column: $0.location.column, message: $0.message)
        }.filter(isLint))
    }

    /// Findings other than yamllint's, as the references print them: `[.yaml.path] message`
    /// (a missing schema file left out: the reference names it by its install path).
    static func other(_ messages: [String]) -> Set<String> {
        Set(messages.filter { !isLint(TaxonomyReference.Finding(line: 0, column: 0, message: $0)) && !$0.hasPrefix("Cannot load schema file") })
    }

    static func other(_ diagnostics: [LeafDiagnostic]) -> Set<String> {
        other(diagnostics.map { ($0.yamlPath.map { "[\($0)] " } ?? "") + $0.message })
    }

    static func isLint(_ finding: TaxonomyReference.Finding) -> Bool {
        finding.message.range(of: #"\([a-z-]+\)$"#, options: .regularExpression) != nil
    }

    /// The `.yaml`/`.yml` files under `root` in the taxonomy folders, as both references are given them.
    static func files(under root: URL) throws -> [String] {
        try FixtureLeaves.leaves(under: root).map(\.path).filter { LeafValidator().isLeafToValidate($0) }
    }

    @Test(arguments: TaxonomyReference.Mode.allCases)
    func schemaTestdata(_ mode: TaxonomyReference.Mode) async throws {
        let root = InstructLabFixtures.schemaTestdata
        let files = try Self.files(under: root)
        #expect(files.count == 11)
        let found = try await Self.disagreements(mode, root: root, files: files)
        #expect(found.isEmpty, "\(found.count) disagreements:\n\(found.joined(separator: "\n"))")
    }

    @Test(arguments: TaxonomyReference.Mode.allCases)
    func taxonomySamples(_ mode: TaxonomyReference.Mode) async throws {
        let root = InstructLabFixtures.taxonomySamples
        let files = try Self.files(under: root)
        #expect(files.count == 5)
        let found = try await Self.disagreements(mode, root: root, files: files)
        #expect(found.isEmpty, "\(found.count) disagreements:\n\(found.joined(separator: "\n"))")
    }

    /// The crafted leaves in the three cases at once: modelbuild agrees with each, and the
    /// leaves are worth comparing (the references disagree with each other on many).
    @Test func craftedLeaves() async throws {
        try await withTemporaryDirectory { root in
            let files = try CraftedLeaves.write(under: root)
            async let ilab = TaxonomyReference.verdicts(.ilab, root: root, files: files)
            async let ci = TaxonomyReference.verdicts(.ci, root: root, files: files)
            async let ciAll = TaxonomyReference.verdicts(.ciAll, root: root, files: files)
            let verdicts: [TaxonomyReference.Mode: [TaxonomyReference.Verdict]] = [
                .ilab: try await ilab, .ci: try await ci, .ciAll: try await ciAll,
            ]
            for mode in TaxonomyReference.Mode.allCases {
                let found = try Self.disagreements(mode, root: root, verdicts: verdicts[mode] ?? [])
                #expect(found.isEmpty, "\(found.count) disagreements:\n\(found.joined(separator: "\n"))")
            }
            func differing(_ one: TaxonomyReference.Mode, _ other: TaxonomyReference.Mode) -> [String] {
                zip(verdicts[one] ?? [], verdicts[other] ?? []).filter { $0.isValid != $1.isValid }.map(\.0.path)
            }
            // Strict lint, attribution and the pull-request step's schema version, each seen.
            #expect(differing(.ilab, .ci).contains("compositional_skills/crafted/colon_spaces/qna.yaml"))
            #expect(differing(.ilab, .ci).contains("compositional_skills/crafted/no_attribution/qna.yaml"))
            #expect(differing(.ci, .ciAll).contains("compositional_skills/crafted/valid_v2/qna.yaml"))
        }
    }
}
