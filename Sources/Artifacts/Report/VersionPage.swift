import Foundation

/// `builds/<version>/index.html`: one version in full. It opens with what changed (the
/// changed, added and removed leaves with their metric deltas), then every metric, the
/// stages on this run's own clock, the taxonomy and the pull requests merged since the
/// previous build; long sections are `<details>`, closed, so the page opens short at a
/// thousand leaves and still needs no script.
///
/// The publisher writes it into the staging folder with the manifest, so it is sealed with
/// the version. It is a view of `manifest.json` and deliberately not one of the manifest's
/// files: the root digest names the model's contents (a later build's base model), which must
/// not change with how a report is drawn, and the page can show the manifest's own digest.
public enum VersionPage {
    /// What a page is drawn from.
    struct Context {
        var manifest: Manifest
        var manifestDigest: String
        var signed: Bool
        /// The version published before this one, for deltas.
        var previous: VersionSummary?
        /// Per-leaf metrics: leaf path → measure (`evaluate.f1`) → value.
        var leaves: [String: [String: Double]]
    }

    /// The page of `manifest`, whose `manifest.json` has `manifestDigest`; `signed` when
    /// `manifest.sig.json` sits beside it; deltas against `previous` when given.
    public static func html(
        _ manifest: Manifest, manifestDigest: String, signed: Bool, previous: VersionSummary? = nil
    ) -> String {
        var leaves: [String: [String: Double]] = [:]
        for (name, value) in manifest.metrics {
            if case .leaf(let path, let measure) = MetricScope(metric: name) { leaves[path, default: [:]][measure] = value }
        }
        let context = Context(
            manifest: manifest, manifestDigest: manifestDigest, signed: signed, previous: previous, leaves: leaves)
        var body = "<p><a href=\"../../index.html\">All versions of \(HTML.escape(manifest.name))</a></p>\n"
        body += "<h1>\(HTML.escape(manifest.name)) \(HTML.escape(manifest.version))</h1>\n"
        for section in sections(context) { body += section }
        return HTML.document(title: manifest.name + " " + manifest.version, body: body)
    }

    /// The page's sections in order; a new section is one more entry here.
    static func sections(_ context: Context) -> [String] {
        [
            summary(context),
            whatChanged(context),
            taxonomyNotices(context.manifest),
            metrics(context),
            warnings(context.manifest.stages),
            stages(context),
            taxonomy(context.manifest.taxonomy),
            contributions(context),
        ]
    }

    private static func summary(_ context: Context) -> String {
        let manifest = context.manifest
        var rows = [
            ("Build", "\(HTML.escape(manifest.build.name)) (\(HTML.escape(manifest.build.kind.rawValue)))"),
            ("Created", IndexReport.timestamp(manifest.created)),
            ("Root digest", "<code>\(HTML.escape(manifest.rootDigest))</code>"),
            ("Manifest", "<a href=\"manifest.json\">manifest.json</a> <code>\(HTML.escape(context.manifestDigest))</code>"),
            ("Provenance", "<a href=\"provenance.json\">provenance.json</a>"),
            ("Signature", context.signed ? "<a href=\"manifest.sig.json\">manifest.sig.json</a>" : "unsigned"),
        ]
        if let base = manifest.baseModel {
            rows.append(("Base model", HTML.escape(base.name) + (base.digest.map { " <code>\(HTML.escape($0))</code>" } ?? "")))
        }
        if let confirmed = manifest.confirmsCandidates, !confirmed.isEmpty {
            let links = confirmed.map {
                "<a id=\"confirms-\(HTML.escape($0.candidate))\" href=\"\(HTML.link("../../candidates/" + $0.candidate + "/report.md"))\">"
                    + "\(HTML.escape($0.candidate))</a> (#\($0.pullRequest), \(HTML.escape($0.verdict)))"
            }
            rows.append(("Confirms candidates", links.joined(separator: ", ")))
        }
        if let previous = context.previous {
            rows.append(("Previous version", "<a href=\"\(HTML.link("../" + previous.version + "/index.html"))\">\(HTML.escape(previous.version))</a>"))
        }
        return HTML.table(
            id: "summary", columns: [], rows: rows.map { "<tr><th>\(HTML.escape($0.0))</th><td>\($0.1)</td></tr>\n" })
    }

    /// `#123`, linked when the taxonomy lives on GitHub (only `https` links are written).
    static func pullRequest(_ url: String, _ number: Int) -> String {
        guard url.hasPrefix("https://github.com/") else { return "#\(number)" }
        let repository = url.hasSuffix(".git") ? String(url.dropLast(4)) : url
        return "<a href=\"\(HTML.escape(repository))/pull/\(number)\">#\(number)</a>"
    }
}
