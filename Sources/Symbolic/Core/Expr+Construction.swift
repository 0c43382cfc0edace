// Faithful construction helpers: they build exactly the tree asked for, nothing is folded.

extension Expr: ExpressibleByIntegerLiteral {
    /// An integer literal is a number node.
    public init(integerLiteral value: Int) { self.init(.number(Rational(value))) }
}

extension Expr {
    /// A number node.
    @inlinable
    public static func number(_ value: Rational) -> Expr { Expr(.number(value)) }

    /// A number node from an integer.
    @inlinable
    public static func integer(_ value: Int) -> Expr { Expr(.number(Rational(value))) }

    /// A symbol node.
    @inlinable
    public static func symbol(_ name: String) -> Expr { Expr(.symbol(Symbol(name))) }

    /// A symbol node.
    @inlinable
    public static func symbol(_ symbol: Symbol) -> Expr { Expr(.symbol(symbol)) }

    /// The constant π.
    public static let pi = Expr(.constant(.pi))

    /// The number 0.
    public static let zero = Expr(.number(.zero))
    /// The number 1.
    public static let one = Expr(.number(.one))
    /// The number −1.
    public static let minusOne = Expr(.number(.minusOne))

    /// An n-ary sum node, as given (no flattening).
    @inlinable
    public static func sum(_ terms: [Expr]) -> Expr { Expr(.sum(terms)) }

    /// An n-ary product node, as given (no flattening).
    @inlinable
    public static func product(_ factors: [Expr]) -> Expr { Expr(.product(factors)) }

    /// A power node.
    @inlinable
    public static func power(_ base: Expr, _ exponent: Expr) -> Expr {
        Expr(.power(base: base, exponent: exponent))
    }

    /// A call of a built-in function.
    @inlinable
    public static func call(_ builtin: Builtin, _ arguments: Expr...) -> Expr {
        Expr(.call(.builtin(builtin), arguments))
    }

    /// A call of an opaque function by name, e.g. `Expr.apply("f", [u])`.
    public static func apply(_ name: String, _ arguments: [Expr], conditioningIndex: Int? = nil) -> Expr {
        Expr(.call(.opaque(OpaqueFunction(name: name, conditioningIndex: conditioningIndex)), arguments))
    }

    /// `lhs + rhs` as a two-term sum node.
    public static func + (lhs: Expr, rhs: Expr) -> Expr { .sum([lhs, rhs]) }

    /// `lhs - rhs` as `lhs + (-1)*rhs`, the way the parser builds it.
    public static func - (lhs: Expr, rhs: Expr) -> Expr { .sum([lhs, rhs.negated()]) }

    /// `lhs * rhs` as a two-factor product node.
    public static func * (lhs: Expr, rhs: Expr) -> Expr { .product([lhs, rhs]) }

    /// `lhs / rhs` as `lhs * rhs^-1`, the way the parser builds it.
    public static func / (lhs: Expr, rhs: Expr) -> Expr { .product([lhs, .power(rhs, .minusOne)]) }

    /// `-value`, built the way the parser builds a unary minus: a number is negated in place,
    /// a product gets a leading −1 (merged into a leading number factor), anything else
    /// becomes `(-1)*value`.
    public static prefix func - (value: Expr) -> Expr { value.negated() }

    /// The negation as the parser builds it (see the prefix `-`).
    public func negated() -> Expr {
        switch kind {
        case .number(let r):
            return .number(-r)
        case .product(let factors):
            if let first = factors.first, case .number(let r) = first.kind {
                return .product([.number(-r)] + factors.dropFirst())
            }
            return .product([.minusOne] + factors)
        case .symbol, .constant, .sum, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            return .product([.minusOne, self])
        }
    }

    /// The number this expression is, if it is a number node.
    @inlinable
    public var numberValue: Rational? {
        if case .number(let r) = kind { return r }
        return nil
    }

    /// The symbol this expression is, if it is a symbol node.
    @inlinable
    public var symbolValue: Symbol? {
        if case .symbol(let s) = kind { return s }
        return nil
    }

    /// Whether this is the number 0.
    @inlinable
    public var isZero: Bool { numberValue?.isZero ?? false }

    /// Whether this is the number 1.
    @inlinable
    public var isOne: Bool { numberValue?.isOne ?? false }
}
