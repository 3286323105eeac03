import Platform
import Testing

@Suite struct PrintableTextTests {
    @Test(arguments: [
        ("plain text, café, 🐦", "plain text, café, 🐦"),
        ("x\nrun succeeded", "x\\nrun succeeded"),
        ("a\r\tb", "a\\r\\tb"),
        ("\u{1b}[2Jcleared", "\\u{1b}[2Jcleared"),
        ("del\u{7f} c1\u{85}", "del\\u{7f} c1\\u{85}"),
        ("evil\u{202e}lmth.exe", "evil\\u{202e}lmth.exe"),
        ("line\u{2028}sep", "line\\u{2028}sep"),
    ])
    func controlCharactersAreEscapedAndTheRestKept(text: String, expected: String) {
        #expect(PrintableText.escaping(text) == expected)
        #expect(PrintableText.hasControlCharacters(text) == (text != expected))
    }

    @Test func escapedTextIsOneLineWithNoEscapeByte() {
        let hostile = "a\nb\u{1b}]0;title\u{7}\u{9b}31m"
        let escaped = PrintableText.escaping(hostile)
        #expect(!escaped.unicodeScalars.contains { $0.value < 0x20 || (0x7f...0x9f).contains($0.value) })
    }
}
