// How reports print floating-point numbers: six significant digits, fixed notation for
// moderate magnitudes, scientific otherwise, never a mantissa of 10.
import Testing
@testable import Symbolic

@Suite("formatting doubles")
struct FormatDoubleTests {
    @Test("numbers print with six significant digits", arguments: [
        (0.0, "0"),
        (3.0, "3"),
        (-42.0, "-42"),
        (0.5, "0.5"),
        (0.683772233983, "0.683772"),
        (1234.56789, "1234.57"),
        (1e-4, "0.0001"),
        (2.5e-7, "2.5e-7"),
        (5e-9, "5e-9"),
        (-3e-9, "-3e-9"),
        (1.5e20, "1.5e20"),
        // Powers of ten whose repeated scaling is inexact once printed as 10e-13.
        (1e-12, "1e-12"),
        (1e-15, "1e-15"),
        (1e-300, "1e-300"),
        (1e23, "1e23"),
        // A mantissa that rounds up to 10 moves to the next exponent.
        (9.9999996e-7, "1e-6"),
        (-9.9999996e-7, "-1e-6"),
        (1.11022e-16, "1.11022e-16"),
        (1.7976931348623157e308, "1.79769e308"),
        (5e-324, "4.94066e-324"),
        // Values that are not finite (fuzz seed 9: an infinity never left the scaling loop).
        (.infinity, "inf"),
        (-.infinity, "-inf"),
        (.nan, "nan"),
    ] as [(Double, String)])
    func format(value: Double, expected: String) {
        #expect(formatDouble(value) == expected)
    }

    @Test("powers of ten outside the fixed range print as 1eK", arguments: [-300, -200, -100, -50, -13, -12, -7, 16, 50, 100, 300])
    func powersOfTen(exponent: Int) {
        let text = "1e\(exponent)"
        let value = Double(text) ?? .nan
        #expect(formatDouble(value) == text)
    }
}
