import DeepLearning

/// M03-E03 · FastText's character n-grams (Bojanowski et al. 2017). Docs/M03.md#m03-e03
///
/// Wrap the word in the boundary markers "<" and ">", then list every substring of
/// `minN...maxN` characters, in fastText's order: by start position, then by length.
/// "where" with n = 3 gives "<wh", "whe", "her", "ere", "re>". (fastText also keeps
/// the whole word "<where>" as its own entry; that is not an n-gram here unless its
/// length lies in `minN...maxN`.) Characters are Swift `Character`s, so "é" counts once.
public func characterNGrams(_ word: String, minN: Int = 3, maxN: Int = 6) throws -> [String] {
    precondition(minN >= 1 && maxN >= minN, "characterNGrams: need 1 <= minN <= maxN, got \(minN)...\(maxN)")
    // BEGIN SOLUTION
    let characters = Array("<" + word + ">")
    var grams: [String] = []
    for start in characters.indices {
        for length in minN...maxN where start + length <= characters.count {
            grams.append(String(characters[start..<start + length]))
        }
    }
    return grams
    // END SOLUTION
}
