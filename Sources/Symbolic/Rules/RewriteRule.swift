// Rewrite rules as named data with side conditions.

/// A side condition of a rule: a property that an instantiated pattern must have.
public struct Condition: Sendable, Hashable, CustomStringConvertible {
    /// The property required.
    public var property: Property
    /// The pattern (over the rule's holes) that must have it.
    public var subject: Expr

    /// Creates a condition.
    public init(_ property: Property, _ subject: Expr) {
        self.property = property
        self.subject = subject
    }

    /// `?a > 0`.
    public static func positive(_ e: Expr) -> Condition { Condition(.positive, e) }
    /// `?a >= 0`.
    public static func nonnegative(_ e: Expr) -> Condition { Condition(.nonnegative, e) }
    /// `?a <= 0`.
    public static func nonpositive(_ e: Expr) -> Condition { Condition(.nonpositive, e) }
    /// `?a != 0`.
    public static func nonzero(_ e: Expr) -> Condition { Condition(.nonzero, e) }
    /// `?a` is an integer.
    public static func integer(_ e: Expr) -> Condition { Condition(.integer, e) }

    /// Readable form, e.g. `?a > 0`.
    public var description: String { Condition.describe(property, String(describing: subject)) }

    static func describe(_ property: Property, _ subject: String) -> String {
        switch property {
        case .positive: return "\(subject) > 0"
        case .nonnegative: return "\(subject) >= 0"
        case .negative: return "\(subject) < 0"
        case .nonpositive: return "\(subject) <= 0"
        case .nonzero: return "\(subject) != 0"
        case .real: return "\(subject) is real"
        case .integer: return "\(subject) is an integer"
        case .natural: return "\(subject) is a natural number"
        case .probability: return "0 < \(subject) < 1"
        }
    }
}

/// What a computed rule may consult: the assumptions (to prove the conditions it needs
/// itself) and the limits.
public struct RuleContext: Sendable {
    /// The assumptions in force.
    public var assumptions: Assumptions
    /// Resource limits.
    public var limits: Limits
}

extension Expr {
    /// A short key for the construct at the top of this node — `call:log`, `power`, `sum`,
    /// `E` for a big operator named E — used to index rules by what they can match.
    public var headKey: String {
        switch kind {
        case .number: return "number"
        case .symbol: return "symbol"
        case .constant: return "constant"
        case .sum: return "sum"
        case .product: return "product"
        case .power: return "power"
        case .call(let f, _): return "call:" + f.name
        case .derivative: return "derivative"
        case .bigOperator(let op): return "big:" + op.name
        case .list: return "list"
        case .subscripted: return "subscripted"
        case .range: return "range"
        }
    }
}

/// Why a rule could not be built.
public enum RuleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The right side or a condition mentions a hole the left side does not bind.
    case unboundHole(rule: String, hole: String)
    /// The pattern could not be normalised.
    case invalidPattern(rule: String, reason: String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .unboundHole(let rule, let hole): return "rule '\(rule)' refers to unbound hole ?\(hole)"
        case .invalidPattern(let rule, let reason): return "rule '\(rule)' has an invalid pattern: \(reason)"
        }
    }
}

/// A named rewrite: `lhs → rhs` when every condition holds, or a computed rewrite for
/// families a single pattern cannot express (multiple angles).
///
/// Names are kebab-case and are what users cite in a `.drv` file (`by log-quotient`).
public struct RewriteRule: Sendable, CustomStringConvertible {
    /// How the rule rewrites.
    public enum Body: Sendable {
        /// Replace an instance of `lhs` by the same instance of `rhs`.
        case pattern(lhs: Expr, rhs: Expr)
        /// Compute the replacement; `nil` when the rule does not apply.
        case computed(@Sendable (Expr, RuleContext) -> Expr?)
    }

    /// The rule's name, kebab-case.
    public let name: String
    /// A one-line statement, e.g. `log(a*b) = log(a) + log(b) for a, b > 0`.
    public let summary: String
    /// The rewrite.
    public let body: Body
    /// Side conditions over the rule's holes.
    public let conditions: [Condition]

    /// Creates a pattern rule, checking that every hole used on the right and in the
    /// conditions is bound by the left side. Patterns are stored canonicalised.
    public init(_ name: String, _ lhs: Expr, _ rhs: Expr, when conditions: [Condition] = [],
                summary: String? = nil) throws(RuleError) {
        let bound = Set(lhs.holeNames)
        for h in rhs.holeNames + conditions.flatMap({ $0.subject.holeNames }) where !bound.contains(h) {
            throw .unboundHole(rule: name, hole: h)
        }
        let l: Expr, r: Expr
        do {
            l = try lhs.canonicalized()
            r = try rhs.canonicalized()
        } catch {
            throw .invalidPattern(rule: name, reason: error.description)
        }
        var cs: [Condition] = []
        for c in conditions {
            guard let s = try? c.subject.canonicalized() else {
                throw .invalidPattern(rule: name, reason: "condition \(c)")
            }
            cs.append(Condition(c.property, s))
        }
        self.name = name
        self.body = .pattern(lhs: l, rhs: r)
        self.conditions = cs
        let condText = cs.isEmpty ? "" : " when " + cs.map(\.description).joined(separator: ", ")
        self.summary = summary ?? "\(String(describing: l)) = \(String(describing: r))\(condText)"
    }

    /// Creates a computed rule.
    ///
    /// - Parameter heads: the node heads (see ``Expr/headKey``) the rule can apply to, so the
    ///   rewriter need not call it elsewhere; `nil` means any node.
    public init(computed name: String, summary: String, heads: [String]? = nil,
                _ rewrite: @escaping @Sendable (Expr, RuleContext) -> Expr?) {
        self.name = name
        self.summary = summary
        self.body = .computed(rewrite)
        self.conditions = []
        self.computedHeads = heads
    }

    private var computedHeads: [String]?

    /// The heads of the nodes this rule can rewrite, or `nil` for any node.
    public var heads: [String]? {
        switch body {
        case .pattern(let lhs, _):
            return lhs.holeName == nil ? [lhs.headKey] : nil
        case .computed:
            return computedHeads
        }
    }

    /// The same rule applied right to left, when that is well-formed (every hole of the
    /// left side occurs on the right); `nil` for computed rules.
    public var reversed: RewriteRule? {
        guard case .pattern(let l, let r) = body else { return nil }
        return try? RewriteRule(name, r, l, when: conditions, summary: summary)
    }

    /// The name and summary.
    public var description: String { "\(name): \(summary)" }
}

/// Builds a rule from trusted, literal patterns. A malformed built-in rule is a programmer
/// error caught by the rule-table tests, never by user input.
func makeRule(_ name: String, _ lhs: Expr, _ rhs: Expr, when conditions: [Condition] = []) -> RewriteRule {
    do {
        return try RewriteRule(name, lhs, rhs, when: conditions)
    } catch {
        preconditionFailure("built-in rule is malformed: \(error)")
    }
}
