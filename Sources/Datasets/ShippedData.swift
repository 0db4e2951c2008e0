import FileIO
import Foundation

/// Files shipped with the library under Sources/Datasets/Resources.
enum ShippedData {
    /// The path of a shipped file or folder. SwiftPM copies the Resources folder
    /// into the target's resource bundle; depending on the platform, Foundation
    /// reports that folder itself or the bundle above it as the resource folder.
    static func path(_ name: String) throws -> String {
        let bundle = Bundle.module
        let roots = [
            bundle.resourceURL, bundle.resourceURL?.appendingPathComponent("Resources"),
            bundle.bundleURL.appendingPathComponent("Resources"), bundle.bundleURL,
        ].compactMap { $0 }
        for root in roots {
            let path = root.appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        throw DatasetError.fileNotFound(path: "Resources/\(name) in \(bundle.bundlePath)")
    }
}
