import Tensors

/// Finds a module's parameters, buffers and submodules by reflecting over its
/// stored properties (Swift's `Mirror`), so models need no registration code.
///
/// Recognised property types: `Tensor` (parameter), `@Buffer Tensor` (buffer),
/// `Module`, optionals of these, `[Tensor]` (parameters named `name.0`, ...),
/// `[Module]` (`name.0`, ...), `[String: Module]` (`name.key`, keys sorted) and
/// `@Child` modules.
/// Properties inherited from a superclass come first, as they were declared.
enum ModuleReflection {
    struct Members {
        var parameters: [(name: String, tensor: Tensor)] = []
        var buffers: [(name: String, tensor: Tensor)] = []
        var children: [(name: String, module: Module)] = []
    }

    static func members(of module: Module) -> Members {
        var members = Members()
        for (label, value) in storedProperties(of: module) where !label.hasPrefix("$") {
            add(value, named: label, to: &members)
        }
        return members
    }

    /// The values of `module`'s stored properties called `label` (a property wrapper's
    /// storage is `_name`); one at most, unless a subclass repeats a superclass's name.
    static func storedValues(of module: Module, labelled label: String) -> [Any] {
        storedProperties(of: module).filter { $0.label == label }.map(\.value)
    }

    /// Every labelled stored property, the class hierarchy walked from the root down,
    /// stopping at Module itself.
    private static func storedProperties(of module: Module) -> [(label: String, value: Any)] {
        var mirrors: [Mirror] = []
        var mirror: Mirror? = Mirror(reflecting: module)
        while let m = mirror, m.subjectType != Module.self {
            mirrors.append(m)
            mirror = m.superclassMirror
        }
        return mirrors.reversed().flatMap { m in m.children.compactMap { child in child.label.map { ($0, child.value) } } }
    }

    private static func add(_ value: Any, named label: String, to members: inout Members) {
        switch value {
        case let buffer as Buffer:
            // A property wrapper's storage is named with a leading underscore.
            members.buffers.append((label.hasPrefix("_") ? String(label.dropFirst()) : label, buffer.wrappedValue))
        case let tensor as Tensor:
            members.parameters.append((label, tensor))
        case let module as Module:
            members.children.append((label, module))
        case let child as ReplaceableChild:
            members.children.append((label.hasPrefix("_") ? String(label.dropFirst()) : label, child.module))
        case let modules as [Module]:
            for (i, m) in modules.enumerated() { members.children.append(("\(label).\(i)", m)) }
        case let tensors as [Tensor]:
            for (i, t) in tensors.enumerated() { members.parameters.append(("\(label).\(i)", t)) }
        case let modules as [String: Module]:
            for key in modules.keys.sorted() { members.children.append(("\(label).\(key)", modules[key]!)) }
        default:
            break
        }
    }
}
