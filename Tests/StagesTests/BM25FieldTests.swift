import Testing

@testable import Stages

/// The field's two layouts agree with its documents: every term's list holds each document
/// the term is in, in order, with the term's count there, and the posting of a term in a
/// document, read from a short document's own terms or by searching a long one's lists,
/// is that count (or none).
@Suite struct BM25FieldTests {
    /// Documents of 0 to 60 terms (past the 32 read from the document's own terms), with
    /// repeats, over a vocabulary some terms of which are in no document.
    static let documents: [[Int32]] = (0..<80).map { (document: Int) -> [Int32] in
        let length = document * 7 % 61
        return (0..<length).map { (position: Int) -> Int32 in Int32((document * 13 + position * position) % 97) }
    }

    @Test(arguments: [false, true])
    func postingsAreEachDocumentsCounts(keepsDocumentTerms: Bool) {
        #expect(Self.documents.contains { Set($0).count > 32 })
        #expect(Self.documents.contains { !$0.isEmpty && Set($0).count < $0.count })
        let field = BM25Field(
            documents: Self.documents, vocabularySize: 100, k1: 1.2, b: 0.75, keepsDocumentTerms: keepsDocumentTerms)
        for term in Int32(0)..<100 {
            var expected: [(document: Int32, frequency: Int32)] = []
            for (document, terms) in Self.documents.enumerated() {
                let count = terms.filter { $0 == term }.count
                if count > 0 { expected.append((Int32(document), Int32(count))) }
                let posting = field.posting(of: term, in: Int32(document))
                #expect(posting?.frequency == (count > 0 ? Int32(count) : nil), "term \(term), document \(document)")
                #expect(posting.map { $0.document == Int32(document) } ?? true)
            }
            let list = field.postings(of: term)
            #expect(list.map(\.document) == expected.map(\.document), "term \(term)")
            #expect(list.map(\.frequency) == expected.map(\.frequency), "term \(term)")
            #expect(field.documentFrequency(of: term) == expected.count)
        }
    }
}
