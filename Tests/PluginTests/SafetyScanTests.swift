import Foundation
import BuildConfiguration
import StageProtocol
import TestSupport
import Testing

/// The shipped safety-scan plugin, run for real (python3) on datasets made by the test.
@Suite struct SafetyScanTests {
    static let script = PluginScript(plugin: "safety-scan", file: "scan.py")

    /// One kind of finding, the text holding it, and the part of it no output may show.
    struct Case: Sendable, CustomStringConvertible {
        var kind: String
        var text: String
        var secret: String
        var description: String { "\(kind): \(text)" }
    }

    static let cases: [Case] = [
        Case(kind: "email", text: "Write to ada.lovelace@corp-mail.io for access.", secret: "ada.lovelace@corp-mail.io"),
        Case(kind: "aws_access_key", text: "The key is AKIAZ7Q4RXJ2M5N8P3W6 in prod.", secret: "AKIAZ7Q4RXJ2M5N8P3W6"),
        Case(
            kind: "github_token", text: "token ghp_R8fK2mZq9Lx4Vt7Yw1Nc5Bd3Hs6Jp0Ga2Ue4 works",
            secret: "ghp_R8fK2mZq9Lx4Vt7Yw1Nc5Bd3Hs6Jp0Ga2Ue4"),
        Case(kind: "slack_token", text: "slack xoxb-2819304718-Qw8eRt5yUi3o posted it", secret: "xoxb-2819304718-Qw8eRt5yUi3o"),
        Case(kind: "api_key", text: #"config: api_key = "q8ZrT3vLx9Wm2Kp7Ns4Yb6Hd""#, secret: "q8ZrT3vLx9Wm2Kp7Ns4Yb6Hd"),
        Case(
            kind: "private_key",
            text: "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\n-----END OPENSSH PRIVATE KEY-----",
            secret: "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU"),
        Case(kind: "credit_card", text: "Pay with 4111-1111-1111-1111 today.", secret: "4111-1111-1111-1111"),
        Case(kind: "phone", text: "Call +14155552671 after nine.", secret: "+14155552671"),
        Case(kind: "phone", text: "Call (415) 555-2671 after nine.", secret: "(415) 555-2671"),
        Case(kind: "phone", text: "Ruf an: 030 1234 5678.", secret: "030 1234 5678"),
    ]

    /// The plugin's declared defaults, as modelbuild applies them, then `overrides`.
    static func params(_ overrides: [String: JSONValue] = [:]) throws -> [String: JSONValue] {
        let folder = packageRoot.appendingPathComponent("plugins/safety-scan")
        let manifest = try PluginManifestLoader(folder: folder, displayFolder: "plugins/safety-scan").load().manifest
        var params: [String: JSONValue] = [:]
        for parameter in manifest.params {
            if let value = parameter.defaultValue { params[parameter.name] = value }
        }
        return params.merging(overrides) { _, new in new }
    }

    static func record(_ id: Int, _ content: String) throws -> String {
        let object: [String: Any] = [
            "id": "\(id)", "metadata": "{}", "unmask": false,
            "messages": [["role": "user", "content": content], ["role": "assistant", "content": "Noted."]],
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    struct Scan {
        var result: CommandResult
        var findings: [[String: Any]]
        var report: [String: Any]
        var markdown: String
    }

    static func scan(
        _ files: [String: String], params: [String: JSONValue], in directory: URL
    ) async throws -> Scan {
        let input = directory.appendingPathComponent("generate-output")
        for (path, text) in files { try write(text, to: path, in: input) }
        let output = directory.appendingPathComponent("output")
        let result = try await script.run(
            stageContext(stage: "safety", params: params, inputs: ["generate": input.path], output: output),
            in: directory)
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("findings.json")))
                as? [String: Any], "\(result.standardError)")
        let markdown = try String(contentsOf: output.appendingPathComponent("findings.md"), encoding: .utf8)
        return Scan(
            result: result, findings: report["findings"] as? [[String: Any]] ?? [], report: report, markdown: markdown)
    }

    /// Personal data is a warning by default; secrets, keys and card numbers are errors.
    static let personalData: Set<String> = ["email", "phone"]

    @Test(arguments: cases)
    func catchesEachKindAndNeverShowsTheSecret(_ example: Case) async throws {
        try await withTemporaryDirectory { directory in
            let lines = [try Self.record(1, "What is the capital of France?"), try Self.record(2, example.text)]
            let scan = try await Self.scan(
                ["train.jsonl": lines.joined(separator: "\n") + "\n"], params: try Self.params(), in: directory)
            let severity = Self.personalData.contains(example.kind) ? "warning" : "error"
            #expect(scan.result.status == (severity == "error" ? 1 : 0), "\(scan.result.standardError)")
            #expect(scan.result.standardOutput.contains("::metric findings=1\n"))
            #expect(scan.findings.count == 1, "\(scan.findings)")
            let finding = try #require(scan.findings.first)
            #expect(finding["kind"] as? String == example.kind)
            #expect(finding["severity"] as? String == severity)
            #expect(finding["file"] as? String == "generate/train.jsonl")
            #expect(finding["line"] as? Int == 2)
            #expect(finding["field"] as? String == "messages[0].content")
            #expect((finding["excerpt"] as? String)?.isEmpty == false)
            let written = try String(
                contentsOf: directory.appendingPathComponent("output/findings.json"), encoding: .utf8)
            for text in [written, scan.markdown, scan.result.standardOutput] {
                #expect(!text.contains(example.secret), "the secret shows in \(text)")
            }
            #expect(scan.markdown.contains("| generate/train.jsonl | 2 | \(example.kind) | \(severity) |"))
            let result = try String(contentsOf: directory.appendingPathComponent("output/result.json"), encoding: .utf8)
            #expect(result.contains(#""findings": 1"#))
        }
    }

    @Test func cleanDataPasses() async throws {
        try await withTemporaryDirectory { directory in
            let contents = [
                "Ada's address for examples is ada@example.com, and bob@example.org too.",
                "Version 1.2.3 shipped on 2024-01-15 (15.01.2024) at 1700000000000 ms.",
                "The order number 4111 1111 1111 1112 fails the Luhn check.",
                "An API key placeholder: api_key = YOUR_API_KEY_HERE",
                "Two plus two is 4; the year 1969 had 365 days.",
            ]
            let lines = try contents.enumerated().map { try Self.record($0.offset, $0.element) }
            let scan = try await Self.scan(
                [
                    "train.jsonl": lines.joined(separator: "\n") + "\n",
                    "notes/readme.txt": "Plain text, nothing personal, see https://example.com/docs.\n",
                ], params: try Self.params(), in: directory)
            #expect(scan.result.status == 0, "\(scan.result.standardOutput)\(scan.result.standardError)")
            #expect(scan.findings.isEmpty, "\(scan.findings)")
            #expect(scan.report["filesScanned"] as? Int == 2)
            #expect(scan.result.standardOutput.contains("::metric findings=0\n"))
            #expect(scan.markdown.contains("0 findings in 2 files scanned."))
        }
    }

    @Test func theAllowlistTakesRegexesAndPlainText() async throws {
        try await withTemporaryDirectory { directory in
            let text = "Mail ada@corp-mail.io or call +1 (415) 555-2671."
            let scan = try await Self.scan(
                ["a.txt": text + "\n"], params: try Self.params(["allow": .array([.string(#"@corp-mail\.io$"#), .string("+1 (415")])]),
                in: directory)
            #expect(scan.result.status == 0, "\(scan.findings)")
            #expect(scan.findings.isEmpty)
        }
    }

    /// Issue 16 item 4: a leaf quoting a paper's authors passes with warnings listed in
    /// result.json (from there the manifest and the page); a card number still fails.
    @Test func personalDataWarnsAndSecretsFailByDefault() async throws {
        try await withTemporaryDirectory { directory in
            let authors = (1...7).map { "author\($0)@university.edu" }.joined(separator: ", ")
            let lines = [try Self.record(1, "The paper's authors: \(authors)."), try Self.record(2, "Call +14155552671.")]
            let scan = try await Self.scan(
                ["train.jsonl": lines.joined(separator: "\n") + "\n"], params: try Self.params(), in: directory)
            #expect(scan.result.status == 0, "\(scan.result.standardOutput)\(scan.result.standardError)")
            #expect(scan.findings.count == 8)
            #expect(scan.findings.allSatisfy { $0["severity"] as? String == "warning" })
            let result = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: directory.appendingPathComponent("output/result.json"))) as? [String: Any])
            #expect((result["metrics"] as? [String: Double])?["warnings"] == 8)
            #expect((result["metrics"] as? [String: Double])?["errors"] == 0)
            let warnings = try #require(result["warnings"] as? [String])
            #expect(warnings.count == 2, "one line per kind and file: \(warnings)")
            #expect(warnings.contains { $0.hasPrefix("generate/train.jsonl: 7 email (lines 1, 1, 1, 1, 1, …)") }, "\(warnings)")
            #expect(warnings.contains { $0.hasPrefix("generate/train.jsonl: 1 phone (line 2)") }, "\(warnings)")
            #expect(!warnings.joined().contains("university.edu"), "warnings show no address")
        }
        try await withTemporaryDirectory { directory in
            let scan = try await Self.scan(
                ["a.txt": "mail ada@corp-mail.io\npay with 4111-1111-1111-1111\n"], params: try Self.params(),
                in: directory)
            #expect(scan.result.status == 1)
            #expect(scan.findings.map { $0["severity"] as? String } == ["warning", "error"])
            #expect(scan.result.standardOutput.contains("::metric errors=1\n"))
        }
    }

    @Test func failOnChangesWhatFailsTheBuild() async throws {
        try await withTemporaryDirectory { directory in
            let strict = try await Self.scan(
                ["a.txt": "mail ada@corp-mail.io\n"], params: try Self.params(["fail_on": .array([.string("email")])]),
                in: directory)
            #expect(strict.result.status == 1)
            #expect(strict.findings.first?["severity"] as? String == "error")
        }
        try await withTemporaryDirectory { directory in
            let lenient = try await Self.scan(
                ["a.txt": "pay with 4111-1111-1111-1111\n"], params: try Self.params(["fail_on": .array([])]),
                in: directory)
            #expect(lenient.result.status == 0)
            #expect(lenient.findings.first?["severity"] as? String == "warning")
        }
        try await withTemporaryDirectory { directory in
            let unknown = try await Self.script.run(
                stageContext(
                    stage: "safety", params: try Self.params(["fail_on": .array([.string("emial")])]),
                    output: directory.appendingPathComponent("output")), in: directory)
            #expect(unknown.status == 2)
            #expect(unknown.standardError.contains("params.fail_on: unknown kind 'emial'"))
        }
    }

    @Test func findingsCanBeReportedWithoutFailing() async throws {
        try await withTemporaryDirectory { directory in
            let scan = try await Self.scan(
                ["a.txt": "one\npay with 4111-1111-1111-1111\n"], params: try Self.params(["fail_on_findings": .bool(false)]),
                in: directory)
            #expect(scan.result.status == 0)
            #expect(scan.findings.count == 1)
            #expect(scan.findings.first?["line"] as? Int == 2)
            #expect(scan.findings.first?["field"] == nil)
        }
    }

    @Test func largeAndBinaryFilesAreSkippedAndListed() async throws {
        try await withTemporaryDirectory { directory in
            let scan = try await Self.scan(
                ["big.txt": String(repeating: "ada@corp-mail.io\n", count: 10), "model.bin": "\u{0}\u{1}ada@corp-mail.io"],
                params: try Self.params(["max_file_bytes": .integer(64)]), in: directory)
            #expect(scan.result.status == 0)
            #expect(scan.findings.isEmpty)
            let skipped = scan.report["skipped"] as? [[String: Any]] ?? []
            #expect(skipped.map { $0["file"] as? String } == ["generate/big.txt", "generate/model.bin"])
            #expect(skipped.map { $0["reason"] as? String } == ["170 bytes, over max_file_bytes (64)", "binary"])
            #expect(scan.markdown.contains("- generate/big.txt: 170 bytes, over max_file_bytes (64)"))
        }
    }

    @Test func anUnusableContextIsAUsageError() async throws {
        try await withTemporaryDirectory { directory in
            let noContext = try await runProgram(
                Self.script.path, [], in: directory, environment: ["MODELBUILD_CONTEXT": ""])
            #expect(noContext.status == 2)
            #expect(noContext.standardError.contains("MODELBUILD_CONTEXT is not set"))
            let badParams = try await Self.script.run(
                stageContext(
                    stage: "safety", params: ["allow": .string("example.com")],
                    output: directory.appendingPathComponent("output")), in: directory)
            #expect(badParams.status == 2)
            #expect(badParams.standardError.contains("params.allow must be a list of strings"))
        }
    }
}
