import Foundation
import Platform

extension KeyLog {
    /// The keys `keys.txt` (or an older `keys.json`) names: the key each stage instance
    /// last built or was reused with. None when there is neither.
    /// - Throws: `StateFileError` when it exists but cannot be read (`load` would forget
    ///   it silently; pruning must not take its keys for unused).
    static func recordedKeys(state: String) throws -> Set<String> {
        Set(try readKeys(state: state)?.values ?? [:].values)
    }

    /// Keeps only the `ingredients.log` lines of `keys`, rewriting the file through a
    /// temporary file and a rename (only when a line goes, and not with `dryRun`). A line
    /// cut short by a crash goes too.
    static func pruneIngredients(state: String, keeping keys: Set<String>, dryRun: Bool) throws -> IngredientsPrune {
        let path = state + "/" + ingredientsFileName
        guard let data = FileManager.default.contents(atPath: path) else { return IngredientsPrune() }
        var kept = FrontCodedLines()
        var prune = IngredientsPrune()
        for line in ingredientLines(in: data) {
            if line.isWhole, !line.json.isEmpty, keys.contains(line.key) {
                appendIngredient(line.json, keyBeforeTab: line.keyBeforeTab, to: &kept)
                prune.keptLines += 1
            } else {
                prune.removedLines += 1
                prune.bytesToReclaim += Int64(line.size)
            }
        }
        if prune.removedLines > 0, !dryRun {
            // Coded again: a kept line may have been coded against one that goes.
            try AtomicFile.write(kept.bytes, to: path)
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
