import Tensors

/// `print(model)` shows the layer tree: each module with its configuration,
/// its own parameter shapes and the number of parameters below it.
///
/// ```
/// MLP  (235,146 parameters)
///   fc1: Linear(784 → 256)  weight [256, 784], bias [256]  (200,960)
///   fc2: Linear(256 → 10)  weight [10, 256], bias [10]  (2,570)
/// ```
extension Module: CustomStringConvertible {
    public var description: String {
        var lines = ["\(typeName)\(extraDescription.isEmpty ? "" : "(\(extraDescription))")  (\(Self.grouped(parameterCount)) parameters\(frozenNote))"]
        describeChildren(of: self, indent: "  ", into: &lines)
        return lines.joined(separator: "\n")
    }

    var typeName: String { String(describing: type(of: self)) }

    private var frozenNote: String {
        let all = parameters()
        if all.isEmpty || all.allSatisfy(\.requiresGrad) { return "" }
        return all.contains(where: \.requiresGrad) ? ", partly frozen" : ", frozen"
    }

    private func describeChildren(of module: Module, indent: String, into lines: inout [String]) {
        for (name, child) in module.namedChildren {
            let config = child.extraDescription.isEmpty ? "" : "(\(child.extraDescription))"
            let shapes = child.ownParameters.map { "\($0.name) \($0.tensor.shape)" }.joined(separator: ", ")
            let count = child.parameterCount
            var line = "\(indent)\(name): \(child.typeName)\(config)"
            if !shapes.isEmpty { line += "  \(shapes)" }
            if count > 0 { line += "  (\(Self.grouped(count))\(child.frozenNote))" }
            lines.append(line)
            describeChildren(of: child, indent: indent + "  ", into: &lines)
        }
    }

    /// 235146 → "235,146".
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }
}
