import Artifacts
import Foundation
import StageProtocol
import Testing

/// The exact bytes of one `manifest.json`: its digest is what refs, signatures and
/// provenance name, so published versions verify only while these bytes hold.
@Suite struct ManifestGoldenTests {
    static let manifest = Manifest(
        name: "lab-model", version: "nightly-2026-11-27", build: .init(name: "nightly", kind: .nightly),
        created: Date(timeIntervalSince1970: 1_795_745_580.75),
        taxonomy: .init(
            url: "https://example.com/taxonomy.git", commit: "c0ffee", previousCommit: nil,
            mergedCommits: [.init(commit: "c0ffee", pullRequest: 12, subject: "Add \"birds\"", author: "Ann")],
            changedLeaves: [.init(path: "knowledge/birds", change: .added, blob: "b1")]),
        baseModel: .init(name: "example/base", uri: nil, digest: "feed"),
        stages: [
            .init(
                name: "generate", cacheKey: "aa11",
                implementation: .init(kind: "builtin", name: "builtin/generate", version: "1"),
                params: ["variants": .integer(4), "rate": .number(0.5)], inputDigests: [:], outputs: ["train.jsonl"],
                attempts: 1, exitStatus: 0, host: "builder", startedAt: Date(timeIntervalSince1970: 1_795_745_581),
                finishedAt: Date(timeIntervalSince1970: 1_795_745_590), reused: false)
        ],
        files: [.init(path: "files/train.jsonl", size: 12, sha256: "cc33")],
        rootDigest: "dd44", metrics: ["evaluate.f1": 0.71, "evaluate.exact_match": 1])

    @Test func manifestJSONIsPinned() throws {
        // The file ends in a newline; `created`'s fraction of a second is dropped.
        let expected = #"""
            {
              "baseModel" : {
                "digest" : "feed",
                "name" : "example/base"
              },
              "build" : {
                "kind" : "nightly",
                "name" : "nightly"
              },
              "created" : "2026-11-27T02:13:00Z",
              "files" : [
                {
                  "path" : "files/train.jsonl",
                  "sha256" : "cc33",
                  "size" : 12
                }
              ],
              "metrics" : {
                "evaluate.exact_match" : 1,
                "evaluate.f1" : 0.71
              },
              "name" : "lab-model",
              "rootDigest" : "dd44",
              "schemaVersion" : 1,
              "stages" : [
                {
                  "attempts" : 1,
                  "cacheKey" : "aa11",
                  "exitStatus" : 0,
                  "finishedAt" : "2026-11-27T02:13:10Z",
                  "host" : "builder",
                  "implementation" : {
                    "kind" : "builtin",
                    "name" : "builtin/generate",
                    "version" : "1"
                  },
                  "inputDigests" : {

                  },
                  "name" : "generate",
                  "outputs" : [
                    "train.jsonl"
                  ],
                  "params" : {
                    "rate" : 0.5,
                    "variants" : 4
                  },
                  "reused" : false,
                  "startedAt" : "2026-11-27T02:13:01Z"
                }
              ],
              "taxonomy" : {
                "changedLeaves" : [
                  {
                    "blob" : "b1",
                    "change" : "added",
                    "path" : "knowledge/birds"
                  }
                ],
                "commit" : "c0ffee",
                "mergedCommits" : [
                  {
                    "author" : "Ann",
                    "commit" : "c0ffee",
                    "pullRequest" : 12,
                    "subject" : "Add \"birds\""
                  }
                ],
                "url" : "https://example.com/taxonomy.git"
              },
              "version" : "nightly-2026-11-27"
            }

            """#
        #expect(String(decoding: try JSONFile.encode(Self.manifest, path: "manifest.json"), as: UTF8.self) == expected)
    }
}
