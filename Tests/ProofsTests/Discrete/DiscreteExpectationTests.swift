// Expectations over inline finite distributions: exact values with symbolic parameters,
// conditioning and mask enumeration against brute force, limits, and the numeric handler.
import Testing
@testable import Proofs
@testable import Symbolic

/// Parses an expression that must be one `E_{…}[…]` over inline distributions.
private func expectation(_ text: String) throws -> DiscreteExpectation {
    let e = try Expr(parsing: text)
    guard case .bigOperator(let op) = e.kind, let d = DiscreteExpectation(op) else {
        Issue.record("not an inline expectation: \(text)")
        throw DiscreteExpectation.Failure.algebra("not inline")
    }
    return d
}

/// Whether two expressions have the same rational normal form.
private func same(_ a: Expr, _ b: Expr) throws -> Bool {
    try RationalNormalForm(a - b).isZero
}

private var probabilityP: Assumptions {
    var a = Assumptions()
    a.assume("p", is: .probability)
    return a
}

private func r(_ n: Int, _ d: Int) -> Rational { Rational(n, d)! }

@Suite("Discrete expectations")
struct DiscreteExpectationTests {
    @Test("E[e^k] = p for a symbolic keep probability p", arguments: 1...8)
    func bernoulliMoments(k: Int) throws {
        let value = try expectation("E_{e ~ bernoulli(p)}[ e^\(k) ]").exactValue(assumptions: probabilityP)
        #expect(try same(value, .symbol("p")), "E[e^\(k)] = \(value)")
    }

    @Test("moments and variances with a symbolic p", arguments: [
        ("E_{e ~ bernoulli(p)}[ (e - p)^2 ]", "p*(1 - p)"),
        ("E_{e ~ bernoulli(p)}[ e/p ]", "1"),
        ("E_{e ~ bernoulli(p)}[ (e/p - 1)^2 ]", "(1 - p)/p"),
        ("E_{e ~ bernoulli(p)}[ x*e + m*(1 - e) ]", "p*x + (1 - p)*m"),
        ("E_{c ~ categorical(p, 1 - p)}[ c^3 ]", "1 - p"),
        ("E_{c ~ categorical(1/2, 1/3, 1/6)}[ c ]", "2/3"),
        ("E_{c ~ categorical(1/2, 1/3, 1/6)}[ (c - 2/3)^2 ]", "5/9"),
    ])
    func symbolicValues(text: String, expected: String) throws {
        let value = try expectation(text).exactValue(assumptions: probabilityP)
        #expect(try same(value, try Expr(parsing: expected)), "\(text) = \(value)")
    }

    @Test("a symbolic exponent: E[e^n] = (1 - p) 0^n + p, which is p only for n > 0")
    func symbolicExponent() throws {
        let value = try expectation("E_{e ~ bernoulli(p)}[ e^n ]").exactValue(assumptions: probabilityP)
        #expect(try same(value, try Expr(parsing: "(1 - p)*0^n + p")))
        let proved = checkText("""
            probability p
            natural n
            assume n >= 1
            claim "moment": E_{e ~ bernoulli(p)}[ e^n ] = p
            """, name: "moment.drv")
        #expect(proved.holds && proved.chains[0].steps[0].verdict == .proved, "\(describeFailures(proved))")
    }

    @Test("a wrong Bernoulli moment is refuted", arguments: [
        "claim \"square\": E_{e ~ bernoulli(p)}[ e^2 ] = p^2",
        "claim \"zeroth\": E_{e ~ bernoulli(p)}[ e^0 ] = p",
        "claim \"every n\": E_{e ~ bernoulli(p)}[ e^n ] = p",
        "claim \"variance\": E_{e ~ bernoulli(p)}[ (e - p)^2 ] = p^2*(1 - p)",
    ])
    func wrongMoment(claim: String) throws {
        let r = checkText("probability p\nnatural n\n" + claim, name: "wrong.drv")
        #expect(!r.hasInputErrors, "\(describeFailures(r))")
        #expect(r.chains.first?.steps.first?.verdict == .refuted, "\(describeFailures(r))")
        #expect(!r.diagnostics.contains { $0.id == .checkerInconsistency })
    }

    @Test("the n = 0 counterexample uses the convention 0^0 = 1 of moments")
    func zerothMomentCounterexample() throws {
        let r = checkText("probability p\nnatural n\nclaim \"every n\": E_{e ~ bernoulli(p)}[ e^n ] = p", name: "n0.drv")
        let cx = r.chains.first?.steps.first?.evidence.counterexample
        #expect(cx?.assignment.contains { $0.name == "n" && $0.value == "0" } == true, "\(String(describing: cx))")
        var env = Environment()
        env.values["p"] = 0.3
        env.values["n"] = 0
        #expect(try expectation("E_{e ~ bernoulli(p)}[ e^n ]").numericValue(at: env) == 1)
    }

    @Test("BERT's scheme gives the coefficients 173/200, 3/25, 3/200")
    func mlmCoefficients() throws {
        let d = try expectation("E_{s ~ bernoulli(3/20), a ~ categorical(4/5, 1/10, 1/10)}[ (1 - s)*x + s*([1, 0, 0][a]*m + [0, 1, 0][a]*x + [0, 0, 1][a]*v) ]")
        let value = try d.exactValue()
        #expect(try same(value, try Expr(parsing: "173/200*x + 3/25*m + 3/200*v")), "\(value)")
        #expect(r(173, 200) + r(3, 25) + r(3, 200) == .one)
        // Instance 4.2: the corrected e0 = (0.7525, 0.3705) by enumerating a random token too.
        let vocabulary: [(Rational, Rational)] = [(1, 0), (0, 1), (2, -1), (r(1, 2), r(1, 2)), (-1, 3)]
        let first = try expectation("E_{s ~ bernoulli(3/20), a ~ categorical(4/5, 1/10, 1/10), t ~ categorical(1/5, 1/5, 1/5, 1/5, 1/5)}[ (1 - s)*1 + s*([1, 0, 0][a]*(-1) + [0, 1, 0][a]*1 + [0, 0, 1][a]*[1, 0, 2, 1/2, -1][t]) ]").exactValue()
        #expect(first.numberValue == r(7525, 10000))
        #expect(vocabulary.reduce(Rational.zero) { $0 + $1.1 } * r(1, 5) == r(7, 10))
    }

    @Test("conditioning and mask enumeration agree with brute force", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func conditioningAgainstBruteForce(seed: UInt64) throws {
        var g = RandomSource(seed: seed)
        let n = 2 + Int(g.next() % 4)                          // 2 … 5 tokens
        let keep = (0..<n).map { _ in Rational(1 + Int(g.next() % 9), 10)! }
        let atLeast = 1 + Int(g.next() % UInt64(n))           // condition: at least `atLeast` kept
        let coefficients = (0..<n).map { _ in Rational(Int(g.next() % 11) - 5, 1 + Int(g.next() % 4))! }
        // Body: (Σ c_i e_i)^2 / (1 + Σ e_i): nonlinear, defined everywhere.
        let names = (1...n).map { "e\($0)" }
        let linear = zip(coefficients, names).map { "(\($0.0))*\($0.1)" }.joined(separator: " + ")
        let count = names.joined(separator: " + ")
        let clauses = zip(names, keep).map { "\($0.0) ~ bernoulli(\($0.1))" }.joined(separator: ", ")
        let text = "E_{\(clauses), \(count) >= \(atLeast)}[ (\(linear))^2/(1 + \(count)) ]"
        let exact = try expectation(text).exactValue()
        // Brute force over the 2^n integers.
        var numerator = Rational.zero, mass = Rational.zero
        for bits in 0..<(1 << n) {
            let kept = (0..<n).map { bits >> $0 & 1 == 1 }
            guard kept.filter({ $0 }).count >= atLeast else { continue }
            var w = Rational.one
            for i in 0..<n { w *= kept[i] ? keep[i] : .one - keep[i] }
            var s = Rational.zero
            for i in 0..<n where kept[i] { s += coefficients[i] }
            let value = s * s * Rational(1 + kept.filter { $0 }.count).reciprocal!
            numerator += w * value
            mass += w
        }
        let expected = numerator * mass.reciprocal!
        #expect(exact.numberValue == expected, "\(text): \(exact) vs \(expected)")
        // The mask API gives the same numbers.
        let viaMasks = try BernoulliMasks.expectation(keep: keep, given: { $0.filter { $0 }.count >= atLeast }) { kept in
            var s = Rational.zero
            for i in 0..<n where kept[i] { s += coefficients[i] }
            return s * s * Rational(1 + kept.filter { $0 }.count).reciprocal!
        }
        #expect(viaMasks == expected)
        // And the numeric handler agrees to rounding.
        let numeric = try expectation(text).numericValue(at: Environment())
        #expect(abs(numeric - expected.doubleValue) <= 1e-12 * max(1, abs(expected.doubleValue)))
    }

    @Test("2^n masks: counts, probabilities and the limit", arguments: [1, 4, 8, 12])
    func maskEnumeration(n: Int) throws {
        let masks = try BernoulliMasks.enumerate(keep: Array(repeating: r(1, 4), count: n))
        #expect(masks.count == 1 << n)
        #expect(masks.reduce(Rational.zero) { $0 + $1.probability } == .one)
        let none = try BernoulliMasks.probability(keep: Array(repeating: r(1, 4), count: n)) { !$0.contains(true) }
        #expect(none == r(3, 4).power(n))
    }

    @Test("too many masks or outcomes is a named limit, not a hang")
    func limits() throws {
        #expect(throws: BernoulliMaskError.tooManyTokens(LimitExceeded(limit: "bernoulliMasks", requested: 13, maximum: 12))) {
            try BernoulliMasks.enumerate(keep: Array(repeating: r(1, 2), count: 13))
        }
        let clauses = (1...13).map { "e\($0) ~ bernoulli(1/2)" }.joined(separator: ", ")
        do {
            _ = try expectation("E_{\(clauses)}[ e1 ]").exactValue()
            Issue.record("13 Bernoulli clauses were enumerated")
        } catch let DiscreteExpectation.Failure.tooManyOutcomes(l) {
            #expect(l.limit == "discreteOutcomes" && l.maximum == DiscreteExpectation.maxOutcomes)
        }
        // Every variable is used (linearity would drop unused clauses, rightly), and the body
        // does not factor (a product would: independence splits it into 13 small ones).
        let largest = "max(" + (1...13).map { "e\($0)" }.joined(separator: ", ") + ")"
        let result = checkText("claim \"big\": E_{\(clauses)}[ \(largest) ] = 8191/8192", name: "big.drv")
        let notes = result.chains.first?.steps.first?.evidence.notes.joined(separator: " ") ?? ""
        #expect(result.chains.first?.steps.first?.verdict == .unknown)
        #expect(notes.contains("discreteOutcomes"), "\(notes)")
    }

    @Test("an impossible event, an undecidable condition and a non-distribution are not computed")
    func failures() throws {
        #expect(throws: DiscreteExpectation.Failure.self) {
            try expectation("E_{e ~ bernoulli(1/2), e >= 2}[ e ]").exactValue()
        }
        #expect(throws: DiscreteExpectation.Failure.self) {
            try expectation("E_{e ~ bernoulli(1/2), e >= y}[ e ]").exactValue()
        }
        // p is only real: 1 - p may be negative, so bernoulli(p) is not known to be a distribution.
        #expect(throws: DiscreteExpectation.Failure.self) {
            try expectation("E_{e ~ bernoulli(p)}[ e ]").exactValue()
        }
        #expect(throws: DiscreteExpectation.Failure.self) {
            try expectation("E_{c ~ categorical(1/2, 1/3)}[ c ]").exactValue()
        }
        var env = Environment()
        env.values["p"] = 1.5
        #expect(throws: EvaluationError.self) { try expectation("E_{e ~ bernoulli(p)}[ e ]").numericValue(at: env) }
    }

    @Test("the MAE model averages of note 07, 4.3, exactly")
    func maeModelAverages() throws {
        let a: [[Rational]] = [[r(1, 2), r(3, 10), r(1, 5)], [r(1, 10), r(3, 5), r(3, 10)], [r(1, 4), r(1, 4), r(1, 2)]]
        #expect(try MaskedAttention.modelAverage(a, keep: r(1, 4)) ==
                [[r(757, 2072), r(489, 1480), r(394, 1295)], [r(1439, 5180), r(496, 1295), r(251, 740)], [r(47, 148), r(47, 148), r(27, 74)]])
        #expect(try MaskedAttention.modelAverage(a, keep: r(17, 20)) ==
                [[r(12421, 26264), r(831, 2680), r(3562, 16415)], [r(8111, 65660), r(9104, 16415), r(3019, 9380)], [r(495, 1876), r(495, 1876), r(443, 938)]])
        #expect(MaskedAttention.weightAverage(a, keep: r(1, 4)) == a)
        #expect(try BernoulliMasks.probability(keep: Array(repeating: r(1, 4), count: 3)) { !$0.contains(true) } == r(27, 64))
        #expect(try BernoulliMasks.probability(keep: Array(repeating: r(17, 20), count: 3)) { !$0.contains(true) } == r(27, 8000))
        #expect(MaskedAttention.masked(a, kept: [false, false, false]) == nil)
    }

    @Test("expectations of matrices are taken entry by entry (DROP-7)")
    func matrixExpectation() throws {
        let r = checkText("""
            probability p
            claim "had": E_{e1 ~ bernoulli(p), e2 ~ bernoulli(p)}[ hadamard([[e1, 1], [e1, 1]], [[1, e2], [1, e2]]) ] = p*[[1, 1], [1, 1]]
            claim "wrong": E_{e1 ~ bernoulli(p), e2 ~ bernoulli(p)}[ hadamard([[e1, 1], [e1, 1]], [[1, e2], [1, e2]]) ] = p^2*[[1, 1], [1, 1]]
            """, name: "had.drv")
        #expect(r.chains.map { $0.steps[0].verdict } == [.proved, .refuted], "\(describeFailures(r))")
    }

    @Test("inline distributions are sort-checked", arguments: [
        ("claim \"a\": E_{e ~ bernoulli(1/2, 1/3)}[ e ] = 1/2", DiagnosticID.arityMismatch),
        ("claim \"a\": E_{e ~ bernoulli(q)}[ e ] = 1/2", DiagnosticID.undeclaredName),
        ("claim \"a\": E_{e ~ bernouli(1/2)}[ e ] = 1/2", DiagnosticID.undeclaredName),
    ])
    func sortChecking(text: String, id: DiagnosticID) throws {
        let r = checkText(text, name: "sorts.drv")
        #expect(r.diagnostics.contains { $0.id == id }, "\(describeFailures(r))")
    }
}

@Suite("Limits at infinity")
struct LimitAtInfinityTests {
    @Test("limits of log-sigmoids are proved", arguments: [
        "claim \"a\": lim_{t -> inf}[ log(sigmoid(t)) ] = 0",
        "claim \"a\": lim_{t -> -inf}[ log(1 - sigmoid(t)) ] = 0",
        "claim \"a\": lim_{t -> inf}[ softplus(t) - t ] = 0",
        "claim \"a\": lim_{t -> inf}[ t*log(1 + 1/t) ] = 1",
    ])
    func proved(text: String) throws {
        let r = checkText("real t\n" + text, name: "lim.drv")
        #expect(r.chains.first?.steps.first?.verdict == .proved, "\(describeFailures(r))")
    }

    @Test("a wrong limit is refuted by the numbers", arguments: [
        "claim \"a\": lim_{t -> inf}[ log(sigmoid(t)) ] = log(2)",
        "claim \"a\": lim_{t -> -inf}[ sigmoid(t) ] = 1",
    ])
    func refuted(text: String) throws {
        let r = checkText("real t\n" + text, name: "lim.drv")
        #expect(r.chains.first?.steps.first?.verdict == .refuted, "\(describeFailures(r))")
    }

    @Test("a numeric limit that does not settle throws instead of guessing")
    func unsettled() throws {
        let e = try Expr(parsing: "lim_{t -> inf}[ sin(t) ]")
        guard case .bigOperator(let op) = e.kind else { return }
        #expect(throws: EvaluationError.self) { try LimitAtInfinity.numericValue(op, at: Environment()) }
        let f = try Expr(parsing: "lim_{t -> -inf}[ exp(t) + 1/2 ]")
        guard case .bigOperator(let op2) = f.kind else { return }
        #expect(try LimitAtInfinity.numericValue(op2, at: Environment()) == 0.5)
    }

    /// A small limit is its value, never rounded to 0; a value that keeps decaying like a
    /// power of t is 0; an exponentially small one underflows to an exact 0.
    @Test("numeric limits near zero keep their resolution", arguments: [
        ("lim_{t -> inf}[ 1e-13 + 1/t ]", 1e-13),
        ("lim_{t -> inf}[ 1e-25 + 1/t ]", 1e-25),
        ("lim_{t -> inf}[ 1e-200 + 1/t ]", 0),      // below the resolution, 1e-30 of the largest value
        ("lim_{t -> inf}[ -3e-14 + 2/sqrt(t) ]", -3e-14),
        ("lim_{t -> inf}[ 1/t ]", 0),
        ("lim_{t -> inf}[ 5/sqrt(t) ]", 0),
        ("lim_{t -> -inf}[ -exp(t) ]", 0),
        ("lim_{t -> inf}[ t*exp(-t) ]", 0),
    ])
    func nearZero(text: String, expected: Double) throws {
        guard case .bigOperator(let op) = try Expr(parsing: text).kind else { Issue.record("not a limit"); return }
        let v = try LimitAtInfinity.numericValue(op, at: Environment())
        #expect(abs(v - expected) <= 1e-12 * abs(expected), "\(text) gave \(v)")
    }

    @Test("a small nonzero limit stated as 0 is refuted numerically")
    func smallLimitRefuted() throws {
        let r = checkText("real t\nclaim \"a\": lim_{t -> inf}[ 1e-13 + 1/t ] = 0   by numeric\n", name: "lim.drv")
        #expect(r.chains.first?.steps.first?.verdict == .refuted, "\(describeFailures(r))")
    }
}
