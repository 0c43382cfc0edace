import Testing
@testable import Symbolic

@Suite("closed-form enclosures")
struct ClosedFormEnclosureTests {
    /// Values to 30+ digits (mpmath at 80 digits: at 40, log(2 − 2·sigmoid(30)) loses 13 of them): the enclosure of `expression − value` must
    /// lie within ±1e-29, so every supported function is right to 30 digits.
    @Test("enclosures agree with 30-digit reference values", arguments: [
        ("exp(20/17)", "3.242908421924543947746474578449905"),
        ("log(10)", "2.302585092994045684017991454684364"),
        ("log(2)", "0.693147180559945309417232121458176"),
        ("tanh(1)", "0.761594155955764888119458282604793"),
        ("exp(-30)", "0.0000000000000935762296884017460491583222337"),
        ("sqrt(8185)", "90.470989825468362673707381626991487"),
        ("(17/20)*exp(20/17) + 3/20", "2.906472158635862355584503391682419"),
        ("log(2 - 2*sigmoid(30))", "-29.306852819440148266812456275909617"),
        ("8185^(1/3)", "20.152993334390836469322345986471272"),
        ("2^(1/2)*3^(1/2)", "2.449489742783178098197284074705891"),
        ("cosh(-1) - sinh(1)", "0.367879441171442321595523770161461"),
        ("pi", "3.141592653589793238462643383279503"),
        ("-1/2*log(5/2*pi) - 1/2", "-1.530510308861777619663477281560535"),
        ("softplus(-2) + abs(-1/3) - max(1/7, 1/5) + min(1, 2)", "1.260261344376305829777060139691638"),
    ] as [(String, String)])
    func agreesWithReference(expression: String, value: String) throws {
        let e = try Expr(parsing: expression)
        let reference = try Expr(parsing: value)
        let b = try #require(ClosedFormEnclosure().bounds(e - reference, bits: 320))
        #expect(abs(b.lower) < 1e-29 && abs(b.upper) < 1e-29, "\(expression): \(b.description)")
        let alone = try #require(ClosedFormEnclosure().bounds(e, bits: 96))
        #expect(alone.lower <= alone.upper)
    }

    @Test("no enclosure without a rigorous rule, or where undefined", arguments: [
        "x + 1", "sin(1)", "inf", "f(2)", "sqrt(-1)", "log(1 - 1)", "1/(2 - 2)", "exp(10^9)",
    ])
    func noEnclosure(expression: String) throws {
        #expect(ClosedFormEnclosure().bounds(try Expr(parsing: expression)) == nil)
    }

    @Test("cancellation below double resolution is resolved", arguments: [
        // 1 + 10^-30 − 1 is 10^-30: in doubles it is 0.
        ("(1 + 1/1000000000000000000000000000000) - 1", 1),
        ("1 - (1 + 1/1000000000000000000000000000000)", -1),
        // (1 + sqrt(2))^40 and its conjugate power: the sum is an integer, the difference not.
        ("(1 + sqrt(2))^40 + (1 - sqrt(2))^40 - 2*((1 + sqrt(2))^40 + (1 - sqrt(2))^40)/2", 0),
    ] as [(String, Int)])
    func cancellation(expression: String, sign: Int) throws {
        let b = try #require(ClosedFormEnclosure().bounds(try Expr(parsing: expression)))
        #expect(b.sign == sign, "\(expression): \(b.description)")
    }

    /// Claims about closed values that double precision cannot refute (mutants that survived:
    /// docs/soundness.md) are refuted; true ones nearby are not.
    @Test("closed relations are refuted rigorously", arguments: [
        ("2.906472 > (17/20)*exp(20/17) + 3/20", true),      // false by 1.6e-7 (5e-8 relative)
        ("2.906472 < (17/20)*exp(20/17) + 3/20", false),
        ("tanh(1) < tanh(1)", true),
        ("tanh(1) <= tanh(1)", false),
        ("abs(sqrt(8185) - 90.4709898254684) <= 0.00000000000001", true),   // off by 3.7e-14
        ("abs(sqrt(8185) - 90.47098982546836) <= 0.00000000000001", false),
        ("log(2 - 2*sigmoid(30)) = -29.306852819440148", true),            // off by 2.7e-16
        ("exp(log(3)) = 3", false),
        ("(1 + 1/1000000000000000000000000000000) - 1 = 0", true),
    ] as [(String, Bool)])
    func refutes(text: String, isRefuted: Bool) throws {
        let r = try EquivalenceCheckerTests.decide(text)
        #expect((r.verdict == .refuted) == isRefuted, "\(text): \(r.verdict) \(r.notes)")
        #expect(r.inconsistency == nil, "\(text): \(r.inconsistency ?? "")")
        if isRefuted { #expect(r.counterexample?.isExact == true) }
    }
}
