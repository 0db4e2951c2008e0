import Tensors

/// Finds a module's parameters, buffers and submodules by reflecting over its
/// stored properties (Swift's `Mirror`), so models need no registration code.
///
/// Recognised property types: `Tensor` (parameter), `@Buffer Tensor` (buffer),
/// `Module`, optionals of these, `[Tensor]` (parameters named `name.0`, ...),
/// `[Module]` (`name.0`, ...) and `[String: Module]` (`name.key`, keys sorted).
/// Properties inherited from a superclass come first, as they were declared.
enum ModuleReflection {
    struct Members {
        var parameters: [(name: String, tensor: Tensor)] = []
        var buffers: [(name: String, tensor: Tensor)] = []
        var children: [(name: String, module: Module)] = []
    }

    static func members(of module: Module) -> Members {
        var members = Members()
        // Walk the class hierarchy from the root down, stopping at Module itself.
        var mirrors: [Mirror] = []
        var mirror: Mirror? = Mirror(reflecting: module)
        while let m = mirror, m.subjectType != Module.self {
            mirrors.append(m)
            mirror = m.superclassMirror
        }
        for m in mirrors.reversed() {
            for child in m.children {
                guard let label = child.label, !label.hasPrefix("$") else { continue }
                add(child.value, named: label, to: &members)
            }
        }
        return members
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
