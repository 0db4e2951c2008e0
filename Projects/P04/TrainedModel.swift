import DeepLearning
import Foundation

/// A model written by `train` (`model.safetensors` or an epoch checkpoint): the network and the size it was trained at.
struct TrainedModel {
    let model: SegmentationModel
    let kind: ModelKind
    let height: Int, width: Int

    static func load(_ url: URL) throws -> TrainedModel {
        guard FileManager.default.fileExists(atPath: url.path) else { throw P04Error.missing(url.path, fix: "swift run P04 train") }
        var (tensors, metadata) = try SafeTensors.readWithMetadata(from: url)
        // An epoch checkpoint (epoch-N.safetensors) holds the model under "model." and the settings as JSON.
        if metadata["model"] == nil, let json = metadata["settings"],
            let settings = try? JSONDecoder().decode(TrainingSettings.self, from: Data(json.utf8))
        {
            metadata = ["model": settings.model.rawValue, "height": "\(settings.height)", "width": "\(settings.width)"]
            tensors = Dictionary(uniqueKeysWithValues: tensors.filter { $0.key.hasPrefix("model.") }.map { (String($0.key.dropFirst(6)), $0.value) })
        }
        guard let kind = metadata["model"].flatMap(ModelKind.init(rawValue:)), let height = metadata["height"].flatMap(Int.init),
            let width = metadata["width"].flatMap(Int.init)
        else {
            throw P04Error.badInput("\(url.path) is not a model written by `P04 train` (no model, height and width in its metadata)")
        }
        let model = try makeModel(kind, weights: nil)
        do { try model.loadStateDict(tensors) } catch { throw P04Error.badInput("\(url.path) does not fit \(kind.rawValue): \(error)") }
        model.eval()
        return TrainedModel(model: model, kind: kind, height: height, width: width)
    }
}
