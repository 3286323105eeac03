import Testing

@testable import Git

@Suite("Commit subjects")
struct CommitSubjectTests {
    @Test(arguments: [
        ("Add birds (#13)\n\nBody", "Add birds (#13)"),
        ("Trailing spaces  \t\r\nBody", "Trailing spaces"),
        ("Only line", "Only line"),
        ("Ünïcode — subject\nbody", "Ünïcode — subject"),
        ("", ""),
        ("\nStarts empty", ""),
    ])
    func subjectIsTheTrimmedFirstLine(message: String, subject: String) {
        #expect(Repository.subject(of: message) == subject)
    }
}
