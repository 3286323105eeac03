/// The version page's account of who and what the model was built from.
extension VersionPage {
    /// Links to the model card and data card, the licences, the contributors, and every
    /// leaf's contribution record (closed when long).
    static func contributions(_ context: Context) -> String {
        let manifest = context.manifest
        var html = "<h2>Contributions</h2>\n<p>"
        html += "<a href=\"\(ModelCard.modelCardName)\">Model card</a> · <a href=\"\(ModelCard.dataCardName)\">Data card</a>"
        guard let records = manifest.contributions, !records.isEmpty else {
            return html + "</p>\n<p class=\"muted\">This version records no contributions.</p>\n"
        }
        let credits = Credits(manifest)
        html += " · \(records.count) leaves by \(credits.contributors.count) contributors, licences: "
        html += credits.licenses.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { name, count in
            "\(HTML.escape(name)) (\(count))"
        }.joined(separator: ", ")
        html += "</p>\n"
        let people = credits.contributors.map { person in
            "<tr class=\"contributor\"><td>\(HTML.escape(person.name))</td><td class=\"number\">\(person.leaves.count)</td>"
                + "<td>\(person.pullRequests.map { pullRequest(manifest.taxonomy.url, $0) }.joined(separator: " "))</td></tr>\n"
        }
        html += HTML.details(
            "Contributors (\(people.count))", id: "contributors", open: people.count <= HTML.openRowsLimit,
            HTML.table(id: "contributor-table", columns: ["Contributor", "Leaves", "Pull requests"], rows: people))
        let rows = records.map { record in
            var row = "<tr class=\"contribution\" data-leaf=\"\(HTML.escape(record.leaf))\">"
            row += "<td><code>\(HTML.escape(record.leaf))</code></td><td>\(HTML.escape(record.createdBy ?? ""))</td>"
            row += "<td>" + (record.lastChange.map { change in
                "<code>\(HTML.escape(String(change.commit.prefix(12))))</code>"
                    + (change.pullRequest.map { " " + pullRequest(manifest.taxonomy.url, $0) } ?? "")
            } ?? "") + "</td>"
            let source = record.attribution.map { attribution -> String in
                let title = HTML.escape(attribution.title ?? attribution.link ?? "")
                guard let link = attribution.link, link.hasPrefix("https://") else { return title }
                return "<a href=\"\(HTML.escape(link))\">\(title)</a>"
            }
            row += "<td>\(source ?? "")</td><td>\(HTML.escape(record.license ?? ""))</td>"
            row += "<td>\(HTML.escape(record.attribution?.creator ?? ""))</td>"
            row += "<td>\(record.documents.map { "\(HTML.escape($0.repository)) <code>\(HTML.escape(String($0.commit.prefix(12))))</code>, \($0.files.count) files" } ?? "")</td>"
            return row + "</tr>\n"
        }
        return html
            + HTML.details(
                "Every leaf (\(records.count))", id: "contribution-records", open: records.count <= HTML.openRowsLimit,
                HTML.table(
                    id: "contributions",
                    columns: ["Leaf", "Created by", "Last change", "Source", "Licence", "Creator", "Documents"], rows: rows))
    }
}
