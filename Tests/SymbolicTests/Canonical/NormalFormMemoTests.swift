import Testing
@testable import Symbolic

@Suite("Normal forms kept across checks")
struct NormalFormMemoTests {
    static let expressions = ["(x^2 - 1)/(x - 1) - (x + 1)", "log(a/b) - log(a) + log(b)", "(x + y)^3 - x^3",
                              "1/(x - x)", "0^(-1) + x", "sqrt(8)*x + 2^(1/2)"]

    /// The outcome's text: the form, or the error.
    static func text<T>(_ body: () throws(NormalizationError) -> T, _ describe: (T) -> String) -> String {
        do { return "form " + describe(try body()) } catch { return "error \(error)" }
    }

    @Test("a kept form is the form computed again, errors included (capacity 1 and 100)",
          arguments: [1, 100])
    func keptEqualsComputed(capacity: Int) throws {
        let memo = NormalFormMemo(capacity: capacity)
        for _ in 0 ..< 2 {
            for text in Self.expressions {
                let e = try Expr(parsing: text)
                let limits = Limits.default
                #expect(Self.text({ () throws(NormalizationError) in try memo.canonical(e, limits: limits) }, \.description)
                        == Self.text({ () throws(NormalizationError) in try e.canonicalized(limits: limits) }, \.description), "\(text)")
                #expect(Self.text({ () throws(NormalizationError) in try memo.rationalNormalForm(e, limits: limits) }, \.expr.description)
                        == Self.text({ () throws(NormalizationError) in try RationalNormalForm(e, limits: limits) }, \.expr.description), "\(text)")
            }
        }
    }

    @Test("forms are kept per limits: each limit gets its own form or error")
    func perLimits() throws {
        let memo = NormalFormMemo()
        let e = try Expr(parsing: "(x + 1)^40 - x")
        var small = Limits.default
        small.maxTerms = 10
        for limits in [Limits.default, small, Limits.default, small] {
            #expect(NormalFormMemoTests.text({ () throws(NormalizationError) in try memo.rationalNormalForm(e, limits: limits) }, \.expr.description)
                    == NormalFormMemoTests.text({ () throws(NormalizationError) in try RationalNormalForm(e, limits: limits) }, \.expr.description))
        }
    }
}

@Suite("Trial division for radicals")
struct FactorizeTests {
    /// The factorisation by BigInt trial division alone (the reference the machine-word path
    /// must reproduce).
    static func reference(_ n: BigInt) -> [(BigInt, Int)] {
        var m = n.magnitude
        var result: [(BigInt, Int)] = []
        if m.isOne || m.isZero { return [] }
        var d = 2
        while d < Normalizer.trialDivisionBound {
            let dd = BigInt(d)
            if dd * dd > m { break }
            var k = 0
            while let q = m.exactlyDivided(by: dd) {
                m = q
                k += 1
            }
            if k > 0 { result.append((dd, k)) }
            d += d == 2 ? 1 : 2
        }
        if !m.isOne { result.append((m, 1)) }
        return result
    }

    @Test("the same factors as BigInt trial division",
          arguments: ["0", "1", "2", "12", "-360", "9973", "99460729", "100140049", "2305843009213693951",
                      "9223372036854775807", "18446744073709551617", "1208925819614629174706176",
                      "12056162003753235474432", "340282366920938463463374607431768211457", "9007199254740993"])
    func matchesReference(text: String) throws {
        let n = try #require(BigInt(text))
        let got = Normalizer.factorize(n).map { "\($0.0)^\($0.1)" }
        let expected = Self.reference(n).map { "\($0.0)^\($0.1)" }
        #expect(got == expected)
    }
}
