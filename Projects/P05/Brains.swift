import DeepLearning
import Foundation

/// One brain: its T1-weighted image and its label volume on the same grid.
struct Subject {
    let name: String
    var image: Volume
    var label: Volume
}

/// The two brains of the project, from two scanners, people and pipelines, both in
/// MNI space at 1 mm: train on one, test on the other.
///
/// - Colin27 (`ch2`, Holmes et al. 1998): one man scanned 27 times, averaged, with skull;
///   Debian `mricron-data`. Brain label: `ch2bet` > 0 (the same image after FSL BET
///   brain extraction, shipped beside it: a voxel is brain where BET kept it).
/// - MNI152 2009a (Fonov et al. 2011): the non-linear average of 152 adults, skull already
///   removed; nilearn 0.14.1's wheel. Brain label: T1 > 0 (the template is zero outside
///   the brain mask it was cut with).
enum Brains {
    static let templates = URL(fileURLWithPath: "/usr/share/mricron/templates")
    static let mniFiles = ["t1", "gm", "wm"].map { "mni_icbm152_\($0)_tal_nlin_sym_09a_converted.nii.gz" }
    static let licence =
        "Colin27 from Debian mricron-data (BSD-3-Clause, MRIcron); MNI152 2009a from nilearn 0.14.1 "
        + "(ICBM 2009a licence: free use with acknowledgement, see Docs/Data.md)"

    static func colin(templates: URL = templates) throws -> Subject {
        let image = try readVolume(templates.appendingPathComponent("ch2.nii.gz"), fix: "scripts/install-deps.sh p05")
        let bet = try readVolume(templates.appendingPathComponent("ch2bet.nii.gz"), fix: "scripts/install-deps.sh p05")
        guard bet.shape == image.shape else { throw P05Error.badInput("ch2bet \(bet.shape) is not on ch2's grid \(image.shape)") }
        return Subject(name: "Colin27", image: image, label: bet.mapped { $0 > 0 ? 1 : 0 })
    }

    static func mni(folder: URL) throws -> Subject {
        let image = try readVolume(folder.appendingPathComponent(mniFiles[0]), fix: "swift run P05 prepare")
        return Subject(name: "MNI152", image: image, label: image.mapped { $0 > 0 ? 1 : 0 })
    }

    static func readVolume(_ url: URL, fix: String) throws -> Volume {
        guard FileManager.default.fileExists(atPath: url.path) else { throw P05Error.missing(url.path, fix: fix) }
        return try Volume.read(url)
    }
}

/// The fixed part of the pipeline, MONAI's `Compose([LoadImaged, Orientationd("RAS"),
/// Spacingd(2 mm, bilinear/nearest), ScaleIntensityRangePercentilesd(0.5, 99.5 → 0...1, clip)])`,
/// applied to image and label alike where it moves voxels.
struct Preprocessing {
    var spacing = 2.0

    func callAsFunction(_ subject: Subject) throws -> Subject {
        let image = try subject.image.orientedRAS().resampled(spacing: [spacing, spacing, spacing], .trilinear)
        let label = try subject.label.orientedRAS().resampled(spacing: [spacing, spacing, spacing], .nearest)
        return Subject(name: subject.name, image: Preprocessing.scaledPercentiles(image), label: label)
    }

    /// Intensities mapped linearly so that the 0.5th percentile goes to 0 and the 99.5th to 1, then clipped.
    static func scaledPercentiles(_ v: Volume, lower: Double = 0.5, upper: Double = 99.5) -> Volume {
        let sorted = v.data.sorted()
        func percentile(_ q: Double) -> Float {
            let position = q / 100 * Double(sorted.count - 1)
            let (i, f) = (Int(position), Float(position - position.rounded(.down)))
            return sorted[i] + (sorted[min(i + 1, sorted.count - 1)] - sorted[i]) * f
        }
        let (a, b) = (percentile(lower), percentile(upper))
        let scale = b > a ? 1 / (b - a) : 1
        return v.mapped { min(max(($0 - a) * scale, 0), 1) }
    }
}
