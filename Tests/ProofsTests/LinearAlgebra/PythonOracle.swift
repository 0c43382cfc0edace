// python3 as a test oracle for the linear algebra (exact `fractions`, numpy): availability
// checks and helpers over the shared runner (`Python3`). One process per test; tests skip cleanly when python3 is missing.
import Foundation
import Proofs
import Symbolic

enum PythonOracle {
    /// Whether `python3` runs here.
    static let hasPython: Bool = Python3.canImport([])

    /// Whether `python3` with numpy runs here.
    static let hasNumPy: Bool = Python3.canImport(["numpy"])

    /// Runs a script with `python3` and returns its standard output.
    static func run(_ script: String) throws -> String { try Python3.run(script) }

    /// The output lines, trimmed, empty lines dropped.
    static func lines(_ script: String) throws -> [String] {
        try run(script).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A Python literal of nested lists of `Fraction`s for a rational matrix.
    static func fractionLiteral(_ m: Matrix<Rational>) -> String {
        "[" + m.rows.map { row in
            "[" + row.map { "Fraction(\($0.numerator), \($0.denominator))" }.joined(separator: ", ") + "]"
        }.joined(separator: ", ") + "]"
    }

    /// A Python literal of nested lists of floats (exact round-trip through `float.fromhex`).
    static func floatLiteral(_ m: Matrix<Double>) -> String {
        "[" + m.rows.map { row in
            "[" + row.map { "float.fromhex('\(hex($0))')" }.joined(separator: ", ") + "]"
        }.joined(separator: ", ") + "]"
    }

    /// The C99 hexadecimal form of a finite double (exact).
    static func hex(_ x: Double) -> String {
        if x == 0 { return x.sign == .minus ? "-0x0p+0" : "0x0p+0" }
        let sign = x < 0 ? "-" : ""
        let m = x.magnitude
        let exponent = Int(m.exponent)
        let significand = m.significand  // in [1, 2)
        let fraction = UInt64((significand - 1) * 0x1p52)
        return "\(sign)0x1.\(String(fraction, radix: 16).leftPadded(to: 13))p\(exponent)"
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
