import Foundation

extension RegistryClient {
    /// Answers `Bearer realm=…,service=…,scope=…` (Docker's registry token authentication,
    /// as the distribution registry's `auth: token` speaks it): GET the realm with
    /// `?service=` and one `scope=` per resource (every scope challenged so far, so one
    /// token serves them all), the credentials as HTTP basic, and use the `token` (or OAuth's
    /// `access_token`) it answers as `Authorization: Bearer`. A request challenged for
    /// nothing new while a token was being fetched, or after, uses that token instead of
    /// fetching another.
    func answerBearerChallenge(
        _ challenge: AuthenticationChallenge, url: String, sentAfter: Int
    ) async throws(RegistryError) {
        guard let realm = challenge.parameters["realm"] else {
            throw RegistryError(.unauthorized, url: url, "a bearer challenge without a realm")
        }
        let asksMore = tokenScopes.add(challenge.parameters["scope"] ?? "repository:\(target.repository):pull,push")
        if !asksMore {
            if let tokenFetch {
                try use(await tokenFetch.value)
                return
            }
            if authorizationChanges != sentAfter { return }
        }
        let fetch = Task { await self.fetchToken(realm: realm, service: challenge.parameters["service"]) }
        tokenFetch = fetch
        let result = await fetch.value
        if tokenFetch == fetch { tokenFetch = nil }
        try use(result)
    }

    private func use(_ token: Result<String, RegistryError>) throws(RegistryError) {
        let value = try token.get()
        if authorization != "Bearer " + value {
            authorization = "Bearer " + value
            authorizationChanges += 1
        }
    }

    /// A token for `tokenScopes` from the token service at `realm`.
    private func fetchToken(realm: String, service: String?) async -> Result<String, RegistryError> {
        var components = URLComponents(string: realm)
        var query = components?.queryItems ?? []
        if let service { query.append(URLQueryItem(name: "service", value: service)) }
        query += tokenScopes.parameters.map { URLQueryItem(name: "scope", value: $0) }
        components?.queryItems = query
        guard let tokenURL = components?.string else {
            return .failure(RegistryError(.unauthorized, url: realm, "the token realm is not a URL"))
        }
        var headers: [String: String] = [:]
        if let credentials {
            headers["Authorization"] = "Basic " + Data("\(credentials.username):\(credentials.password)".utf8).base64EncodedString()
        }
        let answer: Answer
        do {
            answer = try await attempt("GET", tokenURL, headers: headers, body: .none, authorized: false)
        } catch {
            return .failure(RegistryError(error.kind, url: realm, "the token service did not answer: \(error.message)"))
        }
        guard answer.status == 200 else { return .failure(tokenRefusal(answer, realm: realm)) }
        struct Token: Decodable {
            var token: String?
            var access_token: String?
        }
        guard let token = try? JSONDecoder().decode(Token.self, from: answer.body),
            let value = [token.token, token.access_token].compactMap({ $0 }).first(where: { !$0.isEmpty })
        else {
            return .failure(RegistryError(.unauthorized, url: realm, "the token service's answer holds no token (neither token nor access_token)"))
        }
        return .success(value)
    }

    /// The token service's refusal, naming its realm: a wrong password is refused there,
    /// not by the registry.
    private func tokenRefusal(_ answer: Answer, realm: String) -> RegistryError {
        let said = Self.errorText(answer.body)
        let status = "HTTP \(answer.status)\(said.isEmpty ? "" : ": " + said)"
        guard answer.status == 401 || answer.status == 403 else {
            return RegistryError(.failed, url: realm, "the token service answered \(status)")
        }
        guard let credentials else { return missingCredentials(realm) }
        return RegistryError(
            .unauthorized, url: realm,
            "the token service refused user \(credentials.username) (\(status)); check the password in \(credentials.source) and that the user may push and pull \(target.repository)"
        )
    }
}
