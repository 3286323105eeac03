import YAML

/// How leaves are validated. The defaults are what InstructLab's `ilab` and the
/// public taxonomy's CI enforce together; `init(reference:folders:changedFiles:)` gives
/// what one of them enforces.
public struct LeafValidationOptions: Sendable, Hashable {
    /// The taxonomy folders holding leaves; the first component of a leaf's path picks
    /// its schema (`compositional_skills` → skills, `knowledge` → knowledge).
    public var folders: [String]
    /// yamllint warnings (indentation, spacing, blank lines) count as errors, as
    /// `ilab` counts them. Off: they are reported as warnings, as `instructlab-schema`
    /// does by default.
    public var strictLint: Bool
    /// A leaf of version 2 or later needs a non-empty `attribution.txt` beside it, as the
    /// public taxonomy's CI requires (`ilab` does not ask for one).
    public var requiresAttribution: Bool
    /// Every leaf is validated as this schema version, whatever its `version` says (linted,
    /// checked against that version's schema and, with `requiresAttribution`, asked for an
    /// attribution), as instructlab-schema's `TaxonomyParser` does when given a
    /// `schema_version`: the taxonomy repository's CI gives none on a change's files, so
    /// the newest applies. `nil`: each leaf's own version.
    public var schemaVersion: Int?
    /// Largest leaf accepted, in bytes; anything larger is refused before parsing.
    /// The default is `TaxonomyLayout.maxLeafBytes`, the limit the leaf reader applies.
    public var maxBytes: Int
    /// Nesting depth and alias-expanded size limits for the YAML parser.
    public var yamlLimits: YAMLLimits
    public init(
        folders: [String] = TaxonomyLayout.defaultFolders, strictLint: Bool = true,
        requiresAttribution: Bool = true, maxBytes: Int = TaxonomyLayout.maxLeafBytes,
        yamlLimits: YAMLLimits = YAMLLimits(maxBytes: TaxonomyLayout.maxLeafBytes, maxDepth: 64, maxNodes: 1_000_000)
    ) {
        self.folders = folders
        self.strictLint = strictLint
        self.requiresAttribution = requiresAttribution
        self.maxBytes = maxBytes
        self.yamlLimits = yamlLimits
        self.yamlLimits.maxBytes = max(yamlLimits.maxBytes, maxBytes)
    }
}

extension LeafValidationOptions {
    /// Whose verdict a validation reproduces (docs/taxonomy.md, *Validation modes*, says
    /// where each reference's rules come from). Both load leaves with PyYAML and lint with
    /// yamllint's `relaxed` preset, line length not checked.
    public enum Reference: String, Sendable, Hashable, CaseIterable {
        /// `ilab taxonomy diff`: yamllint's warnings are errors; each leaf by its own
        /// version (version 1 is not linted); no `attribution.txt` asked for.
        case ilab
        /// The taxonomy repository's CI (`scripts/check-yaml.py`): yamllint's warnings stay
        /// warnings; `attribution.txt` required from version 2 on; a change's files are
        /// validated as the newest schema version, the whole taxonomy by each leaf's own.
        case ci
    }

    /// The options that reproduce `reference`'s verdict on leaves under `folders`;
    /// `changedFiles`: on the files a change touches (for `ci`, its pull-request step,
    /// which validates them as the newest schema version), not on the whole taxonomy.
    public init(reference: Reference, folders: [String] = TaxonomyLayout.defaultFolders, changedFiles: Bool = false) {
        self.init(folders: folders, strictLint: reference == .ilab, requiresAttribution: reference == .ci)
        if reference == .ci, changedFiles {
            schemaVersion = LeafSchema.supportedVersions.upperBound
        }
    }
}
