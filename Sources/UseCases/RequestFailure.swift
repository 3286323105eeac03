import Taxonomy
import YAML

/// How a request ended when it did not succeed, as the exit-status table of docs/cli.md sorts
/// it: the user asked for something that is not there or cannot be (usage, 2), the work
/// itself failed (1), or it was cancelled (130).
public enum RequestFailure: Sendable, Hashable {
    /// Bad arguments or configuration: an unknown build, run, version or stage, an invalid
    /// builds.yaml. Exit status 2.
    case usage
    /// A build or a check failed. Exit status 1.
    case failed
    /// A built-in stage's inputs or parameters cannot work, however often it is retried
    /// (no data to train on, an invalid leaf). Exit status 65, the worker protocol's
    /// `StageExitStatus.notRetryable`, so the scheduler does not retry it.
    case notRetryable
    /// Ctrl-C or SIGTERM. Exit status 130.
    case cancelled

    /// The kind of failure `error` is. Errors of the use cases say it themselves; errors of
    /// the modules below them are sorted here, in one place.
    public init(classifying error: any Error) {
        switch error {
        case let classified as any ClassifiedFailure: self = classified.failure
        case is CancellationError: self = .cancelled
        case let taxonomy as TaxonomyError:
            if case .cancelled = taxonomy.kind { self = .cancelled } else { self = .failed }
        case is DiagnosticError, is UnknownBuildError, is PlanningError, is TaxonomyConfigurationError:
            self = .usage
        default: self = .failed
        }
    }
}

/// An error that says which kind of failure it is.
public protocol ClassifiedFailure: Error {
    /// Usage, failed or cancelled.
    var failure: RequestFailure { get }
}

extension ScheduleClockError: ClassifiedFailure {
    /// A `MODELBUILD_SCHEDULE_NOW` that is not a time is the caller's to fix.
    public var failure: RequestFailure { .usage }
}

extension RunLookupError: ClassifiedFailure {
    /// A run, stage or attempt that is not there is something the user asked for wrongly.
    public var failure: RequestFailure { .usage }
}

/// A request the use cases refuse or could not carry out, with the kind of failure it is
/// and a message for a person: an unknown version or built-in stage, a key file that
/// cannot be read.
public struct RequestError: Error, Sendable, Hashable, CustomStringConvertible, ClassifiedFailure {
    /// Usage, failed or cancelled.
    public let failure: RequestFailure
    /// What went wrong and what would be right.
    public let description: String

    /// An error of kind `failure` saying `description`.
    public init(_ failure: RequestFailure, _ description: String) {
        self.failure = failure
        self.description = description
    }
}
