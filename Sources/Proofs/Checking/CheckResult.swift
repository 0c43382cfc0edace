// Results of checking a file: per chain, per step.
import Symbolic

/// The result of checking one step.
public struct StepResult: Sendable {
    /// 1-based position in the chain.
    public var index: Int
    /// The relation to the previous expression.
    public var relation: Relation
    /// The previous expression (as written, with family values substituted).
    public var lhs: Expr
    /// The step's expression (as written, with family values substituted).
    public var rhs: Expr
    /// The order term, if any (`O(h^2) as h -> 0`).
    public var orderTerm: String?
    /// The hints as written.
    public var hints: [String]
    /// Where the step is.
    public var range: SourceRange
    /// The verdict.
    public var verdict: Verdict
    /// What supports it.
    public var evidence: Evidence
    /// Per-instance results: (instance name, verdict, summary).
    public var instances: [InstanceCheck] = []
}

/// The numeric check of one step on one instance.
public struct InstanceCheck: Sendable, Hashable {
    /// The instance's name.
    public var instance: String
    /// `.numeric` (agreed), `.refuted`, or `.unknown` (could not evaluate).
    public var verdict: Verdict
    /// A one-line summary with the values.
    public var summary: String
}

/// The result of checking one chain (one member of a family).
public struct ChainResult: Sendable {
    /// The chain's name.
    public var name: String
    /// Whether it was a claim.
    public var isClaim: Bool
    /// The family assignment, e.g. `n = 3` (empty outside families).
    public var familyAssignment: [(Symbol, Int)]
    /// Where the chain is.
    public var range: SourceRange
    /// The starting expression.
    public var start: Expr
    /// The steps.
    public var steps: [StepResult]
    /// The composed relation of the chain, `nil` if the relations do not compose.
    public var composedRelation: Relation?

    /// The weakest verdict of the steps (refuted < unknown < admitted < … < proved).
    public var verdict: Verdict { steps.map(\.verdict).max() ?? .proved }

    /// Whether every step held.
    public var holds: Bool { steps.allSatisfy { $0.verdict.holds } }

    /// `n = 3, k = 1`, or empty.
    public var familyText: String {
        familyAssignment.map { "\($0.0.name) = \($0.1)" }.joined(separator: ", ")
    }
}

/// The result of checking a file.
public struct FileCheckResult: Sendable {
    /// The parsed file.
    public var file: DerivationFile
    /// The chains, in file order (families expanded).
    public var chains: [ChainResult]
    /// Every diagnostic, in source order.
    public var diagnostics: [Diagnostic]
    /// The seed used.
    public var seed: UInt64

    /// Whether the file had parse or sort errors (nothing was checked, or only part).
    public var hasInputErrors: Bool {
        diagnostics.contains { d in
            d.severity == .error && [.parseError, .undeclaredName, .arityMismatch, .densityUsedAsNumber,
                                     .duplicateDeclaration, .duplicateName, .shapeMismatch, .chainRelationMismatch,
                                     .unknownHint, .invalidEncoding, .fileTooLarge, .invalidInstance, .emptyChain,
                                     .unknownOnly].contains(d.id)
        }
    }

    /// Whether every checked step held and there were no errors.
    public var holds: Bool {
        !diagnostics.contains { $0.severity == .error } && chains.allSatisfy(\.holds)
    }

    /// Counts of steps by verdict.
    public var counts: [Verdict: Int] {
        var out: [Verdict: Int] = [:]
        for c in chains { for s in c.steps { out[s.verdict, default: 0] += 1 } }
        return out
    }

    /// The number of steps checked.
    public var stepCount: Int { chains.reduce(0) { $0 + $1.steps.count } }
}
