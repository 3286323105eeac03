import Foundation

/// `candidates/index.html`: every published candidate, newest first, with its pull
/// requests, base version and verdicts, linking to its report.
public enum CandidatesPage {
    /// One candidate's line on the page.
    public struct Row: Sendable, Hashable {
        public var id: String
        public var created: String
        public var baseVersion: String
        /// `#42 improves`, one per pull request.
        public var verdicts: [String]

        public init(id: String, created: String, baseVersion: String, verdicts: [String]) {
            self.id = id
            self.created = created
            self.baseVersion = baseVersion
            self.verdicts = verdicts
        }
    }

    /// The page for `rows` of `model`.
    public static func html(model: String, rows: [Row]) -> String {
        let body =
            "<h1>\(HTML.escape(model)): candidate builds of pull requests</h1>\n"
            + "<p>Candidates are never versions: no ref moves to them. Each links to its report.</p>\n"
            + HTML.table(
                id: "candidates", columns: ["candidate", "created", "built on", "verdicts"],
                rows: rows.map { row in
                    "<tr><td><a href=\"\(HTML.link(row.id + "/report.md"))\">\(HTML.escape(row.id))</a></td>"
                        + "<td>\(HTML.escape(row.created))</td><td>\(HTML.escape(row.baseVersion))</td>"
                        + "<td>\(HTML.escape(row.verdicts.joined(separator: ", ")))</td></tr>\n"
                })
        return HTML.document(title: "\(model) candidates", body: body)
    }
}
