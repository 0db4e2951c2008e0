/// Shape and argument checks that always print their message.
///
/// The library is compiled with `-O` even in debug builds, and in `-O` builds the
/// standard library's `precondition` stops the program *without* printing its
/// message. A shape error would then show only "Illegal instruction". This
/// package-level function shadows the standard one in every module of this package
/// that imports `Tensors` (NN, Datasets, Vision, lessons ...), and in no package that
/// depends on this one, so `precondition(a == b, "matmul: ...")` keeps its usual spelling, still stops
/// the program, and always prints "Fatal error: matmul: ..." on standard error.
@inline(__always)
package func precondition(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = String(),
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() { stop(message(), file: file, line: line) }
}

/// The failing branch, kept out of line so the check stays cheap in hot loops.
@inline(never)
package func stop(_ message: String, file: StaticString, line: UInt) -> Never {
    fatalError(message, file: file, line: line)
}
