// The big-operator shape `NAME_{bindings}[ body ]`.

/// A big operator such as `E_{x ~ p, z ~ q(z|x)}[ … ]`, `integral_{x}[ … ]`,
/// `sum_{i = 1..n}[ … ]`, `sup_{u > 0}[ … ]`, `lim_{h -> 0}[ … ]` or
/// `series_{h -> 0, order 2}[ … ]`.
///
/// The Symbolic core parses, prints, hashes and substitutes into big operators but gives
/// them no meaning: to the normal form they are atoms. The variables they bind
/// (``boundSymbols``) are not free in the whole expression.
public struct BigOperator: Hashable, Sendable {
    /// The operator's name as written (`E`, `integral`, `sum`, `max`, `lim`, …).
    public var name: String
    /// The comma-separated clauses between the braces.
    public var bindings: [Binding]
    /// The bracketed body.
    public var body: Expr

    /// Creates a big operator.
    public init(name: String, bindings: [Binding], body: Expr) {
        self.name = name
        self.bindings = bindings
        self.body = body
    }

    /// The symbols this operator binds: the subject of every clause except options
    /// (`order 2`), when the subject is a plain symbol.
    public var boundSymbols: [Symbol] {
        bindings.compactMap { b in
            if b.relation == .option { return nil }
            if case .symbol(let s) = b.subject.kind { return s }
            return nil
        }
    }
}

/// One clause of a big operator's binding list.
///
/// Examples: `x` (`.bare`), `x ~ p` (`.distributedAs`), `i = 1..n` (`.equals`),
/// `S in subsets(1..4, 2)` (`.member`), `u > 0` (`.greater`), `h -> 0` (`.tendsTo`),
/// `order 2` (`.option`, with subject the symbol `order`).
public struct Binding: Hashable, Sendable {
    /// How the subject relates to the value.
    public enum Relation: String, CaseIterable, Sendable, Hashable {
        case bare = ""
        case distributedAs = "~"
        case equals = "="
        case member = "in"
        case less = "<"
        case lessEqual = "<="
        case greater = ">"
        case greaterEqual = ">="
        case notEqual = "!="
        case tendsTo = "->"
        case option = "option"

        var hashCode: Int {
            Relation.allCases.firstIndex(of: self)!
        }
    }

    /// The bound variable (or option keyword).
    public var subject: Expr
    /// The relation between subject and value.
    public var relation: Relation
    /// The value; `nil` exactly when `relation == .bare`.
    public var value: Expr?

    /// Creates a clause.
    public init(subject: Expr, relation: Relation, value: Expr?) {
        self.subject = subject
        self.relation = relation
        self.value = value
    }
}
