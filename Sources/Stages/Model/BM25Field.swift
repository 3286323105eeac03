import Foundation

/// One BM25 field of a ``QAIndex``: posting lists by term id (each in document order),
/// precomputed IDFs, each document's length term `k1·(1 − b + b·len/avglen)`, so scoring a
/// posting is one division, and each term's largest contribution to any document (its
/// upper bound, for pruning in ``QAIndex/answer(question:context:)``).
///
/// The lists lie one after another in one array, term after term (`starts` says where
/// each begins), so reading a posting never copies a list. A field asked to keep each
/// document's own terms and counts the same way, document after document, so a term's
/// posting in a short document is found in the document's few terms, not by a search of
/// the term's list (the question field, whose documents are short and are scored so).
struct BM25Field: Sendable {
    struct Posting: Sendable {
        var document: Int32
        var frequency: Int32
    }

    /// Every term's postings, term after term, each term's in increasing document order.
    private let allPostings: [Posting]
    /// Where each term's postings begin in `allPostings`, by term id, then their end.
    private let starts: [Int]
    /// Every document's distinct terms, in the order first seen, and their counts:
    /// document after document (a ``Posting`` whose `document` is the term); empty
    /// unless the field keeps them.
    private let termsOfDocuments: [Posting]
    /// Where each document's terms begin in `termsOfDocuments`, then their end; empty
    /// unless the field keeps them.
    private let documentStarts: [Int]
    let averageLength: Double
    private let idf: [Double]
    private let lengthTerms: [Double]
    private let k1: Double
    /// By term id: the largest ``contribution(of:_:)`` of the term to any document.
    let upperBounds: [Double]

    init(documents: [[Int32]], vocabularySize: Int, k1: Double, b: Double, keepsDocumentTerms: Bool = false) {
        // A document's term counts, by term id, and its terms in the order first seen: set
        // while it is read, cleared after.
        var counts = [Int32](repeating: 0, count: vocabularySize)
        var order: [Int32] = []
        func forEachDistinctTerm(_ terms: [Int32], _ body: (_ term: Int32, _ count: Int32) -> Void) {
            for term in terms {
                if counts[Int(term)] == 0 { order.append(term) }
                counts[Int(term)] += 1
            }
            for term in order {
                body(term, counts[Int(term)])
                counts[Int(term)] = 0
            }
            order.removeAll(keepingCapacity: true)
        }
        // Each term's document frequency first, then the lists laid out by it.
        var frequencies = [Int](repeating: 0, count: vocabularySize)
        for terms in documents {
            forEachDistinctTerm(terms) { term, _ in frequencies[Int(term)] += 1 }
        }
        var starts = [Int](repeating: 0, count: vocabularySize + 1)
        for term in 0..<vocabularySize { starts[term + 1] = starts[term] + frequencies[term] }
        var next = starts
        var allPostings = [Posting](repeating: Posting(document: 0, frequency: 0), count: starts[vocabularySize])
        var termsOfDocuments: [Posting] = []
        var documentStarts: [Int] = []
        if keepsDocumentTerms {
            termsOfDocuments.reserveCapacity(allPostings.count)
            documentStarts.reserveCapacity(documents.count + 1)
            documentStarts.append(0)
        }
        for (document, terms) in documents.enumerated() {
            forEachDistinctTerm(terms) { term, count in
                allPostings[next[Int(term)]] = Posting(document: Int32(document), frequency: count)
                next[Int(term)] += 1
                if keepsDocumentTerms { termsOfDocuments.append(Posting(document: term, frequency: count)) }
            }
            if keepsDocumentTerms { documentStarts.append(termsOfDocuments.count) }
        }
        self.allPostings = allPostings
        self.starts = starts
        self.termsOfDocuments = termsOfDocuments
        self.documentStarts = documentStarts
        self.k1 = k1
        let total = documents.reduce(0) { $0 + $1.count }
        let averageLength = documents.isEmpty ? 0 : Double(total) / Double(documents.count)
        self.averageLength = averageLength
        lengthTerms = documents.map { terms in
            k1 * (1 - b + b * (averageLength > 0 ? Double(terms.count) / averageLength : 0))
        }
        let count = Double(documents.count)
        idf = frequencies.map { frequency in
            log(1 + (count - Double(frequency) + 0.5) / (Double(frequency) + 0.5))
        }
        var upperBounds = [Double](repeating: 0, count: vocabularySize)
        for term in 0..<vocabularySize {
            for posting in allPostings[starts[term]..<starts[term + 1]] {
                upperBounds[term] = max(upperBounds[term], Self.contribution(idf[term], k1, posting, lengthTerms))
            }
        }
        self.upperBounds = upperBounds
    }

    /// `term`'s postings, in increasing document order.
    func postings(of term: Int32) -> ArraySlice<Posting> {
        allPostings[starts[Int(term)]..<starts[Int(term) + 1]]
    }

    /// How many documents `term` is in.
    func documentFrequency(of term: Int32) -> Int {
        starts[Int(term) + 1] - starts[Int(term)]
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
            for index in starts[Int(term)]..<starts[Int(term) + 1] {
                let posting = allPostings[index]
                let document = Int(posting.document)
                if scores[document] == 0 { touched.append(posting.document) }
                scores[document] += contribution(of: term, posting)
            }
        }
    }

    /// `document`'s posting in `term`'s list, if the term is in it: read from the
    /// document's own terms when the field keeps them and they are few, else by a binary
    /// search of the list.
    func posting(of term: Int32, in document: Int32) -> Posting? {
        if !documentStarts.isEmpty, documentStarts[Int(document) + 1] - documentStarts[Int(document)] <= 32 {
            for index in documentStarts[Int(document)]..<documentStarts[Int(document) + 1]
            where termsOfDocuments[index].document == term {
                return Posting(document: document, frequency: termsOfDocuments[index].frequency)
            }
            return nil
        }
        var low = starts[Int(term)]
        let end = starts[Int(term) + 1]
        var high = end
        while low < high {
            let middle = (low + high) / 2
            if allPostings[middle].document < document { low = middle + 1 } else { high = middle }
        }
        return low < end && allPostings[low].document == document ? allPostings[low] : nil
    }
}
