import YAML

/// How leaves are validated. The defaults are what InstructLab's `ilab` and the
/// public taxonomy's CI enforce together.
public struct LeafValidationOptions: Sendable, Hashable {
    /// The taxonomy folders holding leaves; the first component of a leaf's path picks
    /// its schema (`compositional_skills` → skills, `knowledge` → knowledge).
    public var folders: [String]
    /// yamllint warnings (indentation, spacing, blank lines) count as errors, as
    /// `ilab` counts them. Off: they are reported as warnings, as `instructlab-schema`
    /// does by default.
    public var strictLint: Bool
    /// A leaf of version 2 or later needs a non-empty `attribution.txt` beside it, as the
    /// public taxonomy's CI requires.
    public var requiresAttribution: Bool
    /// Largest leaf accepted, in bytes; anything larger is refused before parsing.
    /// The default is `TaxonomyLayout.maxLeafBytes`, the limit the leaf reader applies.
    public var maxBytes: Int
    /// Nesting depth and alias-expanded size limits for the YAML parser.
    public var yamlLimits: YAMLLimits
    /// A tab libyaml reads as a space but PyYAML's loader refuses (between tokens, as
    /// in `answer:\t|`) is let through, as the taxonomy repository's CI lets it. It shows
    /// in version-1 leaves, which are not linted: in later versions yamllint refuses the
    /// tab anyway. So is a merge key (`<<`) whose value is not a mapping or a list of
    /// mappings: it is left out instead of refused. Off for `ilab`, which loads with
    /// PyYAML.
    public var allowsWhatOnlyPyYAMLRefuses = false

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
    /// Whose verdict a validation reproduces.
    public enum Reference: String, Sendable, Hashable, CaseIterable {
        /// `ilab taxonomy diff`: strict yamllint (its warnings are errors), PyYAML's loader.
        case ilab
        /// The taxonomy repository's CI: yamllint's warnings stay warnings, and a tab or a
        /// bad merge key only PyYAML's loader refuses is let through. Neither lints
        /// version-1 leaves.
        case ci
    }

    /// The options that reproduce `reference`'s verdict on leaves under `folders`.
    public init(reference: Reference, folders: [String] = TaxonomyLayout.defaultFolders) {
        self.init(folders: folders, strictLint: reference == .ilab)
        allowsWhatOnlyPyYAMLRefuses = reference == .ci
    }
}
