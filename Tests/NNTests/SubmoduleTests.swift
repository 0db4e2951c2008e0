import Testing
@testable import NN

private final class Classifier: Module {
    let body = Sequential {
        Linear(4, 3); ReLU()
    }
    @Child var head = Linear(3, 2)
    let fixed = Linear(2, 2)
    let branches = [Linear(2, 2)]
    override func forward(_ x: Tensor) -> Tensor { fixed(head(body(x))) }
}

@Suite struct SubmoduleTests {
    @Test func childPropertiesAreSubmodulesUnderTheirOwnName() throws {
        let model = Classifier()
        #expect(model.namedModules().map(\.name) == ["", "body", "body.0", "body.1", "head", "fixed", "branches.0"])
        #expect(model.namedParameters().map(\.name).contains("head.weight"))
        #expect(try model.submodule("body.0") === model.body[0])
        #expect(try model.submodule("head") === model.head)
    }

    @Test func replacesChildrenAndSequentialPositionsByPath() throws {
        let model = Classifier()
        let head = Linear(3, 2), activation = GELU()
        try model.setSubmodule("head", to: head)
        try model.setSubmodule("body.1", to: activation)
        #expect(model.head === head)
        #expect(model.body[1] === activation)
        #expect(model.parameters().contains { $0 === head.weight })
        // The new modules are the ones that run.
        let x = Tensor.randn([5, 4])
        let expected = model.fixed(head(gelu(model.body[0](x))))
        #expect(model(x).scalars == expected.scalars)
    }

    @Test func refusesWhatItCannotReplaceAndChangesNothing() {
        let model = Classifier()
        let before = model.namedModules().map { ObjectIdentifier($0.module) }
        #expect(throws: SubmoduleError(path: "head", reason: "Classifier declares it a Linear; a ReLU is not one")) {
            try model.setSubmodule("head", to: ReLU())
        }
        #expect(throws: SubmoduleError.self) { try model.setSubmodule("fixed", to: Linear(2, 2)) }
        #expect(throws: SubmoduleError.self) { try model.setSubmodule("branches.0", to: Linear(2, 2)) }
        #expect(throws: SubmoduleError(path: "body.7", reason: "Classifier has no such submodule")) {
            try model.setSubmodule("body.7", to: ReLU())
        }
        #expect(throws: SubmoduleError.self) { try model.setSubmodule("", to: ReLU()) }
        #expect(throws: SubmoduleError.self) { try model.submodule("tail") }
        #expect(model.namedModules().map { ObjectIdentifier($0.module) } == before)
    }
}
