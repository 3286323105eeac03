/// Finds the pull-request number in a commit subject, in the two shapes forges write:
/// a merge commit (`Merge pull request #123 from org/branch`) and a squash merge whose
/// subject ends with the number (`Add birds (#123)`).
public enum PullRequestNumber {
    /// The number the subject carries, or nil.
    public static func parse(subject: String) -> Int? {
        let text = Substring(subject)
        let mergePrefix = "Merge pull request #"
        if text.hasPrefix(mergePrefix) {
            let digits = text.dropFirst(mergePrefix.count).prefix(while: \.isASCIIDigit)
            let rest = text.dropFirst(mergePrefix.count + digits.count)
            if rest.isEmpty || rest.hasPrefix(" ") { return number(digits) }
        }
        var tail = text
        while tail.last?.isWhitespace == true { tail = tail.dropLast() }
        guard tail.hasSuffix(")") else { return nil }
        tail = tail.dropLast()
        let digits = tail.suffix(while: \.isASCIIDigit)
        guard tail.dropLast(digits.count).hasSuffix("(#") else { return nil }
        return number(digits)
    }

    private static func number(_ digits: Substring) -> Int? {
        guard !digits.isEmpty, digits.count <= 12 else { return nil }
        return Int(digits)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Substring {
    fileprivate func suffix(while predicate: (Character) -> Bool) -> Substring {
        var start = endIndex
        while start > startIndex, predicate(self[index(before: start)]) {
            start = index(before: start)
        }
        return self[start...]
    }
}
