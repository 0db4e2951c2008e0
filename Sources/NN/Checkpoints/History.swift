import Foundation

/// What `fit` records, one value per epoch for each key, named as in Keras:
/// `"loss"`, each metric (`"accuracy"`), their validation versions (`"val_loss"`,
/// `"val_accuracy"`) and the learning rate (`"lr"`).
///
/// ```swift
/// let history = try model.fit(train, epochs: 5, optimizer: Adam(lr: 1e-3), validation: test)
/// history["val_accuracy"].last
/// ```
public struct History: CustomStringConvertible, Equatable {
    /// Epoch indices (0-based) that were run.
    public private(set) var epochs: [Int] = []
    /// Values per key, index-aligned with `epochs`.
    public private(set) var values: [String: [Double]] = [:]

    public init() {}

    package mutating func record(epoch: Int, _ logs: [String: Double]) {
        epochs.append(epoch)
        for (key, value) in logs { values[key, default: []].append(value) }
    }

    /// The values of `key` per epoch (empty if never recorded).
    public subscript(key: String) -> [Double] { values[key] ?? [] }

    public var loss: [Double] { self["loss"] }
    public var validationLoss: [Double] { self["val_loss"] }

    /// A table, one row per epoch.
    public var description: String {
        let keys = values.keys.sorted()
        var lines = [(["epoch"] + keys).joined(separator: "\t")]
        for (i, epoch) in epochs.enumerated() {
            lines.append(
                ([String(epoch + 1)]
                    + keys.map { key in
                        let column = values[key]!
                        return i < column.count ? String(format4: column[i]) : ""
                    }).joined(separator: "\t"))
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// A number with 4 decimals (scientific notation when tiny or huge), for logs and progress lines.
    package init(format4 value: Double) {
        if value == 0 || !value.isFinite {
            self = String(value == 0 ? "0" : "\(value)")
        } else if abs(value) >= 1e-3 && abs(value) < 1e5 {
            self = String(format: "%.4f", value)
        } else {
            self = String(format: "%.3e", value)
        }
    }
}
