import DeepLearning
import Foundation

/// P06-E06 · One step of attention with a key/value cache. Docs/P06.md#p06-e06
///
/// Decoding one token at a time, the new position's key and value are appended to the
/// cache, and its query attends over every cached position (all of them are earlier or
/// equal, so no mask is needed): softmax(q·kⱼ / √d) over j, then the weighted sum of the
/// values. Append `key` and `value` to `cache`, and return the attention output.
public func attendWithCache(
    query: [Double], key: [Double], value: [Double],
    cache: inout (keys: [[Double]], values: [[Double]])
) throws -> [Double] {
    precondition(query.count == key.count, "attendWithCache: query and key must have the same size")
    // BEGIN SOLUTION
    cache.keys.append(key)
    cache.values.append(value)
    let scale = 1 / Double(query.count).squareRoot()
    let scores = cache.keys.map { k in zip(query, k).reduce(0) { $0 + $1.0 * $1.1 } * scale }
    let largest = scores.max()!
    let weights = scores.map { exp($0 - largest) }
    let total = weights.reduce(0, +)
    var output = [Double](repeating: 0, count: value.count)
    for (w, v) in zip(weights, cache.values) { for i in output.indices { output[i] += w / total * v[i] } }
    return output
    // END SOLUTION
}
