import Foundation
import StageProtocol

/// The two cards every published version carries beside its manifest, made from the
/// manifest alone: `README.md`, a Hugging Face model card (YAML front matter with
/// `license`, `base_model`, `datasets`, `tags` and `model-index` metrics, then prose), and
/// `DATACARD.md`, the data card (the contributions by leaf with their licences and
/// creators, the knowledge documents, and what was left out and why).
///
/// The manifest lists both with their digests (`Manifest.cards`), so `verify` checks them;
/// they are drawn from the manifest without that list, which is how they can be listed in it.
public enum ModelCard {
    /// The model card's file name (Hugging Face reads `README.md`).
    public static let modelCardName = "README.md"
    /// The data card's file name.
    public static let dataCardName = "DATACARD.md"

    /// Both cards of `manifest`: name → bytes.
    public static func cards(of manifest: Manifest) -> [(name: String, bytes: [UInt8])] {
        [(modelCardName, Array(modelCard(manifest).utf8)), (dataCardName, Array(dataCard(manifest).utf8))]
    }

    /// The licence the card declares: the one licence every attributed leaf shares, else
    /// `other` (the data card lists each).
    static func license(_ credits: Credits) -> String {
        let known = credits.licenses.keys.filter { $0 != "unknown" }
        return known.count == 1 ? known[0] : "other"
    }

    /// `README.md`.
    public static func modelCard(_ manifest: Manifest) -> String {
        let credits = Credits(manifest)
        let license = license(credits)
        var yaml = "---\n"
        yaml += "license: \(quoted(license))\n"
        if license == "other" {
            yaml += "license_name: \(quoted("taxonomy-contributions"))\n"
            yaml += "license_link: \(quoted(dataCardName))\n"
        }
        if let base = manifest.baseModel { yaml += "base_model: \(quoted(base.uri ?? base.name))\n" }
        if !manifest.taxonomy.url.isEmpty {
            yaml += "datasets:\n- \(quoted(manifest.taxonomy.url + "@" + manifest.taxonomy.commit))\n"
        }
        yaml += "tags:\n- \(quoted("modelbuild"))\n- \(quoted("instructlab"))\n- \(quoted(manifest.build.kind.rawValue))\n"
        let metrics = MetricScope.buildLevel(manifest.metrics.keys)
        if !metrics.isEmpty {
            yaml += "model-index:\n- name: \(quoted(manifest.name))\n  results:\n  - task:\n      type: \(quoted("question-answering"))\n"
            yaml += "    dataset:\n      name: \(quoted("taxonomy"))\n      type: \(quoted(manifest.taxonomy.url))\n"
            yaml += "      revision: \(quoted(manifest.taxonomy.commit))\n    metrics:\n"
            for metric in metrics {
                yaml += "    - type: \(quoted(metric))\n      name: \(quoted(metric))\n"
                yaml += "      value: \(SVGCharts.format(manifest.metrics[metric] ?? 0))\n"
            }
        }
        yaml += "---\n\n"
        var text = "# \(manifest.name) \(manifest.version)\n\n"
        text += "A \(manifest.build.kind.rawValue) build (`\(manifest.build.name)`) made by modelbuild on "
        text += "\(IndexReport.timestamp(manifest.created)) from the taxonomy \(manifest.taxonomy.url) at commit "
        text += "`\(manifest.taxonomy.commit)`"
        if let base = manifest.baseModel { text += ", starting from \(base.name)" + (base.digest.map { " (`sha256:\($0)`)" } ?? "") }
        text += ".\n\n"
        text += "## Data\n\n\(manifest.contributions?.count ?? 0) taxonomy leaves by \(credits.contributors.count) contributors"
        text += " from \(credits.sources.count) attributed sources and \(credits.documents.count) document repositories. "
        text += "Every leaf, its contributor, source and licence: [\(dataCardName)](\(dataCardName)).\n\n"
        text += "Licences of the source material:\n\n"
        for (name, count) in credits.licenses.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            text += "- \(MarkdownText.cell(name)): \(count) leaves\n"
        }
        if !metrics.isEmpty {
            text += "\n## Evaluation\n\n| Metric | Value |\n|---|---|\n"
            for metric in metrics { text += "| \(MarkdownText.cell(metric)) | \(SVGCharts.format(manifest.metrics[metric] ?? 0)) |\n" }
        }
        text += "\n## Verifying\n\n`manifest.json` lists every file with its SHA-256 (root digest `\(manifest.rootDigest)`); "
        text += "`provenance.json` is its SLSA provenance. Check both with `modelbuild verify \(manifest.version)`.\n"
        return yaml + text
    }

    /// `DATACARD.md`.
    public static func dataCard(_ manifest: Manifest) -> String {
        let credits = Credits(manifest)
        let contributions = manifest.contributions ?? []
        var text = "# Data card: \(manifest.name) \(manifest.version)\n\n"
        text += "Taxonomy \(manifest.taxonomy.url) at commit `\(manifest.taxonomy.commit)`: \(contributions.count) leaves "
        text += "(\(contributions.filter { $0.kind == "knowledge" }.count) knowledge, "
        text += "\(contributions.filter { $0.kind != "knowledge" }.count) skills).\n\n"
        text += "## Contributors\n\n| Contributor | Leaves | Pull requests |\n|---|---|---|\n"
        for person in credits.contributors {
            text += "| \(MarkdownText.cell(person.name)) | \(person.leaves.count) | \(person.pullRequests.map { "#\($0)" }.joined(separator: " ")) |\n"
        }
        text += "\n## Contributions by leaf\n\n| Leaf | Kind | Created by | Last change | Source | Licence | Creator |\n"
        text += "|---|---|---|---|---|---|---|\n"
        for record in contributions {
            let change = record.lastChange.map { change in
                "`\(change.commit.prefix(12))`" + (change.pullRequest.map { " #\($0)" } ?? "") + " " + MarkdownText.cell(Credits.name(of: change.author))
            } ?? ""
            let source = record.attribution.map { MarkdownText.cell($0.title ?? $0.link ?? "") } ?? ""
            text += "| `\(MarkdownText.cell(record.leaf))` | \(record.kind) | \(MarkdownText.cell(record.createdBy ?? "")) | \(change) | \(source) "
            text += "| \(MarkdownText.cell(record.license ?? "unknown")) | \(MarkdownText.cell(record.attribution?.creator ?? "")) |\n"
        }
        if !credits.documents.isEmpty {
            text += "\n## Knowledge documents\n\n| Repository | Commit | Licence | Files | Leaves |\n|---|---|---|---|---|\n"
            for source in credits.documents {
                let files = source.files.map { "`\(MarkdownText.cell($0.path))` sha256:\($0.sha256.prefix(16))…" }.joined(separator: "<br>")
                text += "| \(MarkdownText.cell(source.repository)) | `\(source.commit.prefix(12))` | \(MarkdownText.cell(source.license ?? "unknown")) "
                text += "| \(files) | \(source.leaves.map { "`\(MarkdownText.cell($0))`" }.joined(separator: " ")) |\n"
            }
        }
        text += "\n## Excluded\n\n"
        let removed = manifest.taxonomy.changedLeaves.filter { $0.change == .removed }
        if removed.isEmpty {
            text += "No leaf was removed since the previous build.\n"
        } else {
            text += "Removed from the taxonomy since the previous build (their data is no longer trained on):\n\n"
            for leaf in removed { text += "- `\(MarkdownText.cell(leaf.path))`\n" }
        }
        return text
    }

    /// A YAML scalar for any text: JSON's double-quoted string is YAML's too.
    static func quoted(_ text: String) -> String {
        var writer = JSONWriter()
        writer.value(text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
