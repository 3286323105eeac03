import Foundation

/// How the version of a new build is chosen.
public enum VersionRequest: Sendable, Hashable {
    /// A template such as `nightly-{date}`: `{date}` becomes the UTC date of `date`
    /// (`2026-11-27`); when that version exists, `.2`, `.3`… is appended.
    case template(String, date: Date)
    /// Exactly this semantic version (`1.4.0`, `1.4.0-rc.1`); it must not exist.
    case semantic(String)
    /// The highest published release (without pre-release) raised by one component;
    /// `0.0.0` bumped when there is none.
    case bump(SemanticVersion.Component)
}

/// Rules every published version obeys, and the choice of the next one.
public enum VersionNaming {
    /// True for a valid OCI tag: `[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`.
    public static func isValidOCITag(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...128).contains(bytes.count) else { return false }
        func allowed(_ byte: UInt8, first: Bool) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                true
            case UInt8(ascii: "."), UInt8(ascii: "-"): !first
            default: false
            }
        }
        return bytes.enumerated().allSatisfy { allowed($1, first: $0 == 0) }
    }

    /// Throws `.invalidVersion` unless `version` is a valid OCI tag.
    public static func checkTag(_ version: String) throws(ArtifactsError) {
        guard isValidOCITag(version) else {
            throw ArtifactsError(
                .invalidVersion, path: version,
                reason: "a version must be a valid OCI tag: [A-Za-z0-9_][A-Za-z0-9._-]{0,127}")
        }
    }

    /// Chooses the version for `request`, given every version ever published (`existing`,
    /// including collected ones) and the release versions among them (`releases`).
    /// Throws `.versionExists` when an exact version is taken.
    public static func resolve(
        _ request: VersionRequest, existing: Set<String>, releases: [String]
    ) throws(ArtifactsError) -> String {
        switch request {
        case .template(let template, let date):
            let base = template.replacingOccurrences(of: "{date}", with: utcDay(date))
            if base.contains("{") || base.contains("}") {
                throw ArtifactsError(
                    .versionUnresolvable, path: template,
                    reason: "unknown placeholder in the version template; only {date} is known")
            }
            try checkTag(base)
            if !existing.contains(base) { return base }
            var counter = 2
            while existing.contains("\(base).\(counter)") { counter += 1 }
            let version = "\(base).\(counter)"
            try checkTag(version)
            return version
        case .semantic(let text):
            let version = try SemanticVersion(parsing: text)
            if !version.buildMetadata.isEmpty {
                throw ArtifactsError(
                    .invalidVersion, path: text,
                    reason: "build metadata (+\(version.buildMetadata.joined(separator: "."))) cannot be part of a "
                        + "published version: '+' is not allowed in an OCI tag; record it in the manifest instead")
            }
            try checkTag(text)
            if existing.contains(text) { throw versionExists(text) }
            return text
        case .bump(let component):
            let last = releases.compactMap { try? SemanticVersion(parsing: $0) }.filter(\.prerelease.isEmpty).max()
            var next = (last ?? SemanticVersion(major: 0, minor: 0, patch: 0)).bumped(component)
            // A pre-release of the bumped version is lower, so it never blocks; a collision
            // can only come from a non-semver name equal to it, which is reported.
            next.buildMetadata = []
            let version = next.description
            if existing.contains(version) { throw versionExists(version) }
            return version
        }
    }

    /// The error for asking for a version that exists.
    public static func versionExists(_ version: String) -> ArtifactsError {
        ArtifactsError(
            .versionExists, path: version,
            reason: "version \(version) is already published; published versions are never overwritten")
    }

    /// `yyyy-MM-dd` in UTC.
    public static func utcDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))"
    }
}
