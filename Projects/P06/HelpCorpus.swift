import DeepLearning
import Foundation

/// The English–Chinese corpus aligned from LibreOffice 7.4's help (Debian's
/// `libreoffice-help-en-us` and `libreoffice-help-zh-cn`, MPL-2.0).
///
/// Alignment: a paragraph of `en-US/text/X.html` pairs with the paragraph of
/// `zh-CN/text/X.html` that has the same id. Cleaning, in this order:
/// 1. empty: either side empty, or the English has no letter (numbers, symbols);
/// 2. untranslated: the Chinese equals the English or has no Chinese character;
/// 3. long: more than `maxEnglishWords` English words;
/// 4. ratio: English characters per Chinese character outside `ratioRange`;
/// 5. duplicate: an English or Chinese side seen before (pages in split order, so no sentence
///    is in two splits).
/// Split by page: pages shuffled with `seed`; test pages are taken until the test set has
/// `testPairs` pairs, then validation pages until `validPairs`, the rest is training.
enum HelpCorpus {
    static let maxEnglishWords = 60
    static let ratioRange = 0.7...8.0
    static let testPairs = 2000, validPairs = 500

    struct Counts: Codable, Equatable {
        var pages = 0, aligned = 0, empty = 0, untranslated = 0, long = 0, ratio = 0, duplicate = 0
        var train = 0, valid = 0, test = 0
        var trainPages = 0, validPages = 0, testPages = 0
    }

    struct Splits {
        var train: [SentencePair], valid: [SentencePair], test: [SentencePair]
    }

    /// Whether `c` is a CJK ideograph (the basic block or extension A).
    static func isHan(_ c: Unicode.Scalar) -> Bool { (0x4E00...0x9FFF).contains(c.value) || (0x3400...0x4DBF).contains(c.value) }

    /// Why a pair is dropped, or nil when it is kept (rules 1-4).
    static func rejection(english: String, chinese: String) -> WritableKeyPath<Counts, Int>? {
        if english.isEmpty || chinese.isEmpty || !english.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) { return \.empty }
        if english == chinese || !chinese.unicodeScalars.contains(where: isHan) { return \.untranslated }
        if english.split(separator: " ").count > maxEnglishWords { return \.long }
        let ratio = Double(english.unicodeScalars.count) / Double(chinese.unicodeScalars.count)
        if !ratioRange.contains(ratio) { return \.ratio }
        return nil
    }

    /// Aligns, cleans and splits the pages under `help` (the folder holding `en-US` and `zh-CN`).
    static func build(help: URL, seed: UInt64) throws -> (splits: Splits, counts: Counts) {
        let english = help.appendingPathComponent("en-US/text"), chinese = help.appendingPathComponent("zh-CN/text")
        let pages = try htmlFiles(under: english)
        guard !pages.isEmpty else { throw P06Error.missingData("no help pages under \(english.path)") }
        var counts = Counts()
        var pairsByPage: [String: [SentencePair]] = [:]
        for page in pages {
            guard let zhHTML = try? String(contentsOf: chinese.appendingPathComponent(page), encoding: .utf8) else { continue }
            let enHTML = try String(contentsOf: english.appendingPathComponent(page), encoding: .utf8)
            let zh = Dictionary(HelpParagraphs.extract(html: zhHTML).map { ($0.id, $0.text) }, uniquingKeysWith: { a, _ in a })
            counts.pages += 1
            for (id, en) in HelpParagraphs.extract(html: enHTML) {
                guard let target = zh[id] else { continue }
                counts.aligned += 1
                if let reason = rejection(english: en, chinese: target) { counts[keyPath: reason] += 1; continue }
                pairsByPage[page, default: []].append(SentencePair(source: en, target: target))
            }
        }
        var generator = Generator(seed: seed)
        let order = pairsByPage.keys.sorted().shuffled(using: &generator)
        var splits = Splits(train: [], valid: [], test: [])
        var seen: Set<String> = []
        for page in order {
            let kept = pairsByPage[page]!.filter { pair in
                let fresh = !seen.contains("en:" + pair.source) && !seen.contains("zh:" + pair.target)
                seen.insert("en:" + pair.source); seen.insert("zh:" + pair.target)
                return fresh
            }
            counts.duplicate += pairsByPage[page]!.count - kept.count
            guard !kept.isEmpty else { continue }
            if splits.test.count < testPairs {
                splits.test += kept; counts.testPages += 1
            } else if splits.valid.count < validPairs {
                splits.valid += kept; counts.validPages += 1
            } else {
                splits.train += kept; counts.trainPages += 1
            }
        }
        (counts.train, counts.valid, counts.test) = (splits.train.count, splits.valid.count, splits.test.count)
        return (splits, counts)
    }

    /// Relative paths of the `.html` files under `root`, sorted.
    static func htmlFiles(under root: URL) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw P06Error.missingData("cannot list \(root.path)")
        }
        let prefix = root.standardizedFileURL.path + "/"
        return enumerator.compactMap { ($0 as? URL)?.standardizedFileURL.path }
            .filter { $0.hasSuffix(".html") && $0.hasPrefix(prefix) }
            .map { String($0.dropFirst(prefix.count)) }.sorted()
    }
}
