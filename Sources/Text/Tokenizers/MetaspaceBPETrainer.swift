/// Training of `MetaspaceBPE`, step for step as Hugging Face `tokenizers`' `BpeTrainer`
/// (no prefix or suffix, no alphabet limit), so the two learn the same merges:
///
/// 1. Words are counted after Metaspace pre-tokenization.
/// 2. The vocabulary starts with the specials, then every scalar seen, sorted by code point.
/// 3. Pairs sit in a max-heap by count; equal counts go to the smaller (left id, right id).
///    A popped pair whose count changed since it was pushed goes back with its new count.
/// 4. The best pair's words are rewritten left to right; the count changes of neighbouring
///    pairs are applied, and every pair that gained occurrences is pushed again.
/// 5. Training stops at `vocabularySize` tokens, or when the best count is below
///    `minFrequency` (or 0).
extension MetaspaceBPE {
    public static func train(
        lines: [String], vocabularySize: Int, minFrequency: Int = 0,
        specials: [String] = ["<pad>", "<unk>", "<bos>", "<eos>"], unknown: String = "<unk>"
    ) -> MetaspaceBPE {
        precondition(specials.contains(unknown), "MetaspaceBPE.train: the unknown token \(unknown) must be one of the specials \(specials)")
        var wordCounts: [[Unicode.Scalar]: Int] = [:]
        for line in lines { for word in words(line) { wordCounts[word, default: 0] += 1 } }

        var tokens: [String] = [], ids: [String: Int] = [:]
        func add(_ token: String) {
            guard ids[token] == nil else { return }
            ids[token] = tokens.count
            tokens.append(token)
        }
        specials.forEach(add)
        Set(wordCounts.keys.joined()).sorted { $0.value < $1.value }.forEach { add(String($0)) }

        // Words as id sequences with their counts (in a fixed order: the counts' order does not matter).
        let entries = wordCounts.sorted { $0.key.lexicographicallyPrecedes($1.key) { $0.value < $1.value } }
        var words = entries.map { $0.key.map { ids[String($0)]! } }
        let counts = entries.map(\.value)

        var pairCounts: [UInt64: Int] = [:], wherePair: [UInt64: Set<Int>] = [:]
        for (w, word) in words.enumerated() {
            for (a, b) in zip(word, word.dropFirst()) {
                pairCounts[key(a, b), default: 0] += counts[w]
                wherePair[key(a, b), default: []].insert(w)
            }
        }
        var queue = MergeQueue()
        for (pair, positions) in wherePair where pairCounts[pair]! > 0 {
            queue.push(.init(pair: pair, count: pairCounts[pair]!, positions: positions))
        }

        var merges: [(left: Int, right: Int)] = []
        while tokens.count < vocabularySize, var top = queue.pop() {
            let current = pairCounts[top.pair, default: 0]
            if top.count != current {
                top.count = current
                queue.push(top)
                continue
            }
            if top.count < 1 || minFrequency > top.count { break }
            let (a, b) = (Int(top.pair >> 32), Int(top.pair & 0xFFFF_FFFF))
            add(tokens[a] + tokens[b])
            let merged = ids[tokens[a] + tokens[b]]!
            merges.append((a, b))
            var gained: [UInt64: Set<Int>] = [:]
            for w in top.positions.sorted() {
                for (pair, change) in mergeWord(&words[w], a, b, into: merged) {
                    pairCounts[pair, default: 0] += change * counts[w]
                    if change > 0 { gained[pair, default: []].insert(w) }
                }
            }
            for (pair, positions) in gained {
                let count = pairCounts[pair]!
                if count > 0 { queue.push(.init(pair: pair, count: count, positions: positions)) }
            }
        }
        return MetaspaceBPE(tokens: tokens, merges: merges, specials: specials, unknown: unknown)
    }

    /// Rewrites each `a b` in `word` (left to right) as `merged`, returning the pair count
    /// changes around each rewrite (`tokenizers`' `Word::merge`).
    static func mergeWord(_ word: inout [Int], _ a: Int, _ b: Int, into merged: Int) -> [(UInt64, Int)] {
        var changes: [(UInt64, Int)] = []
        var i = 0
        while i < word.count {
            if word[i] == a && i + 1 < word.count && word[i + 1] == b {
                if i > 0 {
                    changes.append((key(word[i - 1], a), -1))
                    changes.append((key(word[i - 1], merged), 1))
                }
                word.replaceSubrange(i...(i + 1), with: [merged])
                if i < word.count - 1 {
                    changes.append((key(b, word[i + 1]), -1))
                    changes.append((key(merged, word[i + 1]), 1))
                }
            }
            i += 1
        }
        return changes
    }
}

/// A max-heap of candidate merges: higher count first, then the smaller pair.
struct MergeQueue {
    struct Entry {
        var pair: UInt64
        var count: Int
        var positions: Set<Int>
        func outranks(_ other: Entry) -> Bool { count != other.count ? count > other.count : pair < other.pair }
    }

    private var heap: [Entry] = []

    mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].outranks(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let (left, right) = (2 * parent + 1, 2 * parent + 2)
            var best = parent
            if left < heap.count && heap[left].outranks(heap[best]) { best = left }
            if right < heap.count && heap[right].outranks(heap[best]) { best = right }
            if best == parent { break }
            heap.swapAt(parent, best)
            parent = best
        }
        return top
    }
}
