import Foundation
import Platform
import StageProtocol

/// The version summaries `index.json` holds, read with the one JSON reader: every publish
/// and every candidate lists the versions, and decoding the index with `Codable` (a
/// summary holds a metric per leaf and measure) was most of finding the latest version.
///
/// A summary is taken only as the publisher writes it (times to the whole second in UTC);
/// anything else makes the whole index unread, and the catalog summarises the manifests
/// themselves instead, as for a missing index.
enum IndexedVersionSummaries {
    private static let index = JSONKeys(["versions"])

    /// The summaries in the index at `path`; nil when it is missing, unreadable, or not as
    /// the publisher writes it.
    static func read(at path: String) -> [VersionSummary]? {
        guard let bytes = try? FileSystem.readFile(path), let members = try? JSONReader.members(index, of: bytes),
            case .array(let versions)? = members[0]
        else { return nil }
        var summaries: [VersionSummary] = []
        summaries.reserveCapacity(versions.count)
        for value in versions {
            guard let summary = summary(value) else { return nil }
            summaries.append(summary)
        }
        return summaries
    }

    private static func summary(_ value: JSONValue) -> VersionSummary? {
        guard case .object(let fields) = value, let version = string(fields["version"]),
            let buildName = string(fields["buildName"]), let kind = string(fields["kind"]),
            let created = time(fields["created"]), let taxonomyCommit = string(fields["taxonomyCommit"]),
            case .object(let metricValues)? = fields["metrics"], let rootDigest = string(fields["rootDigest"]),
            let manifestDigest = string(fields["manifestDigest"]), case .array(let stageValues)? = fields["stages"]
        else { return nil }
        var metrics: [String: Double] = [:]
        metrics.reserveCapacity(metricValues.count)
        for (name, value) in metricValues {
            guard let number = value.numberValue else { return nil }
            metrics[name] = number
        }
        var stages: [VersionSummary.StageSpan] = []
        for value in stageValues {
            guard case .object(let span) = value, let name = string(span["name"]),
                let startedAt = time(span["startedAt"]), let finishedAt = time(span["finishedAt"]),
                case .bool(let reused)? = span["reused"]
            else { return nil }
            stages.append(.init(name: name, startedAt: startedAt, finishedAt: finishedAt, reused: reused))
        }
        var changedLeaves: [String]?
        switch fields["changedLeaves"] {
        case nil, .null?: changedLeaves = nil
        case .array(let paths)?:
            changedLeaves = []
            for path in paths {
                guard let path = string(path) else { return nil }
                changedLeaves?.append(path)
            }
        default: return nil
        }
        var runID: String?
        switch fields["runID"] {
        case nil, .null?: runID = nil
        case .string(let id)?: runID = id
        default: return nil
        }
        return VersionSummary(
            version: version, buildName: buildName, kind: BuildKind(rawValue: kind), created: created,
            taxonomyCommit: taxonomyCommit, metrics: metrics, rootDigest: rootDigest, manifestDigest: manifestDigest,
            stages: stages, changedLeaves: changedLeaves, runID: runID)
    }

    private static func string(_ value: JSONValue?) -> String? {
        guard case .string(let text)? = value else { return nil }
        return text
    }

    /// A time as the publisher writes it (`2026-11-27T02:13:00Z`), and only so.
    private static func time(_ value: JSONValue?) -> Date? {
        guard let text = string(value), let date = UTCTimestamp.parse(text), ISO8601Text.utc(date) == text else { return nil }
        return date
    }
}
