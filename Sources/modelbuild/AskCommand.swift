import ArgumentParser
import Foundation
import Platform
import StageProtocol
import UseCases

struct AskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Ask a published version's or a candidate's model a question.",
        discussion: """
            The model of a version (modelbuild list) or a candidate (modelbuild candidates) \
            answers, so the base and a pull request's candidate can be compared on questions \
            of your own. Answers come from the built-in model's files.
            """
    )

    @Argument(help: "A published version (nightly-2026-12-07) or a candidate (pr-42-9bce9f04).")
    var model: String

    @Argument(help: "The question.")
    var question: String

    @Flag(help: "Print the answer as JSON (docs/json.md).")
    var json = false

    @OptionGroup var options: ArtifactOptions

    func run() throws {
        let project = try options.config.project
        let answer = try ModelQuestion(project: project, config: options.config.load()).ask(question, of: model)
        if json {
            let value: JSONValue = .object([
                "model": .string(answer.model), "answer": answer.text.map(JSONValue.string) ?? .null,
                "leaf": answer.leaf.map(JSONValue.string) ?? .null, "score": answer.score.map(JSONValue.number) ?? .null,
            ])
            print(String(decoding: JSONWriter.document(value), as: UTF8.self), terminator: "")
            return
        }
        guard let text = answer.text else {
            print("\(model) has no answer to that")
            return
        }
        // The answer is taxonomy text, which anyone may have written: no control character
        // reaches the terminal.
        print(text.split(separator: "\n", omittingEmptySubsequences: false).map { PrintableText.escaping(String($0)) }.joined(separator: "\n"))
        if let leaf = answer.leaf { print("(\(model), from \(PrintableText.escaping(leaf)))") }
    }
}
