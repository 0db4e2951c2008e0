import Foundation

/// The text paragraphs of one LibreOffice help page (`text/**/*.html`): every `<p>` and
/// `<h1>`...`<h6>` whose id starts with `par_id` or `hd_id`, as plain text.
///
/// Markup rules: tags are removed; elements marked `hidden="true"` (the macOS variants of
/// menu paths, say) are dropped with their content; `<br>` becomes a space; the HTML
/// entities are decoded; the product-name placeholders `$[officename]` and `%PRODUCTNAME`
/// become "LibreOffice"; whitespace runs become one space.
enum HelpParagraphs {
    static let voidTags: Set<String> = ["br", "img", "input", "meta", "link", "hr", "col", "source", "wbr"]
    static let paragraphTags: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6"]

    struct Tag {
        var name: String
        var closing: Bool
        var selfClosing: Bool
        var attributes: String
        func attribute(_ key: String) -> String? {
            guard let r = attributes.range(of: " \(key)=\"") else { return nil }
            let rest = attributes[r.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
    }

    /// (id, text) pairs in page order; an id seen twice keeps its first paragraph.
    static func extract(html: String) -> [(id: String, text: String)] {
        let bytes = Array(html.utf8)
        var result: [(id: String, text: String)] = [], seen: Set<String> = []
        // The paragraph being read: its id, tag name, nesting depth, and where hiding started.
        var current: (id: String, tag: String, depth: Int, hiddenAt: Int?, text: [UInt8])?
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "<") else {
                if current != nil && current!.hiddenAt == nil { current!.text.append(bytes[i]) }
                i += 1
                continue
            }
            guard let end = bytes[i...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let tag = parseTag(bytes[(i + 1)..<end])
            i = end + 1
            guard let tag else { continue }
            if current == nil {
                if !tag.closing, paragraphTags.contains(tag.name), let id = tag.attribute("id"),
                    id.hasPrefix("par_id") || id.hasPrefix("hd_id")
                {
                    current = (id, tag.name, 1, nil, [])
                }
                continue
            }
            if tag.name == "br" { if current!.hiddenAt == nil { current!.text.append(UInt8(ascii: " ")) }; continue }
            if voidTags.contains(tag.name) || tag.selfClosing { continue }
            if tag.closing {
                current!.depth -= 1
                if current!.hiddenAt == current!.depth { current!.hiddenAt = nil }
                if current!.depth == 0 {
                    let text = clean(String(decoding: current!.text, as: UTF8.self))
                    if seen.insert(current!.id).inserted { result.append((current!.id, text)) }
                    current = nil
                }
            } else {
                if current!.hiddenAt == nil && tag.attribute("hidden") == "true" { current!.hiddenAt = current!.depth }
                current!.depth += 1
            }
        }
        return result
    }

    /// The name, kind and attributes of the tag between `<` and `>`; nil for comments and declarations.
    static func parseTag(_ inside: ArraySlice<UInt8>) -> Tag? {
        guard let first = inside.first, first != UInt8(ascii: "!"), first != UInt8(ascii: "?") else { return nil }
        let closing = first == UInt8(ascii: "/")
        let body = closing ? inside.dropFirst() : inside
        let nameEnd = body.firstIndex { !(isLetter($0) || ($0 >= 48 && $0 <= 57)) } ?? body.endIndex
        let name = String(decoding: body[..<nameEnd], as: UTF8.self).lowercased()
        guard !name.isEmpty else { return nil }
        return Tag(
            name: name, closing: closing, selfClosing: inside.last == UInt8(ascii: "/"),
            attributes: " " + String(decoding: body[nameEnd...], as: UTF8.self).trimmingCharacters(in: .whitespaces))
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }

    /// Entities decoded, placeholders replaced, whitespace collapsed.
    static func clean(_ text: String) -> String {
        var s = decodeEntities(text)
        for placeholder in ["$[officename]", "%PRODUCTNAME"] { s = s.replacingOccurrences(of: placeholder, with: "LibreOffice") }
        return s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " "]
        var out = "", rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(10).firstIndex(of: ";") {
                let name = String(after[..<semi])
                var decoded: String? = named[name]
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if name.hasPrefix("#") {
                    decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
                }
                if let decoded {
                    out += decoded
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            out += "&"
            rest = after
        }
        return out + rest
    }
}
