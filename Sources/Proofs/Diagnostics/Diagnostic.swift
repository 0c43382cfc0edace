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
    case invalidInstance = "invalid-instance"
    case limitExceeded = "limit-exceeded"
    case parseError = "parse-error"
    case shapeMismatch = "shape-mismatch"
    case sideConditionAssumed = "side-condition-assumed"
    case stepRefuted = "step-refuted"
    case stepUnknown = "step-unknown"
    case undeclaredName = "undeclared-name"
    case undefinedExpression = "undefined-expression"
    case unknownHint = "unknown-hint"
    case unknownOnly = "unknown-only"
    case unsupported = "unsupported"
}
