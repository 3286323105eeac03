import Foundation
import Git
import Platform
import StageProtocol
import Taxonomy

/// How the taxonomy commands show their results to a person or a program.
enum TaxonomyRendering {
    static func syncText(_ result: TaxonomySyncResult, mirror: String) -> String {
        let verb = result.outcome == .created ? "Cloned" : "Fetched"
        var lines = ["\(verb) \(result.remoteURL) into \(mirror)"]
        let was = result.previousHead.map { $0 == result.head ? " (unchanged)" : " (was \(short($0)))" } ?? ""
        lines.append("\(result.branch) is at \(short(result.head))\(was)")
        let commits = result.merged.commits
        switch result.history {
        case .unchanged:
            lines.append("Nothing merged since the last sync.")
            return lines.joined(separator: "\n")
        case .firstSync:
            lines.append("First sync; the newest commits on \(result.branch):")
        case .forcePushed:
            lines.append("\(count(commits.count, "commit")) since the history was rewritten:")
        case .advanced:
            lines.append("\(count(commits.count, "commit")) merged since the last sync:")
        }
        lines += commits.map(commitLine)
        if result.merged.isTruncated { lines.append("  … and older commits") }
        return lines.joined(separator: "\n")
    }

    static func commitLine(_ commit: Commit) -> String {
        let number = commit.pullRequestNumber.map { "#\($0)" } ?? "-"
        return "  \(short(commit.id))  \(padded(number, 5))  \(PrintableText.escaping(commit.subject))  (\(PrintableText.escaping(commit.authorName)))"
    }

    static func forcePushWarning(branch: String, previous: ObjectID, relation: HistoryRelation?) -> String {
        let how = relation.map(describe) ?? "the old head is no longer in the mirror"
        return "\(branch) was force-pushed since the last sync: the previous head \(short(previous)) is not in its history any more (\(how)); the next build compares leaves by content, so no change is lost"
    }

    static func describe(_ relation: HistoryRelation) -> String {
        switch relation {
        case .unchanged: "unchanged"
        case .fastForward: "fast-forward"
        case .rewound: "the branch was moved back"
        case .rewritten(let base): "history rewritten after \(short(base))"
        case .unrelated: "the histories share no commit"
        }
    }

    static func diffText(_ changes: LeafChanges) -> String {
        let range = changes.base.map { "between \(short($0)) and \(short(changes.head))" }
            ?? "at \(short(changes.head)) (no --base: every leaf is new)"
        let merged = changes.base == nil ? "" : ", \(count(changes.commits.commits.count, "merged commit"))"
        var lines = ["\(count(changes.leaves.count, "leaf", plural: "leaves")) changed \(range)\(merged)"]
        let width = changes.leaves.map(\.path.text.count).max() ?? 0
        for leaf in changes.leaves {
            let change = padded(leaf.change.rawValue, 8)
            let path = padded(leaf.path.text, width)
            let blobs: String
            switch (leaf.oldBlobID, leaf.newBlobID) {
            case (let old?, let new?) where old == new: blobs = "qna.yaml \(short(new)) (other files changed)"
            case (let old?, let new?): blobs = "qna.yaml \(short(old)) → \(short(new))"
            case (nil, let new?): blobs = "qna.yaml \(short(new))"
            case (let old?, nil): blobs = "qna.yaml \(short(old))"
            case (nil, nil): blobs = ""
            }
            lines.append("  \(change)  \(path)  \(blobs)")
        }
        return lines.joined(separator: "\n")
    }

    /// The changes as one line of JSON, by modelbuild's one JSON writer.
    static func diffJSON(_ changes: LeafChanges) -> String {
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        let leaves: [JSONValue] = changes.leaves.map { leaf in
            .object([
                "change": .string(leaf.change.rawValue), "path": .string(leaf.path.text), "kind": .string(leaf.kind.rawValue),
                "oldBlob": optional(leaf.oldBlobID?.hex), "newBlob": optional(leaf.newBlobID?.hex),
            ])
        }
        let commits: [JSONValue] = changes.commits.commits.map { commit in
            .object([
                "id": .string(commit.id.hex), "pullRequest": commit.pullRequestNumber.map(JSONValue.integer) ?? .null,
                "subject": .string(commit.subject), "author": .string(commit.authorName),
            ])
        }
        let object: JSONValue = .object([
            "base": optional(changes.base?.hex), "head": .string(changes.head.hex),
            "rewritten": .bool(changes.relation?.isRewrite ?? false),
            "leaves": .array(leaves), "commits": .array(commits), "commitsTruncated": .bool(changes.commits.isTruncated),
            "problems": .array(changes.problems.map { .object(["path": .string($0.path), "message": .string($0.message)]) }),
        ])
        return String(decoding: JSONWriter.compact(object), as: UTF8.self)
    }

    static func short(_ id: ObjectID) -> String { String(id.hex.prefix(7)) }

    /// `text` followed by spaces up to `width` characters.
    private static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private static func count(_ number: Int, _ noun: String, plural: String? = nil) -> String {
        "\(number) \(number == 1 ? noun : plural ?? noun + "s")"
    }
}
