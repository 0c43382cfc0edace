// Seeded random expression trees for property tests.
@testable import Symbolic

/// Generates random expression trees from a seed, for property tests.
///
/// The same seed and configuration always give the same tree. Trees are faithful
/// (unnormalised), may contain domain errors at some points (log of a negative), and use only
/// the constructs enabled in the configuration.
struct RandomExpr {
    /// What the generator may produce.
    struct Configuration {
        var symbols: [String] = ["x", "y", "z"]
        var functions: [Builtin] = [.sin, .cos, .exp, .log, .sqrt, .tanh, .sigmoid, .softplus, .atan]
        var maxDepth = 4
        /// Largest absolute integer constant.
        var maxInteger = 5
        /// Allow rational constants such as 3/4.
        var rationals = true
        /// Allow division (negative exponent −1).
        var division = true
        /// Integer exponents are drawn from this range (0 excluded unless it is the only value).
        var exponents: ClosedRange<Int> = -2...4
        /// Allow symbolic (non-integer) exponents such as x^y.
        var symbolicExponents = false
        /// Allow opaque function calls `f(·)`, `g(·, ·)`.
        var opaqueFunctions: [String] = []
        /// Only polynomial constructs: +, *, integer powers ≥ 0, numbers, symbols.
        var polynomialOnly = false
    }

    var configuration: Configuration
    var rng: RandomSource

    init(seed: UInt64, configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.rng = RandomSource(seed: seed)
    }

    /// Makes one random expression.
    mutating func make() -> Expr {
        node(depth: configuration.maxDepth)
    }

    private mutating func pick<T>(_ items: [T]) -> T {
        items[rng.nextInt(in: 0...(items.count - 1))]
    }

    private mutating func leaf() -> Expr {
        if rng.nextUnit() < 0.6 {
            return .symbol(pick(configuration.symbols))
        }
        let n = rng.nextInt(in: -configuration.maxInteger...configuration.maxInteger)
        if configuration.rationals && !configuration.polynomialOnly && rng.nextUnit() < 0.3 {
            let d = rng.nextInt(in: 2...7)
            return .number(Rational(n, d)!)
        }
        return .integer(n)
    }

    private mutating func node(depth: Int) -> Expr {
        if depth <= 1 || rng.nextUnit() < 0.2 { return leaf() }
        let roll = rng.nextUnit()
        let c = configuration
        if roll < 0.3 {
            let n = rng.nextInt(in: 2...3)
            return .sum((0..<n).map { _ in node(depth: depth - 1) })
        }
        if roll < 0.55 {
            let n = rng.nextInt(in: 2...3)
            var factors = (0..<n).map { _ in node(depth: depth - 1) }
            if c.division && !c.polynomialOnly && rng.nextUnit() < 0.3 {
                factors[factors.count - 1] = .power(factors[factors.count - 1], .minusOne)
            }
            return .product(factors)
        }
        if roll < 0.7 {
            var lo = c.exponents.lowerBound
            if c.polynomialOnly { lo = max(lo, 0) }
            var k = rng.nextInt(in: lo...c.exponents.upperBound)
            if k == 0 && c.exponents.count > 1 { k = c.exponents.upperBound }
            if c.symbolicExponents && !c.polynomialOnly && rng.nextUnit() < 0.2 {
                return .power(node(depth: depth - 1), .symbol(pick(c.symbols)))
            }
            return .power(node(depth: depth - 1), .integer(k))
        }
        if roll < 0.8 {
            return node(depth: depth - 1).negated()
        }
        if c.polynomialOnly || (c.functions.isEmpty && c.opaqueFunctions.isEmpty) {
            return .sum([node(depth: depth - 1), node(depth: depth - 1)])
        }
        if !c.opaqueFunctions.isEmpty && (c.functions.isEmpty || rng.nextUnit() < 0.25) {
            return .apply(pick(c.opaqueFunctions), [node(depth: depth - 1)])
        }
        let f = pick(c.functions)
        if f.arity == nil {
            return Expr(.call(.builtin(f), [node(depth: depth - 1), node(depth: depth - 1)]))
        }
        return Expr(.call(.builtin(f), [node(depth: depth - 1)]))
    }
}
