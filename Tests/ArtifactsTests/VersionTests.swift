import Artifacts
import Foundation
import Testing

@Suite struct VersionTests {
    @Test(arguments: ["1.4.0", "0.0.1", "1.0.0-rc.1", "1.0.0-alpha.beta-1", "10.20.30", "1.0.0-0.3.7"])
    func validSemanticVersions(_ text: String) throws {
        #expect(try SemanticVersion(parsing: text).description == text)
        #expect(VersionNaming.isValidOCITag(text))
    }

    @Test(arguments: ["1.4", "v1.4.0", "01.4.0", "1.4.0-", "1.4.0-01", "1.4.0-a..b", "1.4.0-a_b", "1.x.0", ""])
    func invalidSemanticVersions(_ text: String) {
        #expect(throws: ArtifactsError.self) { try SemanticVersion(parsing: text) }
    }

    @Test func precedenceFollowsSemver() throws {
        let ordered = try [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
            "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0",
        ].map { text in try SemanticVersion(parsing: text) }
        for (lower, higher) in zip(ordered, ordered.dropFirst()) {
            #expect(lower < higher, "\(lower) < \(higher)")
            #expect(!(higher < lower))
        }
    }

    @Test func buildMetadataIsRefusedBecauseOCITagsCannotHoldIt() throws {
        #expect(try SemanticVersion(parsing: "1.4.0+build.5").buildMetadata == ["build", "5"])
        let error = #expect(throws: ArtifactsError.self) {
            try VersionNaming.resolve(.semantic("1.4.0+build.5"), existing: [], releases: [])
        }
        #expect(error?.code == .invalidVersion)
        #expect(error?.reason.contains("OCI tag") == true)
    }

    @Test func ociTags() {
        #expect(VersionNaming.isValidOCITag("nightly-2026-11-27.2"))
        #expect(VersionNaming.isValidOCITag("_x"))
        #expect(!VersionNaming.isValidOCITag(".hidden"))
        #expect(!VersionNaming.isValidOCITag("-x"))
        #expect(!VersionNaming.isValidOCITag("1.0.0+meta"))
        #expect(!VersionNaming.isValidOCITag(String(repeating: "a", count: 129)))
        #expect(VersionNaming.isValidOCITag(String(repeating: "a", count: 128)))
    }

    @Test func nightlyTemplateCountsUpTheSameDay() throws {
        let date = Date(timeIntervalSince1970: 1_795_824_000 - 1)  // 2026-11-27T23:59:59Z
        let request = VersionRequest.template("nightly-{date}", date: date)
        #expect(try VersionNaming.resolve(request, existing: [], releases: []) == "nightly-2026-11-27")
        #expect(try VersionNaming.resolve(request, existing: ["nightly-2026-11-27"], releases: []) == "nightly-2026-11-27.2")
        #expect(
            try VersionNaming.resolve(
                request, existing: ["nightly-2026-11-27", "nightly-2026-11-27.2"], releases: []) == "nightly-2026-11-27.3")
        #expect(throws: ArtifactsError.self) {
            try VersionNaming.resolve(.template("nightly-{day}", date: date), existing: [], releases: [])
        }
        #expect(throws: ArtifactsError.self) {
            try VersionNaming.resolve(.template("nightly {date}", date: date), existing: [], releases: [])
        }
    }

    @Test func exactVersionThatExistsIsATypedError() {
        let error = #expect(throws: ArtifactsError.self) {
            try VersionNaming.resolve(.semantic("1.4.0"), existing: ["1.4.0"], releases: ["1.4.0"])
        }
        #expect(error?.code == .versionExists)
        #expect(error?.description == "1.4.0: version 1.4.0 is already published; published versions are never overwritten")
    }

    @Test func bumpStartsFromTheHighestRelease() throws {
        let releases = ["1.2.0", "1.3.1", "1.10.0-rc.1", "0.9.0"]
        #expect(try VersionNaming.resolve(.bump(.patch), existing: Set(releases), releases: releases) == "1.3.2")
        #expect(try VersionNaming.resolve(.bump(.minor), existing: Set(releases), releases: releases) == "1.4.0")
        #expect(try VersionNaming.resolve(.bump(.major), existing: Set(releases), releases: releases) == "2.0.0")
        #expect(try VersionNaming.resolve(.bump(.minor), existing: [], releases: []) == "0.1.0")
    }
}
