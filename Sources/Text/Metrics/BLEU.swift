import Foundation
import Tensors

/// A BLEU score with the numbers behind it, as sacreBLEU's `BLEUScore`.
public struct BLEUScore: Equatable, Sendable, CustomStringConvertible {
    /// BLEU on a 0-100 scale.
    public var score: Double
    /// Matched n-grams (clipped by the references) for n = 1...4.
    public var matches: [Int]
    /// Hypothesis n-grams for n = 1...4.
    public var totals: [Int]
    /// n-gram precisions in percent (smoothed where a count is 0).
    public var precisions: [Double]
    public var brevityPenalty: Double
    /// Total hypothesis length and total (closest) reference length, in tokens.
    public var hypothesisLength: Int
    public var referenceLength: Int

    public var description: String {
        String(
            format: "BLEU = %.2f %@ (BP = %.3f ratio = %.3f hyp_len = %d ref_len = %d)", score,
            precisions.map { String(format: "%.1f", $0) }.joined(separator: "/"), brevityPenalty,
            referenceLength == 0 ? 0 : Double(hypothesisLength) / Double(referenceLength), hypothesisLength, referenceLength)
    }
}

/// BLEU (Papineni et al. 2002) exactly as sacreBLEU computes it by default: the `13a`
/// tokenizer of mteval-v13a.pl, n-grams up to 4, clipped counts against all references,
/// the closest reference length (shorter on ties) for the brevity penalty, and the
/// "exp" smoothing of NIST (a zero match count for order n gets precision 1/(2^k total)).
///
/// ```swift
/// BLEU.corpusScore(hypotheses: ["the cat sat on the mat"],
///                  references: [["the cat sat on the mat"]]).score      // 100
/// BLEU.sentenceScore(hypothesis: "the cat", references: ["the cat sat"]).score
/// ```
public enum BLEU {
    public static let maxOrder = 4

    /// Corpus BLEU. `references[k][i]` is the k-th reference of hypothesis i: one array per
    /// reference set, each as long as `hypotheses` (sacreBLEU's layout).
    public static func corpusScore(
        hypotheses: [String], references: [[String]], lowercase: Bool = false,
        tokenizer: Tokenization = .thirteenA
    ) -> BLEUScore {
        ExerciseTwins.called("BLEU.corpusScore", twinOf: ["P06-E07"])
        precondition(!references.isEmpty, "BLEU.corpusScore: at least one reference set is needed")
        for (k, stream) in references.enumerated() {
            precondition(
                stream.count == hypotheses.count,
                "BLEU.corpusScore: reference set \(k) has \(stream.count) sentences, hypotheses have \(hypotheses.count)")
        }
        var total = Statistics()
        for (i, hypothesis) in hypotheses.enumerated() {
            total.add(Statistics(hypothesis: hypothesis, references: references.map { $0[i] }, lowercase: lowercase, tokenizer: tokenizer))
        }
        return total.score(effectiveOrder: false)
    }

    /// Sentence BLEU, as `sacrebleu.sentence_bleu`: like corpus BLEU of one sentence but with
    /// "effective order" (orders with no hypothesis n-grams are left out of the mean).
    public static func sentenceScore(
        hypothesis: String, references: [String], lowercase: Bool = false,
        tokenizer: Tokenization = .thirteenA
    ) -> BLEUScore {
        precondition(!references.isEmpty, "BLEU.sentenceScore: at least one reference is needed")
        return Statistics(hypothesis: hypothesis, references: references, lowercase: lowercase, tokenizer: tokenizer).score(effectiveOrder: true)
    }

    /// The sufficient statistics of BLEU: lengths and n-gram counts, summed over sentences.
    struct Statistics {
        var hypothesisLength = 0, referenceLength = 0
        var matches = [Int](repeating: 0, count: maxOrder), totals = [Int](repeating: 0, count: maxOrder)

        init() {}

        init(hypothesis: String, references: [String], lowercase: Bool, tokenizer: Tokenization) {
            func words(_ s: String) -> [String] { tokenizer.tokens(lowercase ? s.lowercased() : s) }
            let hyp = words(hypothesis)
            var maxReferenceCounts: [[String]: Int] = [:]
            var referenceLengths: [Int] = []
            for reference in references {
                let ref = words(reference)
                referenceLengths.append(ref.count)
                for (gram, count) in ngramCounts(ref) { maxReferenceCounts[gram] = max(maxReferenceCounts[gram, default: 0], count) }
            }
            hypothesisLength = hyp.count
            // The closest reference length; the shorter one on a tie.
            referenceLength = referenceLengths.min { a, b in
                let (da, db) = (abs(a - hyp.count), abs(b - hyp.count))
                return da != db ? da < db : a < b
            }!
            for (gram, count) in ngramCounts(hyp) {
                totals[gram.count - 1] += count
                matches[gram.count - 1] += min(count, maxReferenceCounts[gram] ?? 0)
            }
        }

        mutating func add(_ other: Statistics) {
            hypothesisLength += other.hypothesisLength
            referenceLength += other.referenceLength
            for n in 0..<maxOrder { matches[n] += other.matches[n]; totals[n] += other.totals[n] }
        }

        func score(effectiveOrder: Bool) -> BLEUScore {
            let bp =
                hypothesisLength >= referenceLength
                ? 1
                : (hypothesisLength > 0 ? exp(1 - Double(referenceLength) / Double(hypothesisLength)) : 0)
            var precisions = [Double](repeating: 0, count: maxOrder)
            var result = BLEUScore(
                score: 0, matches: matches, totals: totals, precisions: precisions, brevityPenalty: bp,
                hypothesisLength: hypothesisLength, referenceLength: referenceLength)
            guard matches.contains(where: { $0 > 0 }) else { return result }
            var smoothing = 1.0, order = maxOrder
            for n in 0..<maxOrder {
                if totals[n] == 0 { break }
                if effectiveOrder { order = n + 1 }
                if matches[n] == 0 {
                    smoothing *= 2
                    precisions[n] = 100 / (smoothing * Double(totals[n]))
                } else {
                    precisions[n] = 100 * Double(matches[n]) / Double(totals[n])
                }
            }
            // sacreBLEU floors log(0) at -9999999999, which makes the score 0.
            let logMean = precisions.prefix(order).map { $0 == 0 ? -9_999_999_999 : log($0) }.reduce(0, +) / Double(order)
            result.precisions = precisions
            result.score = bp * exp(logMean)
            return result
        }
    }

    /// Counts of all n-grams of orders 1...4.
    static func ngramCounts(_ words: [String]) -> [[String]: Int] {
        var counts: [[String]: Int] = [:]
        for n in 1...maxOrder where n <= words.count {
            for i in 0...(words.count - n) { counts[Array(words[i..<(i + n)]), default: 0] += 1 }
        }
        return counts
    }

    /// sacreBLEU's signature for a corpus score with one reference per sentence.
    public static func signature(tokenizer: Tokenization, lowercase: Bool = false, version: String = "2.6.0") -> String {
        "nrefs:1|case:\(lowercase ? "lc" : "mixed")|eff:no|tok:\(tokenizer.rawValue)|smooth:exp|version:\(version)"
    }

    /// sacreBLEU's tokenizers: `13a` (the default, for English) and `zh` (for Chinese output).
    public enum Tokenization: String, Sendable {
        case thirteenA = "13a"
        /// Every Chinese character (sacreBLEU's `_UCODE_RANGES`) becomes a token of its own; the rest goes through 13a.
        case zh

        func tokens(_ line: String) -> [String] {
            switch self {
            case .thirteenA: return tokens13a(line)
            case .zh: return tokens13a(splitChinese(line))
            }
        }
    }

    /// sacreBLEU's `TokenizerZh` before its 13a pass: strip, then put spaces around each Chinese character.
    public static func splitChinese(_ line: String) -> String {
        var out = String.UnicodeScalarView()
        for c in pythonStrip(Array(line.unicodeScalars)) {
            if isChineseCharacter(c) { out.append(" "); out.append(c); out.append(" ") } else { out.append(c) }
        }
        return String(out)
    }

    /// sacreBLEU's `_is_chinese_char`. Its table writes two ranges with five hex digits after `\u`,
    /// which Python reads as a four-digit escape plus a digit: string comparison then makes them
    /// U+2001...U+2A6D and U+2F81...U+2FA1, reproduced here.
    static func isChineseCharacter(_ c: Unicode.Scalar) -> Bool {
        let ranges: [ClosedRange<UInt32>] = [
            0x3400...0x4DB5, 0x4E00...0x9FA5, 0x9FA6...0x9FBB, 0xF900...0xFA2D, 0xFA30...0xFA6A, 0xFA70...0xFAD9,
            0x2001...0x2A6D, 0x2F81...0x2FA1, 0xFF00...0xFFEF, 0x2E80...0x2EFF, 0x3000...0x303F, 0x31C0...0x31EF,
            0x2F00...0x2FDF, 0x2FF0...0x2FFF, 0x3100...0x312F, 0x31A0...0x31BF, 0xFE10...0xFE1F, 0xFE30...0xFE4F,
            0x2600...0x26FF, 0x2700...0x27BF, 0x3200...0x32FF, 0x3300...0x33FF,
        ]
        return ranges.contains { $0.contains(c.value) }
    }

    // MARK: The 13a tokenizer

    /// mteval-v13a's tokenization, as sacreBLEU's `Tokenizer13a`: unescape a few HTML
    /// entities, split off punctuation and symbols, split "." and "," unless they sit
    /// between digits ("1,000.5" stays whole), split "-" after a digit; single spaces.
    public static func tokenize13a(_ line: String) -> String { tokens13a(line).joined(separator: " ") }

    /// The tokens of `tokenize13a`. Works on Unicode scalars throughout, as Python's `str` does.
    static func tokens13a(_ line: String) -> [String] {
        var s = pythonRstrip(Array(line.unicodeScalars))
        s = replace(s, "<skipped>", "")
        s = replace(s, "-\n", "")
        s = replace(s, "\n", " ")
        if s.contains("&") {
            for (entity, character) in [("&quot;", "\""), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">")] {
                s = replace(s, entity, character)
            }
        }
        s = [" "] + s + [" "]
        // ([\{-\~\[-\` -\&\(-\+\:-\@\/]) -> " \1 "
        s = s.flatMap { isSplitSymbol($0) ? [" ", $0, " "] : [$0] }
        // ([^0-9])([\.,]) -> "\1 \2 "
        s = substitutePairs(s, { !isDigit($0) }, isPeriodOrComma) { [$0, " ", $1, " "] }
        // ([\.,])([^0-9]) -> " \1 \2"
        s = substitutePairs(s, isPeriodOrComma, { !isDigit($0) }) { [" ", $0, " ", $1] }
        // ([0-9])(-) -> "\1 \2 "
        s = substitutePairs(s, isDigit, { $0 == "-" }) { [$0, " ", $1, " "] }
        // line.split()
        return s.split(whereSeparator: isPythonWhitespace).map { String(String.UnicodeScalarView($0)) }
    }

    /// Python's `str.replace` on scalars: non-overlapping, left to right.
    private static func replace(_ s: [Unicode.Scalar], _ target: String, _ replacement: String) -> [Unicode.Scalar] {
        let t = Array(target.unicodeScalars), r = Array(replacement.unicodeScalars)
        var out: [Unicode.Scalar] = []
        var i = 0
        while i < s.count {
            if i + t.count <= s.count && s[i..<(i + t.count)].elementsEqual(t) {
                out += r
                i += t.count
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }

    /// `re.sub` of a two-character pattern: scan left to right, replace each non-overlapping match.
    private static func substitutePairs(
        _ s: [Unicode.Scalar], _ first: (Unicode.Scalar) -> Bool, _ second: (Unicode.Scalar) -> Bool,
        _ replacement: (Unicode.Scalar, Unicode.Scalar) -> [Unicode.Scalar]
    ) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var i = 0
        while i < s.count {
            if i + 1 < s.count && first(s[i]) && second(s[i + 1]) {
                out += replacement(s[i], s[i + 1])
                i += 2
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    private static func isPeriodOrComma(_ c: Unicode.Scalar) -> Bool { c == "." || c == "," }
    private static func isSplitSymbol(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (0x7B...0x7E).contains(v) || (0x5B...0x60).contains(v) || (0x20...0x26).contains(v)
            || (0x28...0x2B).contains(v) || (0x3A...0x40).contains(v) || v == 0x2F
    }

    /// Python's `str.isspace`, which `split()` and `rstrip()` use.
    static func isPythonWhitespace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    private static func pythonStrip(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        Array(pythonRstrip(s).drop(while: isPythonWhitespace))
    }

    private static func pythonRstrip(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var end = s.count
        while end > 0 && isPythonWhitespace(s[end - 1]) { end -= 1 }
        return Array(s[..<end])
    }
}
