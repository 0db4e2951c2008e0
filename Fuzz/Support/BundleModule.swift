import Foundation

// SwiftPM generates `Bundle.module` for targets with resources; the fuzz build compiles
// the sources directly, so it supplies one. The harnesses never read shipped resources.
extension Foundation.Bundle {
    static let module = Bundle.main
}
