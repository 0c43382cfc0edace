// A wrong variant of one step: what was changed, where, and into what.
import Symbolic

/// The kinds of wrong variants mutation testing writes.
public enum MutationKind: String, Sendable, Hashable, CaseIterable, Comparable {
    /// A term's sign flipped (`a + b` → `a - b`), or a whole side negated.
    case signFlipped = "sign"
    /// A numeric coefficient changed by ±1, ×2 or ½.
    case coefficientChanged = "coefficient"
    /// Two arguments swapped: `KL(p, q)`, a quotient (`log(a/b)`), a subtraction, a density's
    /// condition (`p(z | x)` → `p(x | z)`), the arguments of a function of several variables.
    case argumentsSwapped = "swap"
    /// A term of a sum dropped.
    case termDropped = "drop-term"
    /// An exponent changed by ±1 or ×2 (`sqrt(u)` → `u`), or the order of a derivative raised.
    case exponentChanged = "exponent"
    /// An inequality reversed (`<=` → `>=`).
    case relationReversed = "relation"
    /// An expectation taken under another declared density of the same shape.
    case distributionChanged = "distribution"

    /// Orders kinds by declaration order (for deterministic tables).
    public static func < (lhs: MutationKind, rhs: MutationKind) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int { MutationKind.allCases.firstIndex(of: self) ?? 0 }
}

/// Which written part of a step a mutation changes.
public enum MutationSite: Sendable, Hashable {
    /// The chain's starting expression (the left side of step 1).
    case start
    /// The expression of step `index` (1-based), which is also the left side of the next step.
    case expression(step: Int)
    /// The relation of step `index`.
    case relation(step: Int)
    /// The value of argument `argument` of hint `hint` of step `step` (`substitute(x = …)`).
    case hintArgument(step: Int, hint: Int, argument: Int)
    /// The magnitude inside the order term of step `step` (`O(h^3)`).
    case orderTerm(step: Int)
    /// Written value `index` (0-based, in source order) of the dynamics claim carried by step
    /// `step`: a run's step count, a `with` value, an initial value, a reached or cycle value,
    /// a convergence order (see `DynamicsClaim.mutableValues`).
    case dynamicsValue(step: Int, index: Int)

    /// The step the site belongs to (the start belongs to step 1).
    public var step: Int {
        switch self {
        case .start: return 1
        case .expression(let s), .relation(let s), .orderTerm(let s), .dynamicsValue(let s, _): return s
        case .hintArgument(let s, _, _): return s
        }
    }
}

/// One wrong variant: the text at `range` of the file is replaced by `replacement`.
public struct Mutation: Sendable, Hashable {
    /// What kind of change it is.
    public var kind: MutationKind
    /// The part of the step that is changed.
    public var site: MutationSite
    /// The text replaced (UTF-8 byte offsets into the original file).
    public var range: SourceRange
    /// The new text for `range`.
    public var replacement: String
    /// The changed sub-expression before (as printed), e.g. `P + Q`.
    public var before: String
    /// The changed sub-expression after, e.g. `P - Q`.
    public var after: String
    /// Which of the identical changes of the site this is (1 for the first, in tree order),
    /// when the same sub-expression occurs more than once.
    public var occurrence = 1

    /// Creates a mutation.
    public init(kind: MutationKind, site: MutationSite, range: SourceRange, replacement: String, before: String,
                after: String) {
        self.kind = kind
        self.site = site
        self.range = range
        self.replacement = replacement
        self.before = before
        self.after = after
    }

    /// `sign: P + Q → P - Q`.
    public var summary: String {
        "\(kind.rawValue): \(before) → \(after)" + (occurrence > 1 ? " (occurrence \(occurrence))" : "")
    }

    /// The mutated file text.
    public func apply(to text: String) -> String {
        let bytes = Array(text.utf8)
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        var out = Array(bytes[0..<lower])
        out += Array(replacement.utf8)
        out += bytes[upper...]
        return String(decoding: out, as: UTF8.self)
    }
}
