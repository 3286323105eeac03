import Foundation

/// One BM25 field of a ``QAIndex``: posting lists by term id (each in document order),
/// precomputed IDFs, each document's length term `k1·(1 − b + b·len/avglen)`, so scoring a
/// posting is one division, and each term's largest contribution to any document (its
/// upper bound, for pruning in ``QAIndex/answer(question:context:)``).
struct BM25Field: Sendable {
    struct Posting: Sendable {
        var document: Int32
        var frequency: Int32
    }

    /// By term id; each list in increasing document order.
    let postings: [[Posting]]
    let averageLength: Double
    private let idf: [Double]
    private let lengthTerms: [Double]
    private let k1: Double
    /// By term id: the largest ``contribution(of:_:)`` of the term to any document.
    let upperBounds: [Double]

    init(documents: [[Int32]], vocabularySize: Int, k1: Double, b: Double) {
        var postings = Array(repeating: [Posting](), count: vocabularySize)
        // A document's term counts, by term id: set while it is read, back to 0 after.
        var counts = [Int32](repeating: 0, count: vocabularySize)
        var order: [Int32] = []
        for (document, terms) in documents.enumerated() {
            for term in terms {
                if counts[Int(term)] == 0 { order.append(term) }
                counts[Int(term)] += 1
            }
            for term in order {
                postings[Int(term)].append(Posting(document: Int32(document), frequency: counts[Int(term)]))
                counts[Int(term)] = 0
            }
            order.removeAll(keepingCapacity: true)
        }
        self.postings = postings
        self.k1 = k1
        let total = documents.reduce(0) { $0 + $1.count }
        let averageLength = documents.isEmpty ? 0 : Double(total) / Double(documents.count)
        self.averageLength = averageLength
        lengthTerms = documents.map { terms in
            k1 * (1 - b + b * (averageLength > 0 ? Double(terms.count) / averageLength : 0))
        }
        let count = Double(documents.count)
        idf = postings.map { list in
            let frequency = Double(list.count)
            return log(1 + (count - frequency + 0.5) / (frequency + 0.5))
        }
        var upperBounds = [Double](repeating: 0, count: vocabularySize)
        for term in postings.indices {
            for posting in postings[term] {
                upperBounds[term] = max(upperBounds[term], Self.contribution(idf[term], k1, posting, lengthTerms))
            }
        }
        self.upperBounds = upperBounds
    }

    /// What `term` adds to the score of the document of `posting`. Every score is a sum of
    /// these in query-term order, so the pruned and the exhaustive search add the same
    /// numbers in the same order and agree to the last bit.
    func contribution(of term: Int32, _ posting: Posting) -> Double {
        Self.contribution(idf[Int(term)], k1, posting, lengthTerms)
    }

    private static func contribution(_ idf: Double, _ k1: Double, _ posting: Posting, _ lengthTerms: [Double]) -> Double {
        let frequency = Double(posting.frequency)
        return idf * (k1 + 1) * frequency / (frequency + lengthTerms[Int(posting.document)])
    }

    /// Adds each matching document's BM25 score for `terms` into `scores`, recording
    /// documents touched for the first time.
    func accumulate(_ terms: [Int32], into scores: inout [Double], touched: inout [Int32]) {
        for term in terms {
            for posting in postings[Int(term)] {
                let document = Int(posting.document)
                if scores[document] == 0 { touched.append(posting.document) }
                scores[document] += contribution(of: term, posting)
            }
        }
    }

    /// `document`'s posting in `term`'s list, if the term is in it (a binary search).
    func posting(of term: Int32, in document: Int32) -> Posting? {
        let list = postings[Int(term)]
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].document < document { low = middle + 1 } else { high = middle }
        }
        return low < list.count && list[low].document == document ? list[low] : nil
    }
}
