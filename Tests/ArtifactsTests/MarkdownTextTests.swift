import Artifacts
import Testing

/// Contributors' text in generated Markdown stays inside its cell and its line.
@Suite struct MarkdownTextTests {
    @Test func everyLineBreakFoldsAndPipesAreEscaped() {
        #expect(MarkdownText.cell("a | b\nc\r\nd\u{2028}e\rf") == "a \\| b c d e f")
        #expect(MarkdownText.oneLine("## heading\n| forged | row |") == "## heading | forged | row |")
    }
}
