/// What can go wrong converting, calibrating, saving or loading a quantized model.
public enum QuantizationError: Error, Equatable, CustomStringConvertible {
    /// A layer the int8 path has no kernel for.
    case unsupportedModule(String)
    /// Calibration needs at least one example.
    case noCalibrationData
    /// An input whose shape the model cannot take.
    case badInput(String)
    /// A model file that cannot be read or is not a quantized model.
    case unreadableModel(path: String, reason: String)

    public var description: String {
        switch self {
        case .unsupportedModule(let what): return "quantization: no int8 kernel for \(what)"
        case .noCalibrationData: return "quantization: calibration needs at least one example"
        case .badInput(let why): return "quantization: bad input: \(why)"
        case .unreadableModel(let path, let reason): return "quantization: cannot read model \(path): \(reason)"
        }
    }
}
