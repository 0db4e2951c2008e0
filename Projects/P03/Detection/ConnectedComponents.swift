/// The 8-connected regions of `true` pixels in a `height`×`width` mask, each as the list of its
/// pixels' (x, y), in the order their first pixel appears in a row-major scan.
///
/// OpenCV's `findContours` traces the same regions' outer borders; for a minimum-area rectangle
/// the border and the whole region give the same answer (both have the same convex hull).
func connectedComponents(_ mask: [Bool], width: Int, height: Int) -> [[(x: Int, y: Int)]] {
    precondition(mask.count == width * height, "connectedComponents: \(mask.count) pixels for \(width)×\(height)")
    var seen = [Bool](repeating: false, count: mask.count)
    var components: [[(x: Int, y: Int)]] = []
    for start in mask.indices where mask[start] && !seen[start] {
        var region: [(x: Int, y: Int)] = [], stack = [start]
        seen[start] = true
        while let i = stack.popLast() {
            let (x, y) = (i % width, i / width)
            region.append((x, y))
            for dy in -1...1 {
                for dx in -1...1 where dx != 0 || dy != 0 {
                    let (nx, ny) = (x + dx, y + dy)
                    guard nx >= 0, nx < width, ny >= 0, ny < height else { continue }
                    let j = ny * width + nx
                    if mask[j] && !seen[j] { seen[j] = true; stack.append(j) }
                }
            }
        }
        components.append(region)
    }
    return components
}
