import DeepLearning
import Distributed
import Foundation

/// `ddp fail --mode exit|hang --checkpoint FILE`: rank 1 stops after two steps, by exiting
/// or by hanging; the other ranks must stop with a clear error, and the checkpoint written
/// after step 1 must stay intact.
enum Fail {
    static func run(_ group: ProcessGroup, mode: String, checkpoint: URL) throws {
        group.timeout = 5
        Random.seed(3)
        let model = CheckModels.MLP(dtype: .float32)
        let optimizer = SGD(model.parameters(), lr: 0.1)
        let ddp = try DistributedDataParallel(model, group: group)
        for step in 0..<4 {
            if step == 2 && group.rank == 1 {
                FileHandle.standardError.write("rank 1: stopping on purpose (\(mode))\n".data(using: .utf8)!)
                if mode == "exit" { exit(3) }
                while true { sleep(60) }
            }
            let (x, y) = (Tensor.randn([4, 8]), Tensor.randint(0, 3, [4]))
            optimizer.zeroGrad()
            try ddp.backward { crossEntropy(model(x), y) }
            optimizer.step()
            try group.saveCheckpoint(model: model, optimizer: optimizer, metadata: ["step": "\(step)"], to: checkpoint)
        }
    }
}
