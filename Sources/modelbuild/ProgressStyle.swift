import ArgumentParser
import Foundation
import Platform
import Runner
import UseCases

/// How `build` shows its progress (`--progress`): like cargo's and docker buildx's
/// `--progress`, `auto` picks the live view on a terminal and plain lines otherwise.
enum ProgressStyle: String, CaseIterable, ExpressibleByArgument {
    /// The live view on a terminal, plain lines otherwise.
    case auto
    /// The live view even when standard output is not a terminal (80 columns then).
    case tty
    /// One line per event.
    case plain
    /// The journal's records as JSON lines, for programs.
    case json

    /// The view for this choice, given whether standard output is a terminal.
    func viewStyle(outputIsTerminal: Bool) -> BuildProgressView.Style {
        switch self {
        case .auto: outputIsTerminal ? .live : .plain
        case .tty: .live
        case .plain: .plain
        case .json: .json
        }
    }
}

extension BuildProgressView {
    /// The view `style` asks for on this process's standard output, reading the stage logs
    /// of `project` for failures, coloured unless `NO_COLOR` says otherwise.
    convenience init(_ style: ProgressStyle, project: Project) {
        let runs = StateDirectory(path: project.stateDirectory.path).runsDirectory
        self.init(
            style: style.viewStyle(outputIsTerminal: TerminalSize.isTerminal(1)),
            coloured: TerminalColour.isWanted(environment: ProcessInfo.processInfo.environment),
            logFile: { runID, stage, attempt in
                RunDirectory(runsDirectory: runs, id: runID).logFile(stage: stage, attempt: attempt)
            },
            terminalSize: { TerminalSize.of(descriptor: 1) ?? TerminalSize(columns: 80, rows: 24) })
    }
}
