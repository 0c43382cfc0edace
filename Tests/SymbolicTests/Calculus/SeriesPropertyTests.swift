import Testing
@testable import Symbolic

/// Whether two series have numerically equal coefficients below `order`.
private func numericallyEqual(_ s: Series, _ t: Series, below order: Rational) -> Bool {
    let powers = Set(s.terms.map(\.power)).union(t.terms.map(\.power))
    for p in powers where p < order {
        guard let a = s.coefficient(ofPower: p), let b = t.coefficient(ofPower: p),
              let u = SeriesNumeric.value(a), let v = SeriesNumeric.value(b) else { return false }
        if !SeriesNumeric.close(u, v) { return false }
    }
    return true
}

@Suite("series: properties on seeded random expressions")
struct SeriesPropertyTests {
    static let order = 5

    @Test("the series of a product is the product of the truncated series, up to the order",
          arguments: 0..<60)
    func productOfTruncations(seed: UInt64) throws {
        var generator = RegularExprGenerator(seed: seed)
        let a = generator.make(), b = generator.make()
        let sa = try a.series(in: "h", around: 0, order: Self.order)
        let sb = try b.series(in: "h", around: 0, order: Self.order)
        let direct = try (a * b).series(in: "h", around: 0, order: Self.order)
        let polynomial = sa.truncated * sb.truncated
        let viaTruncations = try polynomial.series(in: "h", around: 0, order: Self.order)
        #expect(direct.order == Rational(Self.order))
        #expect(numericallyEqual(direct, viaTruncations, below: Rational(Self.order)),
                "\(a.debugDescription) * \(b.debugDescription): \(direct.debugDescription) vs \(viaTruncations.debugDescription)")
    }

    @Test("dividing the series of a·exp(b) by that of exp(b) gives the series of a", arguments: 0..<40)
    func quotientUndoesProduct(seed: UInt64) throws {
        var generator = RegularExprGenerator(seed: 1_000 + seed)
        let a = generator.make(), b = Expr.call(.exp, generator.make())
        let product = try (a * b).series(in: "h", around: 0, order: Self.order)
        let quotient = try product / (try b.series(in: "h", around: 0, order: Self.order))
        let expected = try a.series(in: "h", around: 0, order: Self.order)
        #expect(quotient.order == Rational(Self.order))
        #expect(numericallyEqual(quotient, expected, below: Rational(Self.order)), "\(a.debugDescription)")
    }

    @Test("an expansion is unchanged by asking for a higher order, below the lower one", arguments: 0..<40)
    func ordersAreConsistent(seed: UInt64) throws {
        var generator = RegularExprGenerator(seed: 2_000 + seed)
        let e = generator.make() / .power(Expr.symbol("h"), .integer(Int(seed % 3)))
        let low = try e.series(in: "h", around: 0, order: 3)
        let high = try e.series(in: "h", around: 0, order: 7)
        for p in low.terms.map(\.power) + high.terms.map(\.power) where p < 3 {
            #expect(low.coefficient(ofPower: p) == high.coefficient(ofPower: p), "h^\(p) in \(e.debugDescription)")
        }
    }
}
