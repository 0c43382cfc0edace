// Derivations (chains of steps), claims, families and hints.
import Symbolic

/// A derivation `derive "name" … end` or a one-step claim `claim "name": lhs REL rhs`.
public struct Chain: Sendable {
    /// The name, unique in the file (used by `--only`).
    public var name: Located<String>
    /// Whether it was written as a `claim`.
    public var isClaim: Bool
    /// The family (`for n in 2..5, k in 1..n`) it is checked over, if any.
    public var family: Family?
    /// The starting expression.
    public var start: LocatedExpr
    /// The steps, in order; a claim has exactly one.
    public var steps: [Step]
    /// The whole chain.
    public var range: SourceRange
    /// `on "instance"`: the chain states facts about one instance only, and is checked on it
    /// alone (no symbolic or generic numeric check).
    public var instance: Located<String>?

    /// Creates a chain.
    public init(name: Located<String>, isClaim: Bool, family: Family? = nil, start: LocatedExpr, steps: [Step],
                range: SourceRange, instance: Located<String>? = nil) {
        self.name = name
        self.isClaim = isClaim
        self.family = family
        self.start = start
        self.steps = steps
        self.range = range
        self.instance = instance
    }
}

/// One step `REL rhs [+ O(h^k) as h -> a] [by HINT, …]`.
public struct Step: Sendable {
    /// The relation to the previous expression.
    public var relation: Located<Relation>
    /// The new expression.
    public var rhs: LocatedExpr
    /// An order term, for asymptotic equalities.
    public var orderTerm: OrderTerm?
    /// The justification hints, in order.
    public var hints: [Hint]
    /// The whole step (from the relation to the end of the hints).
    public var range: SourceRange
    /// A claim about a recurrence and an ODE system (`rmsprop steps flow`), if this step is one.
    public var dynamics: DynamicsClaim?

    /// Creates a step.
    public init(relation: Located<Relation>, rhs: LocatedExpr, orderTerm: OrderTerm? = nil, hints: [Hint] = [],
                range: SourceRange) {
        self.relation = relation
        self.rhs = rhs
        self.orderTerm = orderTerm
        self.hints = hints
        self.range = range
    }
}

/// `+ O(h^k) as h -> a`: the step holds up to terms of order h^k as h tends to a.
public struct OrderTerm: Sendable {
    /// The small quantity inside `O(…)`, e.g. `h^2`.
    public var magnitude: LocatedExpr
    /// The variable that tends to a limit.
    public var variable: Located<Symbol>
    /// The limit point (`0`, `inf`).
    public var point: LocatedExpr
    /// The whole order term.
    public var range: SourceRange

    /// Creates an order term.
    public init(magnitude: LocatedExpr, variable: Located<Symbol>, point: LocatedExpr, range: SourceRange) {
        self.magnitude = magnitude
        self.variable = variable
        self.point = point
        self.range = range
    }
}

/// A justification hint: `algebra`, `log-quotient`, `definition`, `substitute(x = 2*y)`,
/// `stationary(t = a/b)`, `admit`, …
public struct Hint: Sendable {
    /// The hint's name.
    public var name: Located<String>
    /// Arguments of the form `NAME = expr` (for `substitute`, `stationary`).
    public var arguments: [(name: Located<Symbol>, value: LocatedExpr)]
    /// The whole hint.
    public var range: SourceRange

    /// Creates a hint.
    public init(name: Located<String>, arguments: [(name: Located<Symbol>, value: LocatedExpr)] = [], range: SourceRange) {
        self.name = name
        self.arguments = arguments
        self.range = range
    }
}

/// `for n in 2..5, k in 1..n`: the chain that follows is checked at every assignment.
public struct Family: Sendable {
    /// The variables with their inclusive integer ranges (bounds may use earlier variables).
    public var variables: [(name: Located<Symbol>, lower: LocatedExpr, upper: LocatedExpr)]
    /// The whole `for` line.
    public var range: SourceRange

    /// Creates a family.
    public init(variables: [(name: Located<Symbol>, lower: LocatedExpr, upper: LocatedExpr)], range: SourceRange) {
        self.variables = variables
        self.range = range
    }
}
