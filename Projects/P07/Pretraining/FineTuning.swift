import DeepLearning

/// BERT's schedule: the learning rate rises linearly over the first `warmup` share of the
/// steps, then falls linearly to zero at `steps`.
func warmupThenLinearDecay(_ optimizer: Optimizer, steps: Int, warmup: Double) -> LambdaLR {
    let warm = max(1, Int(Double(steps) * warmup))
    return LambdaLR(optimizer) { step in step < warm ? Double(step + 1) / Double(warm) : max(0, Double(steps - step) / Double(steps - warm)) }
}

/// One epoch of fine-tuning: for each batch (indices into the training examples) the loss,
/// its gradients clipped to norm 1, an optimizer step and a schedule step. Returns the mean
/// loss; `bar` shows the running mean and is left for the caller to finish with its dev score.
func fineTuningEpoch(
    _ batches: [[Int]], parameters: [Tensor], optimizer: Optimizer, schedule: LRScheduler, bar: ProgressBar,
    loss: ([Int]) -> Tensor
) -> Double {
    var total = 0.0
    for (b, batch) in batches.enumerated() {
        optimizer.zeroGrad()
        let value = loss(batch)
        value.backward()
        clipGradNorm(parameters, maxNorm: 1)
        optimizer.step()
        schedule.step()
        total += value.item
        bar.update(b + 1, values: [("loss", total / Double(b + 1))])
    }
    return total / Double(batches.count)
}
