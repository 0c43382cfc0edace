// Proofs: derivations, the `.drv` language, the step checker and reports.
// A library: no printing, no file I/O beyond what callers hand in.
import Symbolic

/// The version of the checker, part of every report and cache key.
public enum StepwiseVersion {
    /// Semantic version of the checker.
    public static let string = "0.1.0"
}
