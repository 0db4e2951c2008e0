import Tensors

/// Builds a list of modules from a block, for `Sequential { ... }`; `if`, `if/else`
/// and `for` loops work inside the block.
@resultBuilder
public enum ModuleBuilder {
    public static func buildExpression(_ module: Module) -> [Module] { [module] }
    public static func buildBlock(_ parts: [Module]...) -> [Module] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Module]?) -> [Module] { part ?? [] }
    public static func buildEither(first part: [Module]) -> [Module] { part }
    public static func buildEither(second part: [Module]) -> [Module] { part }
    public static func buildArray(_ parts: [[Module]]) -> [Module] { parts.flatMap { $0 } }
}

/// Modules applied one after another (`torch.nn.Sequential`). Children are named
/// by position, as in PyTorch, so parameters are `"0.weight"`, `"2.bias"`, ...
///
/// ```swift
/// let model = Sequential {
///     Linear(784, 256); ReLU()
///     for _ in 0..<2 { Linear(256, 256); ReLU() }
///     Linear(256, 10)
/// }
/// ```
public final class Sequential: Module {
    public private(set) var layers: [Module]

    public init(_ layers: [Module]) {
        self.layers = layers
    }

    public convenience init(@ModuleBuilder _ build: () -> [Module]) {
        self.init(build())
    }

    public override func forward(_ x: Tensor) -> Tensor {
        layers.reduce(x) { $1($0) }
    }

    public override var namedChildren: [(name: String, module: Module)] {
        layers.enumerated().map { (String($0.offset), $0.element) }
    }

    public subscript(index: Int) -> Module { layers[index] }

    /// Puts `module` in position `index` (`setSubmodule("3", to:)` on a Sequential).
    func replaceLayer(at index: Int, with module: Module) { layers[index] = module }
    public var count: Int { layers.count }
}
