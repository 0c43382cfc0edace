// Typed diagnostics with source ranges.
import Symbolic

/// How serious a diagnostic is.
public enum Severity: String, Sendable, Hashable, CaseIterable {
    case error
    case warning
    case note
}

/// A located message about a `.drv` file, like a compiler's.
///
/// Rendered as `file:line:col: error: message` followed by its notes; line and column are
/// computed late from the byte range (1-based, columns in UTF-8 bytes, like swiftc).
public struct Diagnostic: Sendable, Hashable {
    /// Error, warning or note.
    public var severity: Severity
    /// A stable identifier tests and tools can match.
    public var id: DiagnosticID
    /// The message: lowercase, no trailing period.
    public var message: String
    /// Where it applies; `nil` for the whole file.
    public var range: SourceRange?
    /// Follow-up notes (residuals, counterexamples, suggestions).
    public var notes: [Note]

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ id: DiagnosticID, _ message: String, at range: SourceRange?, notes: [Note] = []) {
        self.severity = severity
        self.id = id
        self.message = message
        self.range = range
        self.notes = notes
    }
}

/// A note attached to a diagnostic.
public struct Note: Sendable, Hashable {
    /// The text.
    public var message: String
    /// Where it points; `nil` to reuse the diagnostic's location.
    public var range: SourceRange?

    /// Creates a note.
    public init(_ message: String, at range: SourceRange? = nil) {
        self.message = message
        self.range = range
    }
}

/// Stable identifiers of diagnostics (kebab-case raw values), sorted alphabetically.
public enum DiagnosticID: String, Sendable, Hashable, CaseIterable {
    case admittedStep = "admitted-step"
    case arityMismatch = "arity-mismatch"
    case checkerInconsistency = "checker-inconsistency"
    case chainRelationMismatch = "chain-relation-mismatch"
    case densityUsedAsNumber = "density-used-as-number"
    case duplicateDeclaration = "duplicate-declaration"
    case duplicateName = "duplicate-name"
    case emptyChain = "empty-chain"
    case evaluationFailure = "evaluation-failure"
    case fileTooLarge = "file-too-large"
    case invalidEncoding = "invalid-encoding"
    /// A hint argument that is missing, malformed or not allowed (`substitute` needs `NAME = expr`).
    case invalidHintArgument = "invalid-hint-argument"
    case invalidInstance = "invalid-instance"
    /// An order term `+ O(…) as h -> a` that is misplaced or on a step that is not an equality.
    case invalidOrderTerm = "invalid-order-term"
    case limitExceeded = "limit-exceeded"
    /// A file with no `derive` or `claim`: nothing to check.
    case nothingToCheck = "nothing-to-check"
    case parseError = "parse-error"
    /// A declaration of a keyword, built-in function or reserved name (`log`, `T`, `O`).
    case reservedName = "reserved-name"
    /// A claim about matrices or vectors of symbolic size, checked at a few sampled sizes (note).
    case sampledSizes = "sampled-sizes"
    case shapeMismatch = "shape-mismatch"
    case sideConditionAssumed = "side-condition-assumed"
    /// A name used as the wrong sort: a function without arguments, a scalar called like a function.
    case sortMismatch = "sort-mismatch"
    case stepRefuted = "step-refuted"
    case stepUnknown = "step-unknown"
    /// The error limit was reached; later errors are not reported.
    case tooManyErrors = "too-many-errors"
    /// An instance that binds no distribution for a declared density (warning).
    case unboundDensity = "unbound-density"
    case undeclaredName = "undeclared-name"
    case undefinedExpression = "undefined-expression"
    /// An instance names a distribution family that does not exist.
    case unknownDistribution = "unknown-distribution"
    case unknownHint = "unknown-hint"
    case unknownOnly = "unknown-only"
    /// A declaration lists a property its sort does not have (`convx`).
    case unknownProperty = "unknown-property"
    /// A top-level line that starts with no known keyword.
    case unknownStatement = "unknown-statement"
    case unsupported = "unsupported"
    /// A declared or defined name that is never used (warning).
    case unusedDeclaration = "unused-declaration"
}
