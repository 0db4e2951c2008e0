import DeepLearning

/// An entity found in a text: its type, its text and where it is, in Unicode code points
/// from the start of the text, `end` exclusive (as Python's `text[start:end]`).
public struct ExtractedEntity: Codable, Equatable, Sendable {
    public var type: String
    public var text: String
    public var start: Int
    public var end: Int
}

/// P07-E06 · Entities with character offsets. Docs/P07.md#p07-e06
///
/// The tagger reads a text one character (`Character`) at a time and gives each a BIO tag.
/// Turn its tags into the entities `extract` prints: read the entities of `tags` as seqeval
/// does by default (`entities(in:)`), and for each give its type, its text and its
/// offsets counted in Unicode code points (`unicodeScalars`), which is what a Python or
/// JavaScript reader of the JSON expects. A character such as "👍🏽" is one `Character`
/// but two code points.
public func extractedEntities(text: String, tags: [String]) throws -> [ExtractedEntity] {
    let characters = Array(text)
    precondition(characters.count == tags.count, "extractedEntities: \(tags.count) tags for \(characters.count) characters")
    // BEGIN SOLUTION
    var offsets = [0]
    for character in characters { offsets.append(offsets.last! + character.unicodeScalars.count) }
    return entities(in: tags).map { entity in
        ExtractedEntity(
            type: entity.type, text: String(characters[entity.start...entity.end]),
            start: offsets[entity.start], end: offsets[entity.end + 1])
    }
    // END SOLUTION
}
