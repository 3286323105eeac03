import Git
import Testing

@Suite("Pull-request numbers in commit subjects")
struct PullRequestNumberTests {
    @Test(arguments: [
        ("Merge pull request #123 from org/branch", 123),
        ("Merge pull request #7 from a/b-c", 7),
        ("Add birds (#13)", 13),
        ("Add birds (#13)  ", 13),
        ("Fix (#2) and (#45)", 45),
    ])
    func findsTheNumber(subject: String, number: Int) {
        #expect(PullRequestNumber.parse(subject: subject) == number)
    }

    @Test(arguments: [
        "Initial taxonomy",
        "Merge branch 'main' into feature",
        "Merge pull request #x from a/b",
        "Merge pull request #12x from a/b",
        "Mention (#13) in the middle",
        "Add birds (#)",
        "Add birds #13",
        "Add birds (13)",
        "Add birds (#99999999999999999999)",
    ])
    func findsNoneWhereThereIsNone(subject: String) {
        #expect(PullRequestNumber.parse(subject: subject) == nil)
    }
}
