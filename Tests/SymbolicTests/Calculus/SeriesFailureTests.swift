import Testing
@testable import Symbolic

/// `a/b` as an expression.
private func q(_ a: Int, _ b: Int = 1) -> Expr { .number(Rational(a, b)!) }
/// The point `inf`.
private let infinity = Expr(.constant(.infinity))

private let h = Expr.symbol("h"), a = Expr.symbol("a")

/// The kind of failure expected, without its message.
enum SeriesFailure: String, Sendable {
    case unsupported, undecided, essentialSingularity, needsOneSided, divisionByZero, incompatible, limitExceeded

    init?(_ error: SeriesError) {
        switch error {
        case .unsupported: self = .unsupported
        case .undecided: self = .undecided
        case .essentialSingularity: self = .essentialSingularity
        case .needsOneSidedExpansion: self = .needsOneSided
        case .divisionByZero: self = .divisionByZero
        case .incompatible: self = .incompatible
        case .limitExceeded: self = .limitExceeded
        case .undefined: return nil
        }
    }
}

struct FailureCase: Sendable, CustomTestStringConvertible {
    var name: String
    var expr: Expr
    var direction: LimitDirection = .both
    var order = 4
    var limits = Limits.default
    var expected: SeriesFailure
    var testDescription: String { name }
}

private var smallLimits: Limits {
    var l = Limits()
    l.maxOrder = 4
    return l
}

@Suite("series: what is refused, and why")
struct SeriesFailureTests {
    static let cases: [FailureCase] = [
        FailureCase(name: "log(h) has a log term", expr: .call(.log, h), direction: .above, expected: .unsupported),
        FailureCase(name: "log(1/h) has a log term", expr: .call(.log, 1 / h), direction: .above, expected: .unsupported),
        FailureCase(name: "sqrt(a + h) needs a > 0", expr: .call(.sqrt, a + h), expected: .undecided),
        FailureCase(name: "log(a + h^2 + 1)... needs a + 1 > 0", expr: .call(.log, a + 1 + h), expected: .undecided),
        FailureCase(name: "sqrt(-1 + h) is not real", expr: .call(.sqrt, -1 + h), expected: .unsupported),
        FailureCase(name: "1/(a h + h^2) needs a ≠ 0", expr: 1 / (a * h + h * h), expected: .undecided),
        FailureCase(name: "sqrt(h) two-sided", expr: .call(.sqrt, h), expected: .needsOneSided),
        FailureCase(name: "|h| two-sided", expr: .call(.abs, h), expected: .needsOneSided),
        FailureCase(name: "exp(-1/h) two-sided", expr: .call(.exp, -1 / h), expected: .needsOneSided),
        FailureCase(name: "exp(1/h) from above", expr: .call(.exp, 1 / h), direction: .above,
                    expected: .essentialSingularity),
        FailureCase(name: "sin(1/h) oscillates", expr: .call(.sin, 1 / h), direction: .above,
                    expected: .essentialSingularity),
        FailureCase(name: "cosh(1/h) from above", expr: .call(.cosh, 1 / h), direction: .above,
                    expected: .essentialSingularity),
        FailureCase(name: "1/(sin^2 + cos^2 - 1) may vanish identically",
                    expr: 1 / (.power(.call(.sin, h), 2) + .power(.call(.cos, h), 2) - 1), expected: .undecided),
        FailureCase(name: "lambertw only around 0", expr: .call(.lambertw, 1 + h), expected: .unsupported),
        FailureCase(name: "asin at the edge of its domain", expr: .call(.asin, 1 + h), expected: .undecided),
        FailureCase(name: "h^a with symbolic a", expr: .power(h, a), direction: .above, expected: .unsupported),
        FailureCase(name: "opaque function of a pole", expr: .apply("f", [1 / h]), expected: .unsupported),
        FailureCase(name: "order beyond maxOrder", expr: .call(.exp, h), order: 65, expected: .limitExceeded),
        FailureCase(name: "order beyond a small maxOrder", expr: .call(.exp, h), order: 6, limits: smallLimits,
                    expected: .limitExceeded),
        FailureCase(name: "a big operator in the variable",
                    expr: Expr(.bigOperator(BigOperator(name: "sum", bindings: [
                        Binding(subject: .symbol("i"), relation: .equals, value: Expr(.range(1, 3)))],
                        body: .symbol("i") * h))), expected: .unsupported),
    ]

    @Test("refusals", arguments: cases)
    func refusal(c: FailureCase) {
        do {
            let s = try c.expr.series(in: "h", around: 0, order: c.order, direction: c.direction, limits: c.limits)
            Issue.record("expected \(c.expected), got \(s.debugDescription)")
        } catch {
            #expect(SeriesFailure(error) == c.expected, "\(error)")
        }
    }

    @Test("a provable assumption turns a refusal into a series")
    func assumptionsUnblock() throws {
        var positive = Assumptions()
        positive.assume("a", is: .positive)
        let s = try Expr.call(.log, a + 1 + h).series(in: "h", around: 0, order: 2, assumptions: positive)
        #expect(s.coefficient(ofPower: 0) == Expr.call(.log, a + 1).canonicalizedOrSelf)
        var nonzero = Assumptions()
        nonzero.assume("a", is: .nonzero)
        let inverse = try (1 / (a * h + h * h)).series(in: "h", around: 0, order: 1, assumptions: nonzero)
        #expect(inverse.terms.map(\.power) == [-1, 0])
        #expect(inverse.coefficient(ofPower: 0) == (try (-1 / (a * a)).canonicalized()))
    }

    @Test("an injected zero test is used and trusted")
    func injectedZeroTest() throws {
        // The default test cannot see that sin(a)² + cos(a)² − 1 vanishes, so the leading
        // coefficient of the denominator is undecided; an oracle that knows it is zero makes
        // the series 1/h.
        let identity = Expr.power(.call(.sin, a), 2) + .power(.call(.cos, a), 2) - 1
        let e = 1 / (identity + h)
        do {
            let s = try e.series(in: "h", around: 0, order: 2)
            Issue.record("guessed \(s.debugDescription)")
        } catch {
            #expect(SeriesFailure(error) == .undecided)
        }
        let zero = try identity.canonicalized()
        let knowsIdentity: Series.ZeroTest = { c in c == zero ? true : Series.defaultZeroTest()(c) }
        let s = try e.series(in: "h", around: 0, order: 2, zeroTest: knowsIdentity)
        #expect(s.terms.map(\.power) == [-1])
        #expect(s.coefficient(ofPower: -1) == .one)
        // An oracle that declares `a` nonzero unblocks 1/(a h + h²).
        let nonzero: Series.ZeroTest = { c in c == a ? false : Series.defaultZeroTest()(c) }
        let t = try (1 / (a * h + h * h)).series(in: "h", around: 0, order: 0, zeroTest: nonzero)
        #expect(t.coefficient(ofPower: -1) == .power(a, .minusOne))
    }
}

extension Expr {
    /// The canonical form, or the expression itself if it cannot be normalised.
    fileprivate var canonicalizedOrSelf: Expr { (try? canonicalized()) ?? self }
}
