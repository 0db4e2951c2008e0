import Foundation

private let quotes = CharacterSet(charactersIn: "\"")

/// The parts of a `multipart/form-data` body (RFC 7578): each part's headers and bytes.
struct MultipartPart {
    var headers: [String: String]
    var body: ArraySlice<UInt8>

    /// The `name` parameter of the part's Content-Disposition, e.g. `file`.
    var name: String? { headers["content-disposition"].flatMap { Multipart.parameter("name", in: $0) } }
}

enum Multipart {
    /// The boundary from a Content-Type such as `multipart/form-data; boundary=XyZ`.
    static func boundary(contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
            let value = parameter("boundary", in: contentType), !value.isEmpty
        else { return nil }
        return value
    }

    /// The value of `key=value` (quotes removed) in a header such as Content-Type or Content-Disposition.
    static func parameter(_ key: String, in header: String) -> String? {
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2 && pair[0].lowercased() == key { return pair[1].trimmingCharacters(in: quotes) }
        }
        return nil
    }

    /// Splits `body` at `--boundary` lines. Returns nil when the body is not
    /// well-formed multipart (no opening boundary, no closing boundary, a part without
    /// the blank line that ends its headers).
    static func parts(_ body: [UInt8], boundary: String) -> [MultipartPart]? {
        let delimiter = Array("--\(boundary)".utf8), separator = Array("\r\n".utf8) + delimiter
        guard var position = body.firstRange(of: delimiter)?.upperBound else { return nil }
        var parts: [MultipartPart] = []
        while true {
            // After a delimiter: "--" closes the body, CRLF starts a part.
            if body[position...].starts(with: Array("--".utf8)) { return parts }
            guard body[position...].starts(with: separator.prefix(2)) else { return nil }
            let start = position + 2
            guard let end = body[start...].firstRange(of: separator) else { return nil }
            guard let part = part(body[start..<end.lowerBound]) else { return nil }
            parts.append(part)
            position = end.upperBound
        }
    }

    private static func part(_ bytes: ArraySlice<UInt8>) -> MultipartPart? {
        guard let blank = bytes.firstRange(of: Array("\r\n\r\n".utf8)) else {
            return bytes.starts(with: Array("\r\n".utf8)) ? MultipartPart(headers: [:], body: bytes.dropFirst(2)) : nil
        }
        var headers: [String: String] = [:]
        for line in String(decoding: bytes[..<blank.lowerBound], as: UTF8.self).split(separator: "\r\n") {
            let pair = line.split(separator: ":", maxSplits: 1)
            if pair.count == 2 { headers[pair[0].lowercased()] = pair[1].trimmingCharacters(in: .whitespaces) }
        }
        return MultipartPart(headers: headers, body: bytes[blank.upperBound...])
    }
}
