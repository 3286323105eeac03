import Foundation

/// A leaf's `attribution.txt`: who made the source material and under which licence, as
/// the InstructLab taxonomy asks contributors to write it:
///
/// ```
/// Title of work: The Birds of Europe
/// Link to work: https://example.org/birds
/// Revision: 2
/// License of the work: CC-BY-SA-4.0
/// Creator names: Ann Example
/// ```
///
/// Keys are matched without case, by their leading word (`title`, `link`, `license` or
/// `licence`, `creator`, `revision`); unknown lines are kept in `other`.
public struct LeafAttribution: Sendable, Hashable {
    public var title: String?
    public var link: String?
    public var revision: String?
    public var license: String?
    public var creator: String?
    /// Lines that are not one of the known keys, as written (trimmed).
    public var other: [String]

    public init(
        title: String? = nil, link: String? = nil, revision: String? = nil, license: String? = nil,
        creator: String? = nil, other: [String] = []
    ) {
        self.title = title
        self.link = link
        self.revision = revision
        self.license = license
        self.creator = creator
        self.other = other
    }

    /// Parses the text of an `attribution.txt` (invalid UTF-8 is replaced, never refused).
    public init(parsing bytes: [UInt8]) {
        self.init()
        for rawLine in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            guard let colon = line.firstIndex(of: ":") else {
                other.append(line)
                continue
            }
            let key = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            let word = key.split(separator: " ").first.map(String.init) ?? ""
            switch word {
            case "title": title = value
            case "link", "url": link = value
            case "revision": revision = value
            case "license", "licence": license = value
            case "creator", "creators", "author", "authors": creator = value
            default: other.append(line)
            }
        }
    }
}
