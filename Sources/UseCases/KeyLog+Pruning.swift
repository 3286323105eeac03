import Foundation
import Platform

extension KeyLog {
    /// The keys `keys.json` names: the key each stage instance last built or was reused
    /// with. None when there is no `keys.json`.
    /// - Throws: `StateFileError` when it exists but cannot be read (`load` would forget
    ///   it silently; pruning must not take its keys for unused).
    static func recordedKeys(state: String) throws -> Set<String> {
        let path = state + "/keys.json"
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        do {
            return Set(try JSONDecoder().decode([String: String].self, from: Data(contentsOf: URL(fileURLWithPath: path))).values)
        } catch {
            throw StateFileError(path: path, reason: String(describing: error))
        }
    }

    /// Keeps only the `ingredients.log` lines of `keys`, rewriting the file through a
    /// temporary file and a rename (only when a line goes, and not with `dryRun`). A line
    /// cut short by a crash goes too.
    static func pruneIngredients(state: String, keeping keys: Set<String>, dryRun: Bool) throws -> IngredientsPrune {
        let path = state + "/" + ingredientsFileName
        guard let data = FileManager.default.contents(atPath: path) else { return IngredientsPrune() }
        var kept = Data()
        var prune = IngredientsPrune()
        for line in ingredientLines(in: data) {
            if line.isWhole, !line.json.isEmpty, keys.contains(line.key) {
                kept.append(line.bytes)
                prune.keptLines += 1
            } else {
                prune.removedLines += 1
                prune.bytesToReclaim += Int64(line.bytes.count)
            }
        }
        if prune.removedLines > 0, !dryRun {
            try AtomicFile.write(Array(kept), to: path)
        }
        return prune
    }
}

/// What pruning `ingredients.log` keeps and removes.
public struct IngredientsPrune: Sendable, Hashable {
    public var keptLines = 0
    public var removedLines = 0
    public var bytesToReclaim: Int64 = 0
}
