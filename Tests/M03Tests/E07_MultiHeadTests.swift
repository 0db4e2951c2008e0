import DeepLearning
import Testing
import Workbook
@testable import M03

@Suite struct M03_E07 {
    @Test func splitAndMergeAreInverses() throws {
        let f = try fixture("multi_head")
        let x = try f.tensor("x")
        let split = try splitIntoHeads(x, heads: 2)
        try checkClose(split, try f.tensor("split"), "split heads")
        try checkClose(try mergeHeads(fromHeads: split), x, "merge(split(x))")
    }

    @Test func matchesTorchMultiheadAttention() throws {
        let f = try fixture("multi_head")
        let (output, weights) = try multiHeadSelfAttention(try f.tensor("x"), heads: 2, inWeight: try f.tensor("inWeight"), inBias: try f.tensor("inBias"),
                                                           outWeight: try f.tensor("outWeight"), outBias: try f.tensor("outBias"), allowed: try f.tensor("allowed"))
        try checkClose(output, try f.tensor("output"), "output")
        try checkClose(weights, try f.tensor("weights"), "weights averaged over heads")
    }
}
