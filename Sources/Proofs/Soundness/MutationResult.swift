// What mutation testing found: one result per mutant, counts per file.
import Symbolic

/// What became of one mutant.
public enum MutantStatus: String, Sendable, Hashable, CaseIterable {
    /// The mutated expression has the same rational normal form as the original: not wrong.
    case equivalentByNormalForm = "equivalent-normal-form"
    /// The checker proved every affected step of the mutant symbolically (or exactly), with
    /// the numbers agreeing: the mutant is a true statement, not a wrong one.
    case equivalentByProof = "equivalent-proved"
    /// An inequality made weaker: the mutant follows from the original step and a
    /// symbolically proved comparison of the changed side with the original side
    /// (`a <= b` and `b <= b'` give `a <= b'`). True, so not counted as wrong.
    case impliedByOriginal = "implied"
    /// The mutated file does not pass the parser or the sort checker (e.g. reversing one
    /// inequality of a chain makes its relations fail to compose).
    case rejected
    /// The checker refuted an affected step.
    case refuted
    /// The checker could not decide an affected step, or reported an error on it.
    case undecided
    /// The checker reported `checker-inconsistency`: a symbolic proof the numbers contradict
    /// (a checker bug, but the mutant was not accepted).
    case inconsistent
    /// Every affected step was accepted, on numeric or sampled evidence (or under an assumed
    /// side condition): the checker was possibly fooled.
    case survived
    /// The mutated text does not parse back to the mutated tree (a printing problem); not
    /// counted.
    case unprintable

    /// Whether the checker refused the mutant.
    public var isKilled: Bool {
        switch self {
        case .rejected, .refuted, .undecided, .inconsistent: return true
        case .equivalentByNormalForm, .equivalentByProof, .impliedByOriginal, .survived, .unprintable: return false
        }
    }

    /// Whether the mutant was shown not to be wrong: equivalent to the original, proved, or
    /// implied by the original step.
    public var isEquivalent: Bool {
        switch self {
        case .equivalentByNormalForm, .equivalentByProof, .impliedByOriginal: return true
        case .rejected, .refuted, .undecided, .inconsistent, .survived, .unprintable: return false
        }
    }
}

/// The outcome of one mutant.
public struct MutantResult: Sendable {
    /// The change.
    public var mutation: Mutation
    /// The derivation or claim it is in.
    public var chain: String
    /// The step (1-based) the mutation belongs to.
    public var step: Int
    /// Where the changed text starts (1-based line and UTF-8 column).
    public var location: SourceLocation
    /// What became of it.
    public var status: MutantStatus
    /// The verdicts of the affected steps (every family member), when they were checked.
    public var verdicts: [Verdict]
    /// Why: the deciding verdict with its evidence, or the diagnostic that killed it.
    public var explanation: String
    /// Wall-clock time to decide this mutant (not part of the deterministic output).
    public var elapsed: Duration
}

/// A step that was not mutated, and why.
public struct SkippedStep: Sendable, Hashable {
    /// The derivation or claim.
    public var chain: String
    /// The step (1-based).
    public var step: Int
    /// Where the step is.
    public var location: SourceLocation
    /// Why it was skipped (it does not hold in the original, or it is admitted).
    public var reason: String
}

/// Counts of mutants by outcome.
public struct MutationCounts: Sendable, Hashable {
    /// Mutants generated and tried (after the per-step cap), unprintable ones included.
    public var generated = 0
    /// Shown not to be wrong (same normal form, proved, or implied by the original step);
    /// excluded from the rate.
    public var equivalent = 0
    /// Of the equivalent: weakened inequalities implied by the original step.
    public var implied = 0
    /// Refused by the checker (refuted + undecided + rejected + inconsistent).
    public var killed = 0
    /// Of the killed: refuted with a counterexample or a residual.
    public var refuted = 0
    /// Of the killed: undecided or stopped by an error.
    public var undecided = 0
    /// Of the killed: rejected by the parser or sort checker.
    public var rejected = 0
    /// Of the killed: a checker inconsistency was reported.
    public var inconsistent = 0
    /// Accepted although not shown equivalent.
    public var survived = 0
    /// Not counted: the mutated text did not parse back to the mutated tree.
    public var unprintable = 0

    /// No mutants.
    public init() {}

    /// Counts the results.
    public init<S: Sequence>(_ results: S) where S.Element == MutantResult {
        for r in results { add(r.status) }
    }

    /// Adds one outcome.
    public mutating func add(_ status: MutantStatus) {
        generated += 1
        switch status {
        case .equivalentByNormalForm, .equivalentByProof: equivalent += 1
        case .impliedByOriginal: equivalent += 1; implied += 1
        case .rejected: killed += 1; rejected += 1
        case .refuted: killed += 1; refuted += 1
        case .undecided: killed += 1; undecided += 1
        case .inconsistent: killed += 1; inconsistent += 1
        case .survived: survived += 1
        case .unprintable: unprintable += 1
        }
    }

    /// Mutants that are neither equivalent nor unprintable: killed + survived.
    public var nonEquivalent: Int { killed + survived }

    /// killed / (killed + survived); `nil` when there is no non-equivalent mutant.
    public var killRate: Double? {
        nonEquivalent == 0 ? nil : Double(killed) / Double(nonEquivalent)
    }

    /// The sum of two counts.
    public static func + (a: MutationCounts, b: MutationCounts) -> MutationCounts {
        var out = a
        out.generated += b.generated
        out.equivalent += b.equivalent
        out.implied += b.implied
        out.killed += b.killed
        out.refuted += b.refuted
        out.undecided += b.undecided
        out.rejected += b.rejected
        out.inconsistent += b.inconsistent
        out.survived += b.survived
        out.unprintable += b.unprintable
        return out
    }
}

/// The mutation run of one file.
public struct FileMutationResult: Sendable {
    /// The file's name as given.
    public var name: String
    /// Parse and sort errors of the original file (nothing is mutated then).
    public var inputDiagnostics: [Diagnostic]
    /// Steps that were mutated.
    public var mutatedSteps = 0
    /// Steps that were not mutated, and why.
    public var skippedSteps: [SkippedStep] = []
    /// Every mutant tried, in file order.
    public var mutants: [MutantResult] = []
    /// Wall-clock time of the run (not part of the deterministic output).
    public var elapsed: Duration = .zero

    /// The counts over ``mutants``.
    public var counts: MutationCounts { MutationCounts(mutants) }

    /// The mutants that survived.
    public var survivors: [MutantResult] { mutants.filter { $0.status == .survived } }
}
