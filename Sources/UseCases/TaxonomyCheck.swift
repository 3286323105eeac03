import BuildConfiguration
import Foundation
import Git
import InstructLabValidation
import Taxonomy
import YAML

/// `taxonomy check`: InstructLab's validation of leaves, from files on disk (a taxonomy
/// repository's own CI) or from the mirror (the changed leaves, or all of them), with
/// knowledge documents resolved as `ilab` resolves them (the taxonomy CI does not).
public struct TaxonomyCheck: Sendable {
    public let validator: LeafValidator
    /// Whether a valid knowledge leaf's documents are read too, as `ilab taxonomy diff`
    /// reads them.
    public let checksDocuments: Bool

    /// `changedFiles`: the leaves checked are a change's files, not the whole taxonomy
    /// (the taxonomy CI validates those as the newest schema version).
    public init(folders: [String], mode: LeafValidationOptions.Reference = .ilab, changedFiles: Bool = false) {
        validator = LeafValidator(
            options: LeafValidationOptions(reference: mode, folders: folders, changedFiles: changedFiles))
        checksDocuments = mode == .ilab
    }

    /// Validates files given by path, relative to `root` (the taxonomy's top folder).
    /// Paths outside the configured folders are skipped, as InstructLab does.
    public func checkFiles(_ paths: [String], root: URL) -> [LeafReport] {
        paths.compactMap { given in
            let url = URL(fileURLWithPath: given, relativeTo: root).standardizedFileURL
            let relative = url.path.hasPrefix(root.standardizedFileURL.path + "/")
                ? String(url.path.dropFirst(root.standardizedFileURL.path.count + 1)) : given
            guard validator.isLeafToValidate(relative) else { return nil }
            guard let data = FileManager.default.contents(atPath: url.path) else {
                let location = SourceLocation(file: relative, line: 1, column: 1)
                return LeafReport(
                    path: relative, diagnostics: [LeafDiagnostic(.file, Diagnostic(at: location, "cannot read the file"))])
            }
            return validator.validate(LeafSource(path: relative, bytes: Array(data), siblings: SiblingFiles(beside: url)))
        }
    }

    /// Validates leaves at the mirror's head: all of them, or those changed since `base`
    /// (every leaf when `base` is nil). Knowledge leaves also get their documents checked,
    /// with `checksDocuments`.
    public func checkMirror(_ taxonomy: ProjectTaxonomy, all: Bool, base: String?) async throws -> [LeafReport] {
        let repository = try taxonomy.sync.openMirror()
        let head = try taxonomy.sync.branchHead(in: repository)
        let tree = try TaxonomyTree(reading: repository, at: head, folders: taxonomy.spec.folders)
        var paths = Set(tree.leaves.map(\.path.text))
        if !all, base != nil {
            let changes = try taxonomy.changes(since: base)
            paths = Set(changes.leaves.filter { $0.change != .removed }.map(\.path.text))
        }
        var reports = tree.problems.filter { problem in all || paths.contains(where: problem.isInside) }.map {
            LeafReport(
                path: $0.path,
                diagnostics: [LeafDiagnostic(.file, Diagnostic(at: SourceLocation(file: $0.path, line: 1, column: 1), $0.message))])
        }
        let checked = tree.leaves.filter { paths.contains($0.path.text) }
        var sources: [LeafSource] = []
        for leaf in checked {
            let bytes = try TaxonomyTree.readLeafFile(leaf, from: repository)
            sources.append(LeafSource(path: leaf.qnaPath, bytes: bytes, siblings: SiblingFiles(names: leaf.siblingNames)))
        }
        for (index, var report) in await validator.validateConcurrently(sources).enumerated() {
            if checksDocuments, report.isValid, checked[index].kind == .knowledge {
                report.diagnostics += await documentProblems(sources[index].bytes, leaf: checked[index], taxonomy: taxonomy)
            }
            reports.append(report)
        }
        return reports.sorted { $0.path < $1.path }
    }

    private func documentProblems(_ bytes: [UInt8], leaf: TaxonomyLeaf, taxonomy: ProjectTaxonomy) async -> [LeafDiagnostic] {
        do {
            guard let reference = try KnowledgeDocumentReference.parse(bytes, file: leaf.qnaPath) else { return [] }
            _ = try await taxonomy.documents.documents(for: reference)
            return []
        } catch {
            return error.diagnostics.map { LeafDiagnostic(.file, $0) }
        }
    }
}

extension TaxonomyCheck {
    /// `taxonomy check PATH…` in `project`: the files, checked with the folders builds.yaml
    /// names (InstructLab's when it names none or does not load: a taxonomy's own CI may
    /// run this without one), as `mode` says (else builds.yaml's `taxonomy.mode`, else ilab).
    /// The files are taken as a change's files, as the taxonomy CI's `check-yaml.py` takes
    /// the files it is given.
    public static func checkFiles(
        _ paths: [String], project: Project, root: URL, mode: LeafValidationOptions.Reference? = nil
    ) -> [LeafReport] {
        let taxonomy = (try? project.loadConfig().taxonomy) ?? nil
        return TaxonomyCheck(
            folders: taxonomy?.folders ?? TaxonomyLayout.defaultFolders, mode: mode ?? reference(taxonomy?.mode),
            changedFiles: true
        ).checkFiles(paths, root: root)
    }

    /// The validation reference builds.yaml's `taxonomy.mode` names.
    static func reference(_ mode: ValidationMode?) -> LeafValidationOptions.Reference {
        mode == .ci ? .ci : .ilab
    }

    /// `taxonomy check` in `project`: the mirror's leaves changed since `base`, or since the
    /// last build when no base is given (a change's files), or every leaf with `all` or
    /// before the first build (the whole taxonomy).
    public static func checkMirror(
        _ taxonomy: ProjectTaxonomy, project: Project, all: Bool, base: String?,
        mode: LeafValidationOptions.Reference? = nil
    ) async throws -> [LeafReport] {
        let lastBuilt = base ?? BuildRecord.latest(state: project.stateDirectory.path)?.taxonomyCommit
        let everyLeaf = all || lastBuilt == nil
        return try await TaxonomyCheck(
            folders: taxonomy.spec.folders, mode: mode ?? reference(taxonomy.spec.mode), changedFiles: !everyLeaf
        ).checkMirror(taxonomy, all: everyLeaf, base: lastBuilt)
    }
}
