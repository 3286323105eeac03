import ArgumentParser
import UseCases
import YAML

/// A mistyped subcommand (`modelbuild biuld`) answered like git and cargo do: the
/// closest command, from the same suggestions builds.yaml's errors use.
enum SubcommandSuggestion {
    /// A usage error for `arguments` (the command line without the program) when its
    /// first word is meant as a subcommand and names none; nil when it is fine or an option.
    static func error(for arguments: [String], among commands: [any ParsableCommand.Type]) -> RequestError? {
        guard let word = arguments.first, !word.hasPrefix("-") else { return nil }
        let names = commands.compactMap { $0.configuration.commandName }.filter { command in
            commands.first { $0.configuration.commandName == command }?.configuration.shouldDisplay ?? true
        }
        guard !names.contains(word), word != "help", word != "stage" else { return nil }
        return RequestError(
            .usage,
            "unknown command \"\(word)\"\(Suggestion.didYouMean(word, among: names)); modelbuild --help lists them")
    }
}
