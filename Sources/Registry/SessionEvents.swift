import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The registry session's delegate: hands each task's progress, body and completion to its
/// request (`WatchedRequest.Ending`), and turns a 401 challenge back into an answer.
/// FoundationNetworking on Linux hands a 401 carrying `WWW-Authenticate` to the delegate
/// and, without one that answers, leaves the task waiting forever (swift-corelibs-foundation
/// issue 5456); here the challenge is cancelled and the 401 is the request's answer, so the
/// client reads the challenge and answers it itself.
final class SessionEvents: NSObject, URLSessionDataDelegate, Sendable {
    private let requests = Mutex<[Int: WatchedRequest.Ending]>([:])

    /// Routes `task`'s events to `ending` (before the task is resumed).
    func follow(_ task: URLSessionTask, _ ending: WatchedRequest.Ending) {
        let identifier = task.taskIdentifier
        requests.withLock { $0[identifier] = ending }
    }

    private func ending(of task: URLSessionTask) -> WatchedRequest.Ending? {
        let identifier = task.taskIdentifier
        return requests.withLock { $0[identifier] }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        if let response = challenge.failureResponse as? HTTPURLResponse {
            ending(of: task)?.finish(.success(WatchedRequest.Exchange(data: Data(), response: response)))
        }
        completionHandler(.cancelAuthenticationChallenge, nil)
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, didSendBodyData bytesSent: Int64, totalBytesSent: Int64,
        totalBytesExpectedToSend: Int64
    ) {
        ending(of: task)?.sent(totalBytesSent)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        ending(of: dataTask)?.received(data)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let identifier = task.taskIdentifier
        let ending = requests.withLock { $0.removeValue(forKey: identifier) }
        ending?.completed(response: task.response, error: error)
    }
}
