import Foundation
import StageProtocol

/// The built-in stages, run as worker processes like any plugin:
/// `modelbuild stage run builtin/<name>` with `MODELBUILD_CONTEXT` naming `context.json`.
public enum BuiltinStages {
    public static let names = ["validate", "generate", "train", "evaluate"]

    /// Runs the built-in `name` (`builtin/train` or `train`) on `context`; lines go to
    /// `print` (the stage's log). Returns whether the stage succeeded.
    public static func run(
        _ name: String, context: StageContext, print: (String) -> Void
    ) throws(BuiltinStageError) -> Bool {
        guard context.schemaVersion == StageContext.currentSchemaVersion else {
            throw BuiltinStageError(
                "context.json has schema version \(context.schemaVersion); this modelbuild reads \(StageContext.currentSchemaVersion)")
        }
        let bare = name.hasPrefix("builtin/") ? String(name.dropFirst("builtin/".count)) : name
        switch bare {
        case "validate": return try ValidateStage.run(context, print: print)
        case "generate": try GenerateStage.run(context, print: print)
        case "train": try TrainStage.run(context, print: print)
        case "evaluate": try EvaluateStage.run(context, print: print)
        default:
            throw BuiltinStageError("unknown built-in stage \"\(name)\" (built-ins: \(names.joined(separator: ", ")))")
        }
        return true
    }

    /// Reads `context.json`.
    public static func loadContext(path: String) throws(BuiltinStageError) -> StageContext {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BuiltinStageError("cannot read the stage context \(path)", retryable: true)
        }
        do {
            return try JSONDecoder().decode(StageContext.self, from: data)
        } catch {
            throw BuiltinStageError("\(path) is not a valid stage context: \(error)")
        }
    }
}
