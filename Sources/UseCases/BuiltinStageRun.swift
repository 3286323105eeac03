import Stages
import YAML

/// `modelbuild stage run builtin/<name>`: one built-in stage run as a worker process on a
/// `context.json`, the way a build starts it.
public enum BuiltinStageRun {
    /// Runs the built-in `name` (`builtin/train` or `train`) on the context at
    /// `contextPath`; lines go to `print` (the stage's log). Returns whether the stage
    /// succeeded. An unknown stage name is a usage error, found before the context is read;
    /// a stage whose inputs cannot work is not retryable; a context that cannot be read is
    /// a failure.
    public static func run(_ name: String, contextPath: String, print: (String) -> Void) throws(RequestError) -> Bool {
        let bare = name.hasPrefix("builtin/") ? String(name.dropFirst("builtin/".count)) : name
        guard BuiltinStages.names.contains(bare) else {
            let known = BuiltinStages.names.map { "builtin/\($0)" }
            let given = name.hasPrefix("builtin/") ? name : "builtin/" + name
            throw RequestError(
                .usage,
                "unknown built-in stage \"\(name)\"\(Suggestion.didYouMean(given, among: known))"
                    + " (built-ins: \(known.joined(separator: ", ")))")
        }
        do {
            return try BuiltinStages.run(name, context: try BuiltinStages.loadContext(path: contextPath), print: print)
        } catch {
            throw RequestError(error.retryable ? .failed : .notRetryable, "\(error)")
        }
    }
}
