import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The OCI distribution API of one repository, over Foundation's URLSession (the HTTP
/// client the project already uses for webhooks): blob existence checks, monolithic
/// uploads, cross-repository mounts, manifests, the referrers API. It answers the
/// registry's `WWW-Authenticate` challenge itself: HTTP basic with the credentials, or
/// the bearer-token flow (the credentials exchanged at the challenge's realm for a token
/// scoped to the repository).
public actor RegistryClient {
    /// The repository.
    public let target: RegistryReference
    let base: String
    let credentials: RegistryCredentials?
    let session: URLSession
    let events = SessionEvents()
    /// How long a request may stay silent, how many blobs go at once.
    public let limits: RegistryTransferLimits
    /// The `Authorization` header requests carry: basic, or the bearer token last fetched.
    var authorization: String?
    /// How many times `authorization` changed: a request challenged with an older one is
    /// retried with the newer, not answered with yet another token.
    var authorizationChanges = 0
    /// What a bearer token is asked for: every scope the registry's challenges named.
    var tokenScopes = TokenScopes()
    /// The token fetch under way, which a request challenged meanwhile for nothing new waits for.
    var tokenFetch: Task<Result<String, RegistryError>, Never>?
    /// Blob bytes the registry accepted in upload bodies so far.
    public internal(set) var uploadedBytes: Int64 = 0

    /// A client of `target`'s repository: https, or plain http when `insecure` (allowed only
    /// for a registry on this machine); `limits` bound its silences and its concurrency
    /// (nil: the defaults, as the environment overrides them).
    public init(
        target: RegistryReference, credentials: RegistryCredentials?, insecure: Bool, limits: RegistryTransferLimits? = nil
    ) throws(RegistryError) {
        if insecure, !target.isLoopback {
            throw RegistryError(
                .usage, url: target.registry,
                "--insecure (plain http) is allowed only for a registry on this machine (127.0.0.1, localhost, [::1]); use https")
        }
        self.target = target
        self.base = (insecure ? "http://" : "https://") + target.registry
        self.credentials = credentials
        let limits = if let limits { limits } else { try RegistryTransferLimits.fromEnvironment() }
        self.limits = limits
        let configuration = URLSessionConfiguration.ephemeral
        // URLSession's own idle timer, as a first line; WatchedRequest's watchdog is the one
        // that cannot be missed.
        configuration.timeoutIntervalForRequest = Double(limits.idleTimeout.components.seconds) + 1
        configuration.httpMaximumConnectionsPerHost = max(limits.concurrentUploads, 6)
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        self.session = URLSession(configuration: configuration, delegate: events, delegateQueue: nil)
    }

    deinit { session.invalidateAndCancel() }

    /// `/v2/<repository>/…`.
    nonisolated func url(_ path: String) -> String { base + "/v2/" + target.repository + path }

    // MARK: Requests

    /// One request's answer.
    struct Answer: Sendable {
        var status: Int
        var body: Data
        var headers: [String: String]
        var url: String

        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    /// What a request sends.
    public enum Body: Sendable {
        case none
        case bytes(Data)
        case file(String)

        /// The bytes to send (a file memory-mapped), nil for none.
        func bytes() throws(RegistryError) -> Data? {
            switch self {
            case .none: return nil
            case .bytes(let data): return data
            case .file(let path):
                do {
                    return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
                } catch {
                    throw RegistryError(.failed, url: path, "cannot read the blob to upload: \(error.localizedDescription)")
                }
            }
        }
    }

    /// Sends a request, answering an authentication challenge once; a 401 after that is
    /// the credentials' fault and says so.
    func send(
        _ method: String, _ url: String, headers: [String: String] = [:], body: Body = .none
    ) async throws(RegistryError) -> Answer {
        let sentAfter = authorizationChanges
        var answer = try await attempt(method, url, headers: headers, body: body)
        if answer.status == 401 {
            guard let header = answer.header("WWW-Authenticate"), let challenge = AuthenticationChallenge(header: header)
            else {
                throw RegistryError(.unauthorized, url: url, "HTTP 401 without a WWW-Authenticate challenge")
            }
            try await answerChallenge(challenge, url: url, sentAfter: sentAfter)
            answer = try await attempt(method, url, headers: headers, body: body)
        }
        if answer.status == 401 || answer.status == 403 {
            throw refusal(answer)
        }
        return answer
    }

    /// One request, with `authorization` unless `authorized` is false (a token service is
    /// given the credentials, never the registry's token).
    func attempt(
        _ method: String, _ url: String, headers: [String: String], body: Body, authorized: Bool = true
    ) async throws(RegistryError) -> Answer {
        guard let location = URL(string: url) else { throw RegistryError(.usage, url: url, "not a URL") }
        var request = URLRequest(url: location)
        request.httpMethod = method
        request.setValue("modelbuild", forHTTPHeaderField: "User-Agent")
        if authorized, let authorization { request.setValue(authorization, forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let bytes = try body.bytes()
        if bytes == nil, method == "PUT" || method == "POST" || method == "PATCH" {
            request.setValue("0", forHTTPHeaderField: "Content-Length")
        }
        if let bytes { request.setValue(String(bytes.count), forHTTPHeaderField: "Content-Length") }
        switch await WatchedRequest.perform(request, body: bytes, on: session, events: events, idleTimeout: limits.idleTimeout) {
        case .success(let exchange):
            guard let http = exchange.response else { throw RegistryError(.failed, url: url, "the answer is not HTTP") }
            return Answer(status: http.statusCode, body: exchange.data, headers: Self.fields(of: http), url: url)
        case .failure(.transport(let reason)):
            throw RegistryError(
                .failed, url: Self.withoutQuery(url), "\(method) failed: \(reason); is the registry up and reachable at \(base)?")
        case .failure(.stalled(let sent, let received)):
            throw RegistryError(
                .failed, url: Self.withoutQuery(url),
                "\(method) stopped: the registry at \(base) sent nothing and took nothing for \(limits.idleTimeoutText) (\(sent) bytes sent, \(received) received); is it overloaded or stopped? (MODELBUILD_REGISTRY_TIMEOUT sets how long to wait)"
            )
        case .failure(.cancelled):
            throw RegistryError(.failed, url: Self.withoutQuery(url), "\(method) cancelled: the transfer to \(base) was stopped")
        }
    }

    /// `url` without its query: an upload location's `_state` token says nothing to a person.
    static func withoutQuery(_ url: String) -> String {
        url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
    }

    /// The response's header fields, names lowercased.
    static func fields(of response: HTTPURLResponse) -> [String: String] {
        var fields: [String: String] = [:]
        for (name, value) in response.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return fields
    }

    /// Answers a challenge to a request sent after `sentAfter` changes of `authorization`:
    /// basic with the credentials, or a bearer token (RegistryClient+BearerToken).
    private func answerChallenge(
        _ challenge: AuthenticationChallenge, url: String, sentAfter: Int
    ) async throws(RegistryError) {
        switch challenge.scheme {
        case "basic":
            guard let credentials else { throw missingCredentials(url) }
            authorization = "Basic " + Data("\(credentials.username):\(credentials.password)".utf8).base64EncodedString()
            authorizationChanges += 1
        case "bearer":
            try await answerBearerChallenge(challenge, url: url, sentAfter: sentAfter)
        default:
            throw RegistryError(.unauthorized, url: url, "unsupported authentication scheme \(challenge.scheme)")
        }
    }

    func missingCredentials(_ url: String) -> RegistryError {
        RegistryError(
            .unauthorized, url: url,
            "the registry asks for credentials: give --username and --password-env VAR (the variable holding the password or token)")
    }

    func refusal(_ answer: Answer) -> RegistryError {
        guard let credentials else { return missingCredentials(answer.url) }
        let said = Self.errorText(answer.body)
        return RegistryError(
            .unauthorized, url: answer.url,
            "the registry refused user \(credentials.username) (HTTP \(answer.status)\(said.isEmpty ? "" : ": " + said)); check the password in \(credentials.source) and that the user may push and pull \(target.repository)"
        )
    }

    /// The registry's error text (`{"errors":[{"code":…,"message":…}]}`), or the start of the body.
    static func errorText(_ body: Data) -> String {
        struct Errors: Decodable {
            struct Entry: Decodable {
                var code: String?
                var message: String?
            }
            var errors: [Entry]
        }
        if let errors = try? JSONDecoder().decode(Errors.self, from: body) {
            return errors.errors.map { [$0.code, $0.message].compactMap { $0 }.joined(separator: " ") }.joined(separator: "; ")
        }
        return String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func unexpected(_ answer: Answer, _ what: String) -> RegistryError {
        let said = Self.errorText(answer.body)
        return RegistryError(.failed, url: answer.url, "\(what): HTTP \(answer.status)\(said.isEmpty ? "" : ": " + said)")
    }
}
