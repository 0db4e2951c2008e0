import Tensors

/// A submodule held so that it can be replaced by its dotted name
/// (`setSubmodule(_:to:)`), for fine-tuning and model surgery:
///
/// ```swift
/// final class Classifier: Module {
///     let body = Sequential { Linear(784, 128); ReLU() }
///     @Child var head = Linear(128, 10)
///     override func forward(_ x: Tensor) -> Tensor { head(body(x)) }
/// }
/// let model = Classifier()
/// try model.setSubmodule("head", to: Linear(128, 2))   // a new head for two classes
/// try model.setSubmodule("body.1", to: GELU())          // Sequential children by position
/// ```
///
/// Swift cannot assign a stored property by name, so a plain `let`/`var` submodule is
/// found by reflection but replaced only by assignment in code; `@Child` keeps it in
/// a box that reflection can write to. The replacement must be an `M`.
@propertyWrapper
public final class Child<M: Module> {
    public var wrappedValue: M
    public init(wrappedValue: M) { self.wrappedValue = wrappedValue }
}

/// What reflection sees of a `Child` of any type.
protocol ReplaceableChild: AnyObject {
    var module: Module { get }
    /// Stores `module` if it is of the declared type; returns that type's name if not.
    func replace(with module: Module) -> String?
}

extension Child: ReplaceableChild {
    var module: Module { wrappedValue }
    func replace(with module: Module) -> String? {
        guard let typed = module as? M else { return "\(M.self)" }
        wrappedValue = typed
        return nil
    }
}

/// Why `submodule(_:)` or `setSubmodule(_:to:)` could not do what it was asked.
public struct SubmoduleError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "submodule `\(path)`: \(reason)" }
}

extension Module {
    /// The descendant with the dotted name `path` (`model.get_submodule("features.3")`);
    /// the names are those of `namedModules()`.
    public func submodule(_ path: String) throws -> Module {
        guard let found = namedModules().first(where: { $0.name == path }) else {
            throw SubmoduleError(path: path, reason: "\(type(of: self)) has no such submodule")
        }
        return found.module
    }

    /// Replaces the descendant at `path` with `module` (`model.set_submodule(...)`). The
    /// parent must hold it as a position of a `Sequential` or in a `@Child` property;
    /// anything else throws, naming the parent, and changes nothing.
    public func setSubmodule(_ path: String, to module: Module) throws {
        let (parent, name) = try parentAndName(of: path)
        if let sequential = parent as? Sequential, let index = Int(name) {
            sequential.replaceLayer(at: index, with: module)
            return
        }
        let mirrorLabel = "_" + name
        for case let child as ReplaceableChild in ModuleReflection.storedValues(of: parent, labelled: mirrorLabel) {
            if let expected = child.replace(with: module) {
                throw SubmoduleError(path: path, reason: "\(type(of: parent)) declares it a \(expected); a \(type(of: module)) is not one")
            }
            return
        }
        throw SubmoduleError(
            path: path,
            reason: "\(type(of: parent)) holds it in a stored property, which Swift cannot set by name: "
                + "declare it `@Child var`, keep it in a Sequential, or assign it in code")
    }

    /// The module that holds `path` as a direct child, and the child's name there.
    private func parentAndName(of path: String) throws -> (Module, String) {
        for (prefix, module) in namedModules() {
            for child in module.namedChildren where (prefix.isEmpty ? child.name : "\(prefix).\(child.name)") == path {
                return (module, child.name)
            }
        }
        throw SubmoduleError(path: path, reason: "\(type(of: self)) has no such submodule")
    }
}
