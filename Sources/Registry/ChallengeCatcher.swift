import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The session delegate that turns a registry's 401 challenge back into an answer.
/// FoundationNetworking on Linux hands a 401 carrying `WWW-Authenticate` to the delegate
/// and, without one that answers, leaves the task waiting forever (swift-corelibs-foundation
/// issue 5456). This one cancels the challenge and keeps the 401 response, so the client
/// reads its challenge and answers it itself. A client sends one request at a time, so one
/// slot is enough.
final class ChallengeCatcher: NSObject, URLSessionTaskDelegate, Sendable {
    private let caught = Mutex<HTTPURLResponse?>(nil)

    /// Forgets the last caught response (before each request).
    func reset() { caught.withLock { $0 = nil } }

    /// The 401 response of the last cancelled challenge, if any.
    var response: HTTPURLResponse? { caught.withLock { $0 } }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        let response = challenge.failureResponse as? HTTPURLResponse
        caught.withLock { $0 = response }
        completionHandler(.cancelAuthenticationChallenge, nil)
    }
}
