import Foundation

/// Decides, outside the student's process, whether a test's outputs match the
/// reference solution's.
///
/// `references` are the records of the reference solution's run of the same
/// tests (trusted: they give the expected values, the tolerances and the labels);
/// `outputs` are the records a submission's run wrote (only their `got` is read).
/// Records are matched by test, label and order. A message says what was checked
/// and by how much it missed; it never repeats text the submission wrote, nor the
/// expected values of a hidden check.
public struct ReferenceChecker: Sendable {
    /// Test key -> the reference run's records, in order.
    public let references: [String: [CheckRecord]]

    public init(references: [CheckRecord]) {
        self.references = Dictionary(grouping: references, by: \.test)
    }

    /// Whether the reference run recorded outputs for the test `key`.
    public func covers(_ key: String) -> Bool { references[key] != nil }

    /// Why the outputs of test `key` do not match the reference, or nil when they do.
    public func failure(of key: String, outputs: [CheckRecord]) -> String? {
        guard let expected = references[key] else { return nil }
        var remaining = Dictionary(grouping: outputs.filter { $0.test == key }, by: \.label)
        for reference in expected {
            guard var given = remaining[reference.label], !given.isEmpty else {
                return Messages().checkNotComputed(reference.label)
            }
            let output = given.removeFirst()
            remaining[reference.label] = given
            if let miss = Self.miss(output, reference) { return "\(reference.label): \(miss)" }
        }
        return nil
    }

    /// How `output.got` misses `reference`, or nil when it is within the reference's tolerance.
    static func miss(_ output: CheckRecord, _ reference: CheckRecord) -> String? {
        let messages = Messages()
        if let words = reference.expectedWords {
            let given = output.gotWords ?? []
            guard given.count == words.count else { return messages.checkCount(expected: words.count, got: given.count) }
            let wrong = zip(given, words).filter { $0 != $1 }.count
            return wrong == 0 ? nil : messages.checkWrongItems(wrong, of: words.count)
        }
        let (got, want) = (output.got, reference.expected)
        switch reference.kind {
        case .atLeast, .atMost:
            guard let value = got.first, let threshold = want.first else { return messages.checkNotComputed("") }
            let ok = reference.kind == .atLeast ? value >= threshold : value <= threshold
            return ok && !value.isNaN ? nil : messages.checkThreshold(value: short(value), threshold: short(threshold), atLeast: reference.kind == .atLeast)
        case .close, .gradient, .equal:
            guard got.count == want.count else { return messages.checkCount(expected: want.count, got: got.count) }
            if let shape = reference.shape, let given = output.shape, given != shape {
                return messages.shapeMismatch("shape", expected: shape, got: given)
            }
            if reference.kind == .gradient {
                let error = got.isEmpty ? 0 : relativeError(got, want)
                return error <= reference.rtol ? nil : messages.checkRelativeError(short(error), allowed: short(reference.rtol))
            }
            let (rtol, atol) = reference.kind == .equal ? (0.0, 0.0) : (reference.rtol, reference.atol)
            let misses = zip(got, want).map { g, e -> Double in
                g == e || (g.isNaN && e.isNaN) ? 0 : (abs(g - e) <= atol + rtol * abs(e) ? 0 : abs(g - e))
            }
            let wrong = misses.filter { $0 != 0 }.count
            guard wrong > 0 else { return nil }
            if reference.kind == .equal { return messages.checkWrongItems(wrong, of: want.count) }
            return messages.checkValuesMiss(wrong, of: want.count, worst: short(misses.max() ?? 0), rtol: short(rtol), atol: short(atol))
        }
    }
}
