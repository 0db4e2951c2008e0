/// RFC 4180 CSV, the one reader and writer of the course: fields that hold the
/// delimiter, a quote or a line break are quoted, and quotes inside are doubled.
///
/// ```swift
/// CSV.line(["a", "b,c"])                  // a,"b,c"
/// CSV.records(in: "x,y\n1,\"2,5\"\n")     // [x, y] on line 1, [1, 2,5] on line 2
/// ```
public enum CSV {
    /// One record: its fields, and the line of the text it starts on (from 1).
    public struct Record: Equatable, Sendable {
        public var line: Int
        public var fields: [String]

        public init(line: Int, fields: [String]) { (self.line, self.fields) = (line, fields) }
    }

    /// `fields` as one line (without the line break), quoted where needed.
    public static func line(_ fields: [String], delimiter: Character = ",") -> String {
        fields.map { field in
            field.contains(where: { $0 == delimiter || $0 == "\"" || $0.isNewline })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: String(delimiter))
    }

    /// Every record of `text`. Lines ending in `\n` or `\r\n` both work, empty lines
    /// are skipped, and a quote left open runs to the end of the text (a reader
    /// never fails: callers check the fields they need).
    public static func records(in text: String, delimiter: Character = ",") -> [Record] {
        var records: [Record] = []
        var fields: [String] = [], field = ""
        var quoted = false, fieldWasQuoted = false
        var line = 1, recordLine = 1
        func endRecord() {
            fields.append(field)
            // A line with nothing on it is no record; a quoted empty field is.
            if fields.count > 1 || !fields[0].isEmpty || fieldWasQuoted {
                records.append(Record(line: recordLine, fields: fields))
            }
            (fields, field, fieldWasQuoted) = ([], "", false)
        }
        var characters = text[...]
        while let c = characters.popFirst() {
            if c.isNewline { line += 1 }  // "\r\n" is one Character
            if quoted {
                if c != "\"" {
                    field.append(c)
                } else if characters.first == "\"" {
                    field.append("\"")
                    characters.removeFirst()
                } else {
                    quoted = false
                }
            } else if c == "\"" {
                (quoted, fieldWasQuoted) = (true, true)
            } else if c == delimiter {
                fields.append(field)
                field = ""
            } else if c == "\n" || c == "\r\n" {
                endRecord()
                recordLine = line
            } else if c != "\r" {
                field.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }
}
