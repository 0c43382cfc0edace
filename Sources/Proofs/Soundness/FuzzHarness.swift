// Running one input through the whole pipeline and checking the robustness invariants.
//
// Implementation notes
// --------------------
// An input goes through what `verify` does: the front end (UTF-8 and size checks, parser,
// sort checker) and, when that reports no error, the checker. The harness then checks the
// invariants that must hold for *every* input: every diagnostic and note is located inside
// the file (a range within 0...byte count), errors without a location are only the
// whole-file ones (`file-too-large`, `nothing-to-check`, `too-many-errors`, `unknown-only`),
// every step result is located inside the file, and the input was handled within the time
// bound. A crash cannot be caught in-process; the campaign driver regenerates the input
// from its index instead. Determinism is checked by the caller running an input twice and
// comparing `rendered`, which holds the rendered diagnostics and report.

import Symbolic

/// A violated robustness invariant.
public struct FuzzFinding: Sendable, Hashable, CustomStringConvertible {
    /// What was violated.
    public enum Kind: String, Sendable, Hashable {
        /// An error without a location that is not about the whole file.
        case unlocatedError = "unlocated-error"
        /// A diagnostic, note or step range outside the file.
        case rangeOutsideFile = "range-outside-file"
        /// The input took longer than the time bound.
        case slow
        /// Two runs of the same input gave different output.
        case nondeterministic
    }

    /// What was violated.
    public var kind: Kind
    /// Details.
    public var detail: String

    /// Creates a finding.
    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// `slow: 12.3 s`.
    public var description: String { "\(kind.rawValue): \(detail)" }
}

/// What happened to one input.
public struct FuzzOutcome: Sendable {
    /// The rendered diagnostics and report (deterministic for a given input and options).
    public var rendered: String
    /// Violated invariants (empty when the input was handled correctly).
    public var findings: [FuzzFinding]
    /// Whether the input reached the checker (no parse or sort error).
    public var reachedChecker: Bool
    /// Whether every checked step held (a fuzzed file that still verifies).
    public var holds: Bool
    /// Wall-clock time (not part of `rendered`).
    public var elapsed: Duration
}

/// Runs inputs through the front end and the checker and checks the invariants.
public struct FuzzHarness: Sendable {
    /// Options of the checker (smaller than the defaults by default, to keep inputs fast).
    public var checkOptions: CheckOptions
    /// Options of the parser.
    public var parseOptions = DrvParser.Options.default
    /// Whether inputs that pass the front end are also checked (off: only the parser and
    /// the sort checker run, for campaigns of millions of inputs).
    public var runsChecker = true
    /// An input taking longer than this is a `slow` finding.
    public var timeBound: Duration = .seconds(10)

    /// Diagnostics that are about the whole file and so have no location.
    public static let wholeFileDiagnostics: Set<DiagnosticID> = [.fileTooLarge, .nothingToCheck, .tooManyErrors, .unknownOnly]

    /// Creates a harness; the checker evaluates fewer points than by default.
    public init() {
        var options = CheckOptions()
        options.numericPoints = 6
        options.monteCarloSamples = 500
        checkOptions = options
    }

    /// The robustness profile for campaigns of millions of inputs through the whole checker:
    /// 2 numeric points, 32 Monte Carlo samples, 2,000 evaluations per quadrature (200,000 per
    /// step and instance in all), and tight limits (terms, exponents, integer
    /// sizes, rewrite steps, orders), so an input that reaches the checker costs about a
    /// millisecond instead of tens. It is a robustness test, not a verdict test: verdicts
    /// under it mean little, but every code path, every limit's diagnostic and every
    /// location is exercised the same way (and tight limits are hit far more often).
    public static func fast() -> FuzzHarness {
        var h = FuzzHarness()
        h.checkOptions.numericPoints = 2
        h.checkOptions.monteCarloSamples = 32
        h.checkOptions.quadratureEvaluations = 2_000
        h.checkOptions.quadratureTotalEvaluations = 200_000
        var limits = Limits()
        limits.maxTerms = 20_000
        limits.maxExponent = 200
        limits.maxIntegerBits = 20_000
        limits.maxRewriteSteps = 500
        limits.maxOrder = 8
        h.checkOptions.limits = limits
        return h
    }

    /// Runs one input.
    public func run(_ bytes: [UInt8], name: String = "fuzz.drv") -> FuzzOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        let front = FrontEnd.analyze(bytes: bytes, name: name, options: parseOptions)
        var diagnostics = front.diagnostics
        var rendered = ""
        var reached = false
        var holds = false
        var steps: [StepResult] = []
        if !front.hasErrors {
            reached = true
        }
        if !front.hasErrors && runsChecker {
            let result = DerivationChecker(options: checkOptions).check(front.file, inputDiagnostics: front.diagnostics)
            diagnostics = result.diagnostics
            steps = result.chains.flatMap(\.steps)
            holds = result.holds
            rendered += TextReport().render(result)
        }
        let renderer = DiagnosticRenderer(file: front.file, options: DiagnosticRenderer.Options(showsIDs: true))
        rendered += renderer.render(diagnostics)
        let elapsed = clock.now - started
        var findings = Self.invariantViolations(diagnostics: diagnostics, steps: steps, byteCount: bytes.count)
        if elapsed > timeBound {
            findings.append(FuzzFinding(.slow, "\(elapsed) > \(timeBound)"))
        }
        return FuzzOutcome(rendered: rendered, findings: findings, reachedChecker: reached, holds: holds, elapsed: elapsed)
    }

    /// The location invariants: ranges inside the file; only whole-file errors unlocated.
    public static func invariantViolations(diagnostics: [Diagnostic], steps: [StepResult] = [],
                                           byteCount: Int) -> [FuzzFinding] {
        var out: [FuzzFinding] = []
        func inside(_ r: SourceRange) -> Bool { r.lowerBound >= 0 && r.lowerBound <= r.upperBound && r.upperBound <= byteCount }
        for d in diagnostics {
            if let r = d.range {
                if !inside(r) { out.append(FuzzFinding(.rangeOutsideFile, "\(d.id.rawValue) at \(r) in \(byteCount) bytes")) }
            } else if d.severity == .error && !wholeFileDiagnostics.contains(d.id) {
                out.append(FuzzFinding(.unlocatedError, "\(d.id.rawValue): \(d.message)"))
            }
            for n in d.notes {
                if let r = n.range, !inside(r) {
                    out.append(FuzzFinding(.rangeOutsideFile, "note of \(d.id.rawValue) at \(r) in \(byteCount) bytes"))
                }
            }
        }
        for s in steps where !inside(s.range) {
            out.append(FuzzFinding(.rangeOutsideFile, "step \(s.index) at \(s.range) in \(byteCount) bytes"))
        }
        return out
    }
}
