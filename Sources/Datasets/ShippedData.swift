import Foundation

/// Files shipped with the library under Sources/Datasets/Resources.
enum ShippedData {
    static func path(_ name: String) throws -> String {
        guard let root = Bundle.module.resourceURL?.appendingPathComponent("Resources") else {
            throw DatasetError.fileNotFound(path: "Datasets resource bundle (Resources/\(name))")
        }
        let path = root.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else { throw DatasetError.fileNotFound(path: path) }
        return path
    }
}
