// Seeded random trees built to stress the printer: every construct, and the number and sign
// placements the parser folds or merges (negative and fractional numbers anywhere, leading
// `d^-1` factors, `-1` in front of numbers and products, nested sums and products).
@testable import Symbolic

/// Generates random expression trees that the grammar can express, from a seed.
struct AwkwardExpr {
    var rng: RandomSource

    init(seed: UInt64) {
        rng = RandomSource(seed: seed)
    }

    private mutating func pick<T>(_ items: [T]) -> T {
        items[rng.nextInt(in: 0...(items.count - 1))]
    }

    private mutating func chance(_ p: Double) -> Bool { rng.nextUnit() < p }

    static let symbols = ["x", "y", "z", "x_1", "beta2", "u'", "order", "h"]
    static let functions = ["f", "g", "p", "q", "KL", "H", "pi"]

    mutating func number() -> Expr {
        switch rng.nextInt(in: 0...9) {
        case 0: return 0
        case 1: return 1
        case 2: return -1
        case 3: return .integer(rng.nextInt(in: 2...12))
        case 4: return .integer(-rng.nextInt(in: 2...12))
        case 5: return .number(Rational(rng.nextInt(in: -9...9), rng.nextInt(in: 2...9))!)
        case 6: return .number(Rational(BigInt(10).power(rng.nextInt(in: 19...40))! + BigInt(rng.nextInt(in: 0...99))))
        case 7: return .number(Rational(numerator: BigInt(-7), denominator: BigInt(10).power(25)!)!)
        default: return .number(Rational(rng.nextInt(in: 1...5), 1)!)
        }
    }

    mutating func leaf() -> Expr {
        switch rng.nextInt(in: 0...9) {
        case 0...4: return .symbol(pick(Self.symbols))
        case 5: return chance(0.5) ? .pi : Expr(.constant(.infinity))
        default: return number()
        }
    }

    mutating func make(depth: Int) -> Expr {
        if depth <= 1 || chance(0.15) { return leaf() }
        let d = depth - 1
        switch rng.nextInt(in: 0...15) {
        case 0, 1:
            return .sum((0..<rng.nextInt(in: 2...4)).map { _ in make(depth: d) })
        case 2, 3:
            var factors = (0..<rng.nextInt(in: 2...4)).map { _ in make(depth: d) }
            for i in factors.indices where chance(0.3) { factors[i] = .power(factors[i], -1) }
            if chance(0.3) { factors[0] = number() }
            if chance(0.2) { factors.insert(-1, at: 0) }
            return .product(factors)
        case 4, 5:
            let exponent: Expr
            switch rng.nextInt(in: 0...5) {
            case 0: exponent = number()
            case 1: exponent = make(depth: d).negated()
            case 2: exponent = .power(make(depth: d), make(depth: d))
            default: exponent = make(depth: d)
            }
            return .power(make(depth: d), exponent)
        case 6:
            return make(depth: d).negated()
        case 7:
            let f = pick(Builtin.allCases)
            let count = f.arity ?? rng.nextInt(in: 2...3)
            return Expr(.call(.builtin(f), (0..<count).map { _ in make(depth: d) }))
        case 8:
            return opaqueCall(depth: d)
        case 9:
            return Expr(.derivative(of: make(depth: d), variable: Symbol(pick(Self.symbols)), order: rng.nextInt(in: 1...4)))
        case 10:
            return Expr(.list((0..<rng.nextInt(in: 1...3)).map { _ in make(depth: d) }))
        case 11:
            let base = chance(0.5) ? .symbol(pick(Self.symbols)) : make(depth: d)
            return Expr(.subscripted(base, (0..<rng.nextInt(in: 1...2)).map { _ in make(depth: d) }))
        case 12, 13:
            return bigOperator(depth: d)
        default:
            return leaf()
        }
    }

    /// An argument of an opaque call or a binding value: sometimes a range.
    mutating func rangeOrExpr(depth: Int) -> Expr {
        chance(0.2) ? Expr(.range(make(depth: depth), make(depth: depth))) : make(depth: depth)
    }

    mutating func opaqueCall(depth: Int) -> Expr {
        let count = rng.nextInt(in: 1...3)
        let arguments = (0..<count).map { _ in rangeOrExpr(depth: depth) }
        var head = OpaqueFunction(name: pick(Self.functions))
        if count >= 2 && chance(0.5) { head.conditioningIndex = rng.nextInt(in: 1...(count - 1)) }
        if chance(0.4) { head.derivativeOrders = (0..<count).map { _ in rng.nextInt(in: 0...4) } }
        return Expr(.call(.opaque(head), arguments))
    }

    mutating func bigOperator(depth: Int) -> Expr {
        let name = pick(["E", "sum", "integral", "max", "sup", "argmax", "lim", "series"])
        var bindings: [Binding] = []
        for _ in 0..<rng.nextInt(in: 1...3) {
            let subject: Expr = chance(0.85) ? .symbol(pick(Self.symbols)) : make(depth: depth)
            let relation = pick(Binding.Relation.allCases)
            switch relation {
            case .bare:
                bindings.append(Binding(subject: subject, relation: .bare, value: nil))
            case .option:
                bindings.append(Binding(subject: .symbol("order"), relation: .option, value: make(depth: depth)))
            case .distributedAs, .equals, .member, .less, .lessEqual, .greater, .greaterEqual, .notEqual, .tendsTo:
                bindings.append(Binding(subject: subject, relation: relation, value: rangeOrExpr(depth: depth)))
            }
        }
        return Expr(.bigOperator(BigOperator(name: name, bindings: bindings, body: make(depth: depth))))
    }
}
