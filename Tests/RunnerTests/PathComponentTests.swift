import Platform
import Testing

import ExecutorTestKit
@testable import Runner

@Suite struct PathComponentTests {
    @Test(arguments: [
        ("/state/store/entries/k.json", "/state/store/entries", "k.json"),
        ("/state/runs/", "/state", "runs"),
        ("/top", "/", "top"),
        ("relative/name", "relative", "name"),
        ("name", ".", "name"),
        ("/a//b", "/a", "b"),
        ("//x", "/", "x"),
    ])
    func theLastComponentSplitsOffAsNSStringWould(path: String, directory: String, name: String) {
        let split = FileSystem.splitLastComponent(path)
        #expect(split.directory == directory)
        #expect(split.name == name)
    }
}
