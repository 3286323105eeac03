/// A semantic version per semver 2.0.0: `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`.
///
/// Build metadata parses (so the error can say what is wrong) but a published version may
/// not carry it: `+` is not allowed in an OCI tag, and two versions differing only in build
/// metadata have the same precedence, so one of them would shadow the other.
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int
    /// Dot-separated identifiers after `-`; empty for a normal release.
    public var prerelease: [String]
    /// Dot-separated identifiers after `+`; ignored for precedence.
    public var buildMetadata: [String]

    /// Which number `--bump` raises.
    public enum Component: String, Sendable, Hashable, CaseIterable {
        case major, minor, patch
    }

    public init(major: Int, minor: Int, patch: Int, prerelease: [String] = [], buildMetadata: [String] = []) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.buildMetadata = buildMetadata
    }

    /// Parses `text` strictly (no leading `v`, no leading zeros in numbers).
    public init(parsing text: String) throws(ArtifactsError) {
        func invalid(_ why: String) -> ArtifactsError {
            ArtifactsError(.invalidVersion, path: text, reason: "not a semantic version (semver 2.0.0): \(why)")
        }
        var rest = Substring(text)
        var build: [String] = []
        if let plus = rest.firstIndex(of: "+") {
            build = rest[rest.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            rest = rest[..<plus]
            if let problem = Self.check(build, numericLeadingZerosAllowed: true) { throw invalid("build metadata \(problem)") }
        }
        var pre: [String] = []
        if let dash = rest.firstIndex(of: "-") {
            pre = rest[rest.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            rest = rest[..<dash]
            if let problem = Self.check(pre, numericLeadingZerosAllowed: false) { throw invalid("pre-release \(problem)") }
        }
        let numbers = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3 else { throw invalid("expected MAJOR.MINOR.PATCH") }
        var values: [Int] = []
        for number in numbers {
            guard !number.isEmpty, number.allSatisfy(\.isASCIIDigit), let value = Int(number) else {
                throw invalid("\"\(number)\" is not a number")
            }
            if number.count > 1 && number.first == "0" { throw invalid("\"\(number)\" has a leading zero") }
            values.append(value)
        }
        self.init(major: values[0], minor: values[1], patch: values[2], prerelease: pre, buildMetadata: build)
    }

    /// Why the identifiers are invalid, or nil when they are fine.
    private static func check(_ identifiers: [String], numericLeadingZerosAllowed: Bool) -> String? {
        for identifier in identifiers {
            if identifier.isEmpty { return "has an empty identifier" }
            if !identifier.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || $0.isASCIIAlphanumeric }) {
                return "identifier \"\(identifier)\" may hold only [0-9A-Za-z-]"
            }
            if !numericLeadingZerosAllowed && identifier.count > 1 && identifier.first == "0"
                && identifier.allSatisfy(\.isASCIIDigit)
            {
                return "numeric identifier \"\(identifier)\" has a leading zero"
            }
        }
        return nil
    }

    public var description: String {
        var text = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
        if !buildMetadata.isEmpty { text += "+" + buildMetadata.joined(separator: ".") }
        return text
    }

    /// The next version raising `component`: `1.3.2` → `1.4.0` for `.minor`; pre-release and
    /// build metadata are dropped.
    public func bumped(_ component: Component) -> SemanticVersion {
        switch component {
        case .major: SemanticVersion(major: major + 1, minor: 0, patch: 0)
        case .minor: SemanticVersion(major: major, minor: minor + 1, patch: 0)
        case .patch: SemanticVersion(major: major, minor: minor, patch: patch + 1)
        }
    }

    /// Precedence per semver 2.0.0 §11 (build metadata ignored; equality still counts it).
    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if lhs.major != rhs.major { return lhs.major < rhs.major }
        if lhs.minor != rhs.minor { return lhs.minor < rhs.minor }
        if lhs.patch != rhs.patch { return lhs.patch < rhs.patch }
        switch (lhs.prerelease.isEmpty, rhs.prerelease.isEmpty) {
        case (true, true), (true, false): return false
        case (false, true): return true
        case (false, false): break
        }
        for (left, right) in zip(lhs.prerelease, rhs.prerelease) where left != right {
            switch (Int(left), Int(right)) {
            case let (l?, r?): return l < r
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return left < right
            }
        }
        return lhs.prerelease.count < rhs.prerelease.count
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension UInt8 {
    fileprivate var isASCIIAlphanumeric: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
    }
}
