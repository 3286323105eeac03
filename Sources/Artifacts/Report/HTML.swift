import Foundation

/// Text made safe for the report pages, which are written by hand without a template engine.
enum HTML {
    /// `text` with every character that means something in HTML (text or attribute) escaped.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A relative link to `path` (`/`-separated) for an `href`: percent-encoded, so a `#`,
    /// `?` or `%` in a published file's name stays part of the path, then escaped.
    static func link(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%;")
        return escape(path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path)
    }

    /// A whole page: the shared head and style, then `body`.
    static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(escape(title))</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
        table { border-collapse: collapse; margin-bottom: 1em; }
        th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; }
        code { font-size: 90%; }
        details { margin: 0.5em 0 1em; }
        summary { cursor: pointer; font-weight: 600; }
        .grid { display: flex; flex-wrap: wrap; gap: 12px; }
        .regression { color: #b00; font-weight: 600; }
        .improvement { color: #075; }
        .muted { color: #666; }
        tr.failed td { background: #fdecec; }
        #versions td, #runs td, #deltas td, #deltas th { white-space: nowrap; }
        #stages td:first-child, #leaf-metrics td:first-child, #changed-leaves td:first-child { overflow-wrap: anywhere; }
        </style>
        </head>
        <body>

        """ + body + "</body>\n</html>\n"
    }

    /// A `<details>` section (no script needed to open it) whose `<summary>` is `title`,
    /// open when `open`; a long section starts closed so the page opens short.
    static func details(_ title: String, id: String, open: Bool, _ content: String) -> String {
        "<details id=\"\(escape(id))\"\(open ? " open" : "")><summary>\(escape(title))</summary>\n" + content + "</details>\n"
    }

    /// Sections longer than this many rows start closed.
    static let openRowsLimit = 20

    /// A table with `id`, the header cells `columns` (no header when empty) and the
    /// already-rendered `rows`.
    static func table(id: String, columns: [String], rows: [String]) -> String {
        let header = columns.isEmpty ? "" : "<thead><tr>" + columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n"
        return "<table id=\"\(escape(id))\">\n" + header + "<tbody>\n" + rows.joined() + "</tbody>\n</table>\n"
    }
}
