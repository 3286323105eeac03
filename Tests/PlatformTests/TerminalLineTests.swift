import Platform
import Testing

/// Lines measured and cut in terminal cells, so the live view never wraps.
@Suite struct TerminalLineTests {
    @Test func wideCharactersTakeTwoCellsAndCombiningMarksNone() {
        #expect(TerminalLine.width("train") == 5)
        #expect(TerminalLine.width("日本") == 4)
        #expect(TerminalLine.width("e\u{301}") == 1)
        #expect(TerminalLine.width("✓ ▸ █") == 5)
    }

    @Test(arguments: [10, 20, 33, 69])
    func elidingTheMiddleKeepsBothEndsWithinTheWidth(columns: Int) {
        let name = "generate[compositional_skills_writing_freeform_poetry_haiku_long_name]"
        let elided = TerminalLine.elidingMiddle(name, toColumns: columns)
        #expect(TerminalLine.width(elided) <= columns)
        #expect(elided.contains("…"))
        #expect(elided.hasPrefix("gene"))
        #expect(elided.hasSuffix("e]"))
    }

    @Test func shortTextIsLeftAlone() {
        #expect(TerminalLine.elidingMiddle("train", toColumns: 10) == "train")
        #expect(TerminalLine.truncating("train", toColumns: 5) == "train")
    }

    @Test func truncatingEndsInAnEllipsisAndNeverSplitsAWideCharacter() {
        #expect(TerminalLine.truncating("epoch 3 of 10", toColumns: 8) == "epoch 3…")
        let cut = TerminalLine.truncating("日本語のテキスト", toColumns: 6)
        #expect(TerminalLine.width(cut) <= 6)
        #expect(cut == "日本…")
    }

    @Test func colourFollowsNoColorAndTerm() {
        #expect(TerminalColour.isWanted(environment: ["TERM": "xterm-256color"]))
        #expect(!TerminalColour.isWanted(environment: ["TERM": "xterm", "NO_COLOR": "1"]))
        #expect(TerminalColour.isWanted(environment: ["TERM": "xterm", "NO_COLOR": ""]))
        #expect(!TerminalColour.isWanted(environment: ["TERM": "dumb"]))
    }
}
