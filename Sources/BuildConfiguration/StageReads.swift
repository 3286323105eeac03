/// What a stage reads, and so what its cache key holds: a stage keyed on something it
/// does not read reruns for nothing (a scan of generated data rerun because the base model
/// changed). Built-ins declare theirs; a plugin declares them in plugin.yaml's `reads:`;
/// a `run:` command reads everything.
public enum StageRead: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The outputs of the stages it needs (their cache keys enter its key).
    case inputs
    /// The taxonomy snapshot (folder trees and the changed-leaf list; a per-leaf
    /// instance's own leaf always enters its key).
    case taxonomy
    /// The model the build starts from (its content digest enters the key).
    case baseModel = "base_model"

    /// Everything: what a stage that declares nothing reads.
    public static let everything = Set(allCases)

    public static func < (lhs: StageRead, rhs: StageRead) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

extension BuiltinStage {
    /// What the built-in reads: validate and generate read the taxonomy (their upstream
    /// stages order them, nothing more); train and evaluate read their inputs and the
    /// base model, never the taxonomy.
    public var reads: Set<StageRead> {
        switch self {
        case .validate, .generate: [.taxonomy]
        case .train, .evaluate: [.inputs, .baseModel]
        }
    }
}
