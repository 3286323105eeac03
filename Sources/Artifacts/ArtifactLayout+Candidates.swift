/// Where candidate builds of pull requests are published, beside the versions and never
/// among them: `candidates/<id>/` holds `manifest.json`, `provenance.json`, `report.json`,
/// `report.md` and `files/<path>`; `candidates/index.html` lists them. No ref, no
/// `published.log` line and no `index.json` row ever names a candidate.
extension ArtifactLayout {
    /// `candidates`.
    public var candidates: String { root + "/candidates" }
    /// `candidates/<id>`.
    public func candidate(_ id: String) -> String { candidates + "/" + id }
    /// `candidates/index.html`.
    public var candidatesPage: String { candidates + "/index.html" }
}
