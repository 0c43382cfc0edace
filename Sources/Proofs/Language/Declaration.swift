// Declarations, assumptions and definitions.
import Symbolic

/// What sort a declared name has.
public enum Sort: Sendable, Hashable {
    /// A real scalar, possibly with a property (`positive`, `probability`, …).
    case scalar(Property)
    /// A vector with the given length (an integer expression).
    case vector(length: Expr)
    /// A matrix with the given numbers of rows and columns.
    case matrix(rows: Expr, columns: Expr)
    /// An opaque (or defined) function of the given parameters.
    case function(parameters: [Symbol])
    /// A density over `variables` conditioned on `conditions` (`p(z | x)`).
    case density(variables: [Symbol], conditions: [Symbol])
}

/// A declaration: `real x, z`, `real t > -1`, `positive s`, `function f(u) convex`,
/// `density p(z | x)`, `density pz(z) = integral_{x}[ … ]`, `matrix B[4, 2]`.
public struct Declaration: Sendable {
    /// The sort.
    public var sort: Sort
    /// The sort keyword as written (`real`, `positive`, `function`, …).
    public var keyword: Located<String>
    /// The declared names.
    public var names: [Located<Symbol>]
    /// An optional constraint on scalars: `real t > -1` is `(.greater, -1)`.
    public var constraint: (relation: Located<Relation>, bound: LocatedExpr)?
    /// Declared properties (`convex`, `concave`, `increasing`, `orthogonal`, `symmetric`, …).
    public var properties: [Located<String>]
    /// The body of a defined function or density (`= …`), if any.
    public var body: LocatedExpr?
    /// The sizes of a vector or matrix as written (`[n]`, `[4, 2]`), with their ranges; the
    /// same expressions as in ``sort``. Empty for other sorts.
    public var sizes: [LocatedExpr]
    /// The parameters of a function, or a density's variables followed by its conditions, with
    /// their ranges; the same names as in ``sort``. Empty for other sorts.
    public var parameters: [Located<Symbol>]
    /// The whole declaration.
    public var range: SourceRange

    /// Creates a declaration.
    public init(sort: Sort, keyword: Located<String>, names: [Located<Symbol>],
                constraint: (relation: Located<Relation>, bound: LocatedExpr)? = nil,
                properties: [Located<String>] = [], body: LocatedExpr? = nil,
                sizes: [LocatedExpr] = [], parameters: [Located<Symbol>] = [], range: SourceRange) {
        self.sort = sort
        self.keyword = keyword
        self.names = names
        self.constraint = constraint
        self.properties = properties
        self.body = body
        self.sizes = sizes
        self.parameters = parameters
        self.range = range
    }
}

/// `assume lhs REL rhs`.
public struct Assumption: Sendable {
    /// The left side.
    public var lhs: LocatedExpr
    /// The relation.
    public var relation: Located<Relation>
    /// The right side.
    public var rhs: LocatedExpr
    /// The whole line.
    public var range: SourceRange

    /// Creates an assumption.
    public init(lhs: LocatedExpr, relation: Located<Relation>, rhs: LocatedExpr, range: SourceRange) {
        self.lhs = lhs
        self.relation = relation
        self.rhs = rhs
        self.range = range
    }
}

/// `let NAME = body` or `let f(u, v) = body`.
public struct Definition: Sendable {
    /// The defined name.
    public var name: Located<Symbol>
    /// The parameters of a defined function (empty for a constant).
    public var parameters: [Located<Symbol>]
    /// The body.
    public var body: LocatedExpr
    /// The whole line.
    public var range: SourceRange

    /// Creates a definition.
    public init(name: Located<Symbol>, parameters: [Located<Symbol>], body: LocatedExpr, range: SourceRange) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.range = range
    }
}

/// `latex NAME "…"`: how NAME is rendered in LaTeX output.
public struct LaTeXOverride: Sendable {
    /// The name.
    public var name: Located<String>
    /// The LaTeX to use.
    public var rendering: Located<String>
    /// The whole line.
    public var range: SourceRange

    /// Creates an override.
    public init(name: Located<String>, rendering: Located<String>, range: SourceRange) {
        self.name = name
        self.rendering = rendering
        self.range = range
    }
}
