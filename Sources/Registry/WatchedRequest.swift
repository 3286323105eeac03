import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One URLSession request that always ends: with its answer, with `.stalled` once no byte
/// has moved either way for the idle timeout, or with `.cancelled` as soon as the calling
/// task is cancelled (a sibling upload failed).
///
/// Why not `session.upload(for:from:)`: with several uploads in flight and the registry
/// SIGKILLed, every connection fails at once; the first failure makes the task group cancel
/// the siblings, and FoundationNetworking's async methods cancel their URLSessionTask from
/// the cancellation handler, which the Swift runtime runs holding the awaiting task's
/// status lock; `URLSessionTask.cancel()` then waits for the session's work queue, while
/// that queue, reporting the same task's own failure, resumes its continuation and waits
/// for the same lock: a deadlock (swift-corelibs-foundation issue 5412), and with the work
/// queue stuck no timeout of URLSession's can fire either. Here the request owns its
/// continuation and resumes it exactly once, whichever comes first; a cancellation cancels
/// the URLSession task off the runtime's lock. The task is a delegate task (`SessionEvents`
/// gathers its body and progress): a task with a completion handler never counts the bytes
/// it sends, so an upload in progress could not be told from a silent registry.
enum WatchedRequest {
    /// What a finished request brought back.
    struct Exchange: Sendable {
        var data: Data
        /// The HTTP answer (nil when the answer is not HTTP).
        var response: HTTPURLResponse?
    }

    /// How a request ended without an answer.
    enum Failure: Error, Sendable {
        /// No byte moved either way for the idle timeout: `sent` and `received` so far.
        case stalled(sent: Int64, received: Int64)
        /// The calling task was cancelled.
        case cancelled
        /// URLSession's own error (connection refused or reset, …), as it describes it.
        case transport(String)
    }

    /// Sends `request` (with `body` as an upload when given) on `session`, whose delegate is
    /// `events`, and waits for its end, at most `idleTimeout` of silence at a time.
    static func perform(
        _ request: URLRequest, body: Data?, on session: URLSession, events: SessionEvents, idleTimeout: Duration
    ) async -> Result<Exchange, Failure> {
        let ending = Ending()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                guard ending.wait(continuation) else { return }
                let task = if let body { session.uploadTask(with: request, from: body) } else { session.dataTask(with: request) }
                events.follow(task, ending)
                ending.start(task)
                Task.detached { await watch(ending, idleTimeout: idleTimeout) }
            }
        } onCancel: {
            // Not on this thread: the runtime holds this task's status lock while the
            // handler runs; resuming the continuation takes that lock, and cancelling the
            // URLSessionTask waits for the session's work queue, which may itself be waiting
            // for that lock (resuming this very request).
            DispatchQueue.global().async { ending.finish(.failure(.cancelled)) }
        }
    }

    /// Ends the request as stalled once nothing has moved for `idleTimeout`.
    private static func watch(_ ending: Ending, idleTimeout: Duration) async {
        let clock = ContinuousClock()
        let tick = min(idleTimeout / 4, .milliseconds(500))
        while !ending.isFinished {
            try? await clock.sleep(for: tick)
            let (lastMove, sent, received) = ending.progress
            if lastMove.duration(to: clock.now) >= idleTimeout {
                ending.finish(.failure(.stalled(sent: sent, received: received)))
            }
        }
    }

    /// One request's state: the one resumption of its continuation, its body as it
    /// arrives, when a byte last moved, and the task to cancel when the request ends some
    /// other way than by the task's completion.
    final class Ending: Sendable {
        private struct State {
            var continuation: CheckedContinuation<Result<Exchange, Failure>, Never>?
            var task: URLSessionTask?
            var result: Result<Exchange, Failure>?
            var body = Data()
            var sent: Int64 = 0
            var lastMove = ContinuousClock.now
        }
        private let state = Mutex(State())

        var isFinished: Bool { state.withLock { $0.result != nil } }

        /// When a byte last moved, the bytes sent and received so far.
        var progress: (lastMove: ContinuousClock.Instant, sent: Int64, received: Int64) {
            state.withLock { ($0.lastMove, $0.sent, Int64($0.body.count)) }
        }

        /// Keeps the continuation to resume; false (and resumed already) when the request
        /// ended before it began (cancelled first).
        func wait(_ continuation: CheckedContinuation<Result<Exchange, Failure>, Never>) -> Bool {
            let ended: Result<Exchange, Failure>? = state.withLock {
                if $0.result == nil { $0.continuation = continuation }
                return $0.result
            }
            if let ended { continuation.resume(returning: ended) }
            return ended == nil
        }

        /// Records and resumes `task`, unless the request already ended.
        func start(_ task: URLSessionTask) {
            let ended = state.withLock {
                $0.task = task
                $0.lastMove = .now
                return $0.result != nil
            }
            if ended { task.cancel() } else { task.resume() }
        }

        /// `total` body bytes are sent.
        func sent(_ total: Int64) {
            state.withLock {
                $0.sent = total
                $0.lastMove = .now
            }
        }

        /// More of the answer's body arrived.
        func received(_ data: Data) {
            state.withLock {
                $0.body.append(data)
                $0.lastMove = .now
            }
        }

        /// The task completed, with `error` or with `response`.
        func completed(response: URLResponse?, error: (any Error)?) {
            if let error, (error as NSError).domain == NSURLErrorDomain, (error as NSError).code == NSURLErrorTimedOut {
                // URLSession's own idle timer (its first line) fired before the watchdog's
                // tick: the same silence, told the same way.
                let (_, sent, received) = progress
                finish(.failure(.stalled(sent: sent, received: received)))
            } else if let error {
                finish(.failure(.transport(error.localizedDescription)))
            } else {
                let body = state.withLock { $0.body }
                finish(.success(Exchange(data: body, response: response as? HTTPURLResponse)))
            }
        }

        /// Ends the request with `result` unless it ended already; an end other than the
        /// task's own completion (the watchdog, a cancellation) cancels the task.
        func finish(_ result: Result<Exchange, Failure>) {
            let (continuation, task) = state.withLock {
                state -> (CheckedContinuation<Result<Exchange, Failure>, Never>?, URLSessionTask?) in
                guard state.result == nil else { return (nil, nil) }
                state.result = result
                defer { state.continuation = nil }
                return (state.continuation, state.task)
            }
            guard let continuation else { return }
            continuation.resume(returning: result)
            // Off this thread, and after the resumption: cancel() waits for the session's
            // work queue, and nothing may keep the request from ending.
            if case .failure(let failure) = result, !failure.isTransport, let task {
                DispatchQueue.global().async { task.cancel() }
            }
        }
    }
}

extension WatchedRequest.Failure {
    /// URLSession ended the task itself (nothing left to cancel).
    var isTransport: Bool {
        if case .transport = self { true } else { false }
    }
}
