import DeepLearning
import Testing
import Workbook
@testable import P07

/// The library's CRF layer against pytorch-crf 0.7.2 (scripts/p07_fixtures.py).
@Suite struct CRFLayerTests {
    func loaded(_ fixture: ReferenceFixture, _ prefix: String) throws -> CRF {
        let k = try fixture.values("\(prefix).start").count
        let crf = CRF(tags: k).to(.float64)
        try crf.loadStateDict([
            "transitions": fixture.tensor("\(prefix).transitions", dtype: .float64),
            "startTransitions": fixture.tensor("\(prefix).start", dtype: .float64),
            "endTransitions": fixture.tensor("\(prefix).end", dtype: .float64),
        ])
        return crf
    }

    @Test func likelihoodAndGradientsEqualPytorchCRF() throws {
        let f = try p07Fixture()
        let crf = try loaded(f, "crf")
        let emissions = try f.tensor("crf.emissions", dtype: .float64)
        emissions.requiresGrad = true
        let lengths = try f.values("crf.lengths").map { Int($0) }
        let tags = (0..<4).map { tagRow(try! f.values("crf.tags"), batch: $0, time: 7, length: 7) }
        try checkClose(crf.logPartition(emissions, lengths: lengths).doubles, f.values("crf.logZ"), rtol: 1e-10, atol: 1e-10, "log Z")
        try checkClose(crf.pathScore(emissions, tags: tags, lengths: lengths).doubles, f.values("crf.score"), rtol: 1e-10, atol: 1e-10, "score")
        let nll = crf.negativeLogLikelihood(emissions, tags: tags, lengths: lengths)
        try checkClose(nll.doubles.map { -$0 }, f.values("crf.llh"), rtol: 1e-10, atol: 1e-10, "log-likelihood")
        (-nll.sum()).backward()  // the gradient of the summed log-likelihood, as the fixture
        try checkClose(emissions.grad!.doubles, f.values("crf.grad.emissions"), rtol: 1e-8, atol: 1e-10, "∂/∂emissions")
        try checkClose(crf.transitions.grad!.doubles, f.values("crf.grad.transitions"), rtol: 1e-8, atol: 1e-10, "∂/∂transitions")
        try checkClose(crf.startTransitions.grad!.doubles, f.values("crf.grad.start"), rtol: 1e-8, atol: 1e-10, "∂/∂start")
        try checkClose(crf.endTransitions.grad!.doubles, f.values("crf.grad.end"), rtol: 1e-8, atol: 1e-10, "∂/∂end")
    }

    @Test func viterbiEqualsPytorchCRF() throws {
        let f = try p07Fixture()
        let crf = try loaded(f, "crf")
        let lengths = try f.values("crf.lengths").map { Int($0) }
        let paths = crf.decode(try f.tensor("crf.emissions", dtype: .float64), lengths: lengths)
        let expected = try f.values("crf.viterbi")
        for (b, length) in lengths.enumerated() { #expect(paths[b] == tagRow(expected, batch: b, time: 7, length: length)) }
    }

    @Test func constraintsKeepDecodedPathsInBIO() throws {
        let f = try p07Fixture()
        let crf = try loaded(f, "bio")
        let emissions = try f.tensor("bio.emissions", dtype: .float64)
        let lengths = try f.values("bio.lengths").map { Int($0) }
        let allowed = try f.values("bio.allowed.transitions").map { $0 != 0 }
        let rules = TransitionConstraints(
            start: try f.values("bio.allowed.start").map { $0 != 0 },
            transitions: (0..<7).map { Array(allowed[$0 * 7..<($0 + 1) * 7]) })
        let free = crf.decode(emissions, lengths: lengths), constrained = crf.decode(emissions, lengths: lengths, constraints: rules)
        for (b, length) in lengths.enumerated() {
            #expect(free[b] == tagRow(try f.values("bio.viterbi.free"), batch: b, time: 8, length: length))
            #expect(constrained[b] == tagRow(try f.values("bio.viterbi.constrained"), batch: b, time: 8, length: length))
        }
        #expect(free != constrained)
    }

    @Test func gradientOfLogZIsTheMarginalsSoEachPositionSumsToOne() throws {
        Random.seed(3)
        let crf = CRF(tags: 4)
        let emissions = Tensor.randn([2, 5, 4], requiresGrad: true)
        crf.logPartition(emissions, lengths: [5, 2]).sum().backward()
        let g = emissions.grad!.doubles
        for b in 0..<2 {
            for t in 0..<5 {
                let sum = g[(b * 5 + t) * 4..<(b * 5 + t + 1) * 4].reduce(0, +)
                #expect(abs(sum - (b == 1 && t >= 2 ? 0 : 1)) < 1e-5, "sequence \(b), position \(t): marginals sum to \(sum)")
            }
        }
    }
}
