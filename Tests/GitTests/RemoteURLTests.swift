import Git
import Testing

@Suite struct RemoteURLTests {
    @Test(arguments: [
        ("https://bot:tok%40en@git.example.com/org/taxonomy.git", "https://git.example.com/org/taxonomy.git", "bot", "tok@en"),
        ("https://ghp_secret@github.com/org/taxonomy", "https://github.com/org/taxonomy", "ghp_secret", nil),
        ("http://127.0.0.1:8080/taxonomy.git", "http://127.0.0.1:8080/taxonomy.git", nil, nil),
        ("ssh://git:pw@host.example/repo.git", "ssh://git@host.example/repo.git", "git", "pw"),
        ("ssh://git@host.example/repo.git", "ssh://git@host.example/repo.git", nil, nil),
        ("git@github.com:org/repo.git", "git@github.com:org/repo.git", nil, nil),
        ("/srv/taxonomy", "/srv/taxonomy", nil, nil),
        ("https://host.example/path/with@sign", "https://host.example/path/with@sign", nil, nil),
    ] as [(String, String, String?, String?)])
    func userInformationIsTakenOut(url: String, stripped: String, username: String?, password: String?) {
        let separated = RemoteURL.separatingUserInfo(url)
        #expect(separated.url == stripped)
        #expect(separated.credentials?.username == username)
        #expect(separated.credentials?.password == password)
        #expect(RemoteURL.redacted(url) == stripped)
    }

    @Test(arguments: [
        ("https://bot:tok@Git.Example.com:8443/x.git", "git.example.com"), ("git@github.com:org/repo.git", "github.com"),
        ("ssh://git@host.example/repo.git", "host.example"), ("/srv/taxonomy", nil), ("file:///srv/x", nil),
    ] as [(String, String?)])
    func hostsAreFound(url: String, host: String?) {
        #expect(RemoteURL.host(of: url) == host)
    }

    @Test func credentialsNeverDescribeTheirPassword() {
        let credentials = RemoteCredentials(username: "bot", password: "hunter2")
        #expect(!"\(credentials)".contains("hunter2"))
    }
}
