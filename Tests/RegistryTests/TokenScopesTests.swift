import Testing

@testable import Registry

/// The scopes a bearer token is asked for, as challenges add them.
@Suite struct TokenScopesTests {
    /// A mount's challenge names two repositories in one space-separated parameter; each
    /// becomes a parameter of its own, and actions of one repository are united.
    @Test func challengesAddUpOneParameterPerRepository() {
        var scopes = TokenScopes()
        let grew1 = scopes.add("repository:lab/model:pull")
        #expect(grew1)
        #expect(scopes.parameters == ["repository:lab/model:pull"])
        let grew2 = scopes.add("repository:lab/model:pull,push repository:lab/base:pull")
        #expect(grew2)
        #expect(scopes.parameters == ["repository:lab/model:pull,push", "repository:lab/base:pull"])
        let grew3 = scopes.add("repository:lab/model:push")
        #expect(!grew3)
        let grew4 = scopes.add("repository:lab/base:pull repository:lab/model:pull")
        #expect(!grew4)
        #expect(scopes.parameters == ["repository:lab/model:pull,push", "repository:lab/base:pull"])
    }

    /// A name may hold colons (a registry's port); the actions are after the last one.
    @Test func theActionsFollowTheLastColon() {
        var scopes = TokenScopes()
        let grew5 = scopes.add("repository:localhost:5000/lab/model:pull")
        #expect(grew5)
        #expect(scopes.parameters == ["repository:localhost:5000/lab/model:pull"])
        let grew6 = scopes.add("nonsense")
        #expect(!grew6)
        #expect(scopes.parameters.count == 1)
    }
}
