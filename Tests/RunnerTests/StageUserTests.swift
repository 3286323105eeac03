import Platform
@testable import Runner
import Testing

/// Which accounts `executor.user` accepts, before any stage starts.
@Suite struct StageUserResolutionTests {
    @Test func anUnknownAccountIsRefused() {
        #expect(throws: StageUser.Refusal(description: "executor.user: there is no account \"no-such-account\" on this machine")) {
            try StageUser.resolve("no-such-account", searchPath: "/usr/bin:/bin")
        }
    }

    @Test func withoutRootTheSwitchIsRefused() {
        #expect(throws: StageUser.Refusal.self) {
            try StageUser.resolve("nobody", searchPath: "/usr/bin:/bin", effectiveUserID: 1000)
        }
    }

    @Test func runningAsTheAccountAlreadyNeedsNoSwitch() throws {
        #expect(try StageUser.resolve("root", searchPath: "/usr/bin:/bin", effectiveUserID: 0) == nil)
    }

    @Test func asRootTheSwitchGoesThroughSetpriv() throws {
        let user = try #require(try StageUser.resolve("nobody", searchPath: "/usr/bin:/bin", effectiveUserID: 0))
        #expect(user.account.userID == 65534)
        #expect(user.switcher.hasSuffix("/setpriv"))
    }

    @Test func searchPermissionFollowsOwnerGroupAndOthers() throws {
        let account = try #require(UserAccount.named("nobody"))
        var folder = try #require(try FileSystem.status("/"))
        folder.owner = 0
        folder.group = 0
        folder.permissions = 0o750
        #expect(!account.canSearch(folder))
        folder.permissions = 0o751
        #expect(account.canSearch(folder))
        folder.owner = account.userID
        folder.permissions = 0o600
        #expect(!account.canSearch(folder))
    }
}
