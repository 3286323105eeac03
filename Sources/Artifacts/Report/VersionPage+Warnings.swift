extension VersionPage {
    /// What stages asked a person to look at (personal data a scan found), by stage; no
    /// section when there is none.
    static func warnings(_ stages: [Manifest.Stage]) -> String {
        let rows = stages.flatMap { stage in
            (stage.warnings ?? []).map { warning in
                "<tr class=\"warning\" data-stage=\"\(HTML.escape(stage.name))\"><td>\(HTML.escape(stage.name))</td>"
                    + "<td>\(HTML.escape(warning))</td></tr>\n"
            }
        }
        guard !rows.isEmpty else { return "" }
        return "<h2>Warnings</h2>\n" + HTML.table(id: "warnings", columns: ["Stage", "Warning"], rows: rows)
    }
}
