import Foundation

/// Leaves made for the differential tests: each one a place where `ilab taxonomy diff` and
/// the taxonomy repository's CI could disagree with each other or with modelbuild (lint
/// levels, schema versions, PyYAML's loader, attribution, the file itself).
enum CraftedLeaves {
    struct Leaf {
        /// Taxonomy path of the leaf file.
        let path: String
        let bytes: [UInt8]
        /// The attribution.txt beside it: its text, or nil for none.
        var attribution: String? = "Title: crafted\n"
    }

    /// A version-`version` skill with five seed examples; `first` replaces the first
    /// seed example's lines.
    static func skill(
        version: Int? = 3, first: String = "  - question: q1\n    answer: a1\n", tail: String = ""
    ) -> String {
        (version.map { "version: \($0)\n" } ?? "") + "created_by: someone\ntask_description: Writing poems\nseed_examples:\n"
            + first + (2...5).map { "  - question: q\($0)\n    answer: a\($0)\n" }.joined() + tail
    }

    static func leaf(_ name: String, _ text: String, attribution: String? = "Title: crafted\n") -> Leaf {
        Leaf(path: "compositional_skills/crafted/\(name)/qna.yaml", bytes: Array(text.utf8), attribution: attribution)
    }

    static var all: [Leaf] {
        let block = "  - question: q1\n    answer: |\n      a1\n"
        return [
            leaf("valid_v3", skill()),
            leaf("valid_v2", skill(version: 2)),
            leaf("valid_v1_no_version", skill(version: nil)),
            leaf("valid_v1", skill(version: 1)),
            leaf("version_string", skill().replacingOccurrences(of: "version: 3", with: "version: \"3\"")),
            leaf("version_4", skill(version: 4)),
            leaf("no_attribution", skill(), attribution: nil),
            leaf("empty_attribution", skill(), attribution: ""),
            leaf("v1_no_attribution", skill(version: 1), attribution: nil),
            // yamllint findings the relaxed preset makes warnings, and errors.
            leaf("trailing_spaces", skill(first: "  - question: q1   \n    answer: a1\n")),
            leaf("colon_spaces", skill(first: "  - question: q1\n    answer:   a1\n")),
            leaf("long_line", skill(first: "  - question: q1\n    answer: \(String(repeating: "long ", count: 60))\n")),
            leaf("indentation", skill(first: "  -\n      question: q1\n      answer: a1\n")),
            leaf("sequence_indentation", skill().replacingOccurrences(of: "  - question: q3\n    answer: a3\n", with: "  - question: q3\n    answer:\n    - a3\n")),
            leaf("hyphen_spaces", skill(first: "  -   question: q1\n      answer: a1\n")),
            leaf("blank_lines_end", skill() + "\n\n\n"),
            leaf("blank_lines_middle", skill().replacingOccurrences(of: "seed_examples:\n", with: "\n\n\n\nseed_examples:\n")),
            leaf("no_final_newline", String(skill().dropLast())),
            leaf("crlf", skill().replacingOccurrences(of: "\n", with: "\r\n")),
            leaf("document_markers", "---\n" + skill() + "...\n"),
            leaf("comment_no_space", "#comment\n" + skill()),
            leaf("truthy", skill(first: "  - question: q1\n    answer: yes\n")),
            leaf("brace_spaces", skill(first: "  - {question: q1,   answer: a1}\n")),
            leaf("duplicate_key", skill(first: "  - question: q1\n    answer: a1\n    answer: a1b\n")),
            leaf("duplicate_key_v1", skill(version: 1, first: "  - question: q1\n    answer: a1\n    answer: a1b\n")),
            leaf("duplicate_version_v1", "version: 3\n" + skill(version: 1)),
            leaf("trailing_spaces_v1", skill(version: 1, first: "  - question: q1   \n    answer: a1\n")),
            leaf("colon_spaces_v2", skill(version: 2, first: "  - question: q1\n    answer:   a1\n")),
            // Tabs: between tokens (PyYAML refuses what libyaml accepts), and inside block scalars.
            leaf("tab_before_block_v1", skill(version: 1, first: "  - question: q1\n    answer:\t|\n      a1\n")),
            leaf("tab_before_block_v3", skill(first: "  - question: q1\n    answer:\t|\n      a1\n")),
            leaf("tab_in_block_v1", skill(version: 1, first: block.replacingOccurrences(of: "      a1", with: "      a\t1"))),
            leaf("tab_in_block_v3", skill(first: block.replacingOccurrences(of: "      a1", with: "      a\t1"))),
            leaf("tab_indented_block_v1", skill(version: 1, first: block.replacingOccurrences(of: "      a1", with: "      a1\n      \tmore"))),
            leaf("tab_after_value_v1", skill(version: 1, first: "  - question: q1\t\n    answer: a1\n")),
            // Merge keys: PyYAML's rules.
            leaf("merge_scalar_v1", skill(version: 1, first: "  - <<: [1]\n    question: q1\n    answer: a1\n")),
            leaf("merge_scalar_v3", skill(first: "  - <<: [1]\n    question: q1\n    answer: a1\n")),
            leaf("merge_mapping_extra", skill(first: "  - <<: {extra: 1}\n    question: q1\n    answer: a1\n")),
            leaf("merge_alias", skill(first: "  - &base\n    question: q0\n    answer: a0\n  - <<: *base\n    question: q1\n")),
            leaf("merge_alias_v1", skill(version: 1, first: "  - &base\n    question: q0\n    answer: a0\n  - <<: *base\n    question: q1\n")),
            leaf("merge_list", skill(first: "  - <<: [{question: q1}, {answer: a1}]\n")),
            leaf("undefined_alias", skill(first: "  - question: *nothing\n    answer: a1\n")),
            leaf("duplicate_examples", skill(first: "  - question: q2\n    answer: a2\n")),
            // The file itself.
            leaf("empty", ""),
            leaf("comment_only", "# nothing yet\n"),
            leaf("empty_mapping", "{}\n"),
            leaf("null_document", "null\n"),
            leaf("top_level_list", "- a\n- b\n"),
            leaf("top_level_scalar", "just text\n"),
            leaf("whitespace_only", "  \n\n"),
            leaf("document_marker_only", "---\n"),
            leaf("tilde_document", "~\n"),
            leaf("empty_list", "[]\n"),
            leaf("zero_document", "0\n"),
            leaf("false_document", "false\n"),
            leaf("empty_string_document", "\"\"\n"),
            leaf("version_huge", skill().replacingOccurrences(of: "version: 3", with: "version: 99999999999999999999")),
            leaf("tab_after_hyphen_v1", skill(version: 1, first: "  -\tquestion: q1\n    answer: a1\n")),
            leaf("tab_in_comment_v1", skill(version: 1, first: "  - question: q1 #\tnote\n    answer: a1\n")),
            leaf("tab_in_quoted_v1", skill(version: 1, first: "  - question: \"q\t1\"\n    answer: a1\n")),
            Leaf(path: "compositional_skills/crafted/utf16/qna.yaml", bytes: [0xFF, 0xFE] + skill().utf8.flatMap { [$0, 0] }),
            Leaf(path: "knowledge/crafted/skill_as_knowledge_v1/qna.yaml", bytes: Array(skill(version: 1).utf8)),
            leaf("syntax_error", "version: 3\nseed_examples: [\n"),
            Leaf(path: "compositional_skills/crafted/invalid_utf8/qna.yaml", bytes: Array(skill().utf8) + [0xFF, 0x0A]),
            Leaf(path: "compositional_skills/crafted/bom/qna.yaml", bytes: [0xEF, 0xBB, 0xBF] + Array(skill().utf8)),
            Leaf(path: "compositional_skills/crafted/misnamed/qna.yml", bytes: Array(skill().utf8)),
            // A skill below a folder named like the other taxonomy folder.
            Leaf(path: "compositional_skills/crafted/knowledge/nested/qna.yaml", bytes: Array(skill().utf8)),
            // What PyYAML and Python make of versions and values.
            leaf("version_true", skill().replacingOccurrences(of: "version: 3", with: "version: true")),
            leaf("version_float", skill().replacingOccurrences(of: "version: 3", with: "version: 3.7")),
            leaf("version_word", skill().replacingOccurrences(of: "version: 3", with: "version: three")),
            leaf("version_null", skill().replacingOccurrences(of: "version: 3", with: "version: null")),
            leaf("version_zero", skill(version: 0)),
            leaf("version_negative", skill(version: -1)),
            leaf("version_twice", skill() + "version: 2\n"),
            leaf("created_by_date", skill().replacingOccurrences(of: "created_by: someone", with: "created_by: 2024-01-01")),
            leaf("created_by_number", skill().replacingOccurrences(of: "created_by: someone", with: "created_by: 0x1F")),
            leaf("binary_tag", skill(first: "  - question: q1\n    answer: !!binary aGVsbG8=\n")),
            leaf("python_tag", skill(first: "  - question: q1\n    answer: !!python/name:os.system\n")),
            leaf("two_documents", skill() + "---\nversion: 3\n"),
            leaf("tab_indentation", skill(first: "  - question: q1\n\tanswer: a1\n")),
            leaf("bell_character", skill(first: "  - question: q1\n    answer: a\u{07}1\n")),
            leaf("next_line_character", skill(first: "  - question: q1\n    answer: a\u{85}1\n")),
            leaf("line_separator", skill(first: "  - question: q1\n    answer: \"a\u{2028}1\"\n")),
            leaf("escapes", skill(first: "  - question: \"q\\x41\\u00e9\\t1\"\n    answer: 'a''1'\n")),
            leaf("anchored_scalar", skill(first: "  - question: &q q1\n    answer: *q\n")),
            leaf("flow_mapping_spaces", skill(first: "  - { question: q1, answer: a1 }\n")),
            leaf("knowledge_in_skills", skill() + "document:\n  repo: r\n  commit: c\n  patterns: [a.md]\n"),
            leaf("missing_required", skill().replacingOccurrences(of: "task_description: Writing poems\n", with: "")),
            leaf("four_examples", skill().replacingOccurrences(of: "  - question: q5\n    answer: a5\n", with: "")),
        ]
    }

    /// Writes every leaf (and its attribution.txt) under `root`; returns their paths.
    static func write(under root: URL) throws -> [String] {
        try all.map { leaf in
            let url = root.appendingPathComponent(leaf.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(leaf.bytes).write(to: url)
            if let attribution = leaf.attribution {
                try Data(attribution.utf8).write(to: url.deletingLastPathComponent().appendingPathComponent("attribution.txt"))
            }
            return leaf.path
        }
    }
}
