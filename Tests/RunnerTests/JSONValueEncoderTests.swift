import Foundation
import StageProtocol
import Testing

/// Codable values reach the one JSON writer through `JSONValueEncoder`.
@Suite struct JSONValueEncoderTests {
    struct Record: Encodable {
        var name: String
        var count: Int64
        var ratio: Double
        var when: Date
        var note: String?
        var tags: [String]
        var nested: [String: Int]
    }

    @Test func aRecordIsWrittenWithSortedKeysAndItsOptionalLeftOut() throws {
        let record = Record(
            name: "a/b", count: 5_000_000_000, ratio: 2, when: Date(timeIntervalSince1970: 0.9), note: nil,
            tags: ["x"], nested: ["b": 2, "a": 1])
        #expect(
            String(decoding: JSONWriter.compact(try JSONValueEncoder.encode(record)), as: UTF8.self)
                == #"{"count":5000000000,"name":"a/b","nested":{"a":1,"b":2},"ratio":2,"tags":["x"],"when":"1970-01-01T00:00:00Z"}"#)
    }

    class Base: Encodable {
        var a = 1
    }

    final class Derived: Base {
        var b = 2
        private enum Key: String, CodingKey { case b }
        override func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(b, forKey: .b)
            try super.encode(to: container.superEncoder())
        }
    }

    @Test func aSuperclassIsWrittenUnderSuperAsJSONEncoderWritesIt() throws {
        #expect(String(decoding: JSONWriter.compact(try JSONValueEncoder.encode(Derived())), as: UTF8.self) == #"{"b":2,"super":{"a":1}}"#)
    }

    @Test func aNumberJSONCannotHoldIsAnErrorNotAnEmptyFile() {
        #expect(throws: JSONEncodingError.self) { try JSONWriter.document(["f1": Double.nan]) }
        #expect(throws: JSONEncodingError.self) { try JSONWriter.document([UInt64.max]) }
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (1_795_745_580.75, "2026-11-27T02:13:00Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
    ])
    func timesAreISO8601UTCToTheSecond(seconds: Double, text: String) {
        #expect(ISO8601Text.utc(Date(timeIntervalSince1970: seconds)) == text)
    }
}
