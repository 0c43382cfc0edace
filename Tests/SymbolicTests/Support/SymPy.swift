// SymPy as a test oracle: availability check, a runner and an Expr → SymPy source printer.
// Used only by tests, never by the product.
import Foundation
@testable import Symbolic

enum SymPy {
    /// Whether `python3` with `sympy` can be run on this machine.
    static let isAvailable: Bool = {
        (try? run("import sympy\nprint('ok')"))?.trimmingCharacters(in: .whitespacesAndNewlines) == "ok"
    }()

    /// Runs a Python script with `python3` and returns its standard output.
    /// Throws when python3 is missing or the script fails.
    static func run(_ script: String) throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("stepwise-sympy-\(UUID().uuidString).py")
        try script.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", url.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SymPyError.failed(String(decoding: errData, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }

    enum SymPyError: Error { case failed(String), unsupported(String) }

    /// SymPy source for an expression (opaque functions become `Function('f')`).
    static func source(_ e: Expr) throws -> String {
        switch e.kind {
        case .number(let r):
            return r.isInteger ? "Integer(\(r.numerator))" : "Rational(\(r.numerator), \(r.denominator))"
        case .symbol(let s):
            return "Symbol('\(s.name)')"
        case .constant(let c):
            switch c {
            case .pi: return "pi"
            case .infinity: return "oo"
            }
        case .sum(let terms):
            return "Add(" + (try terms.map(source)).joined(separator: ", ") + ", evaluate=False)"
        case .product(let factors):
            return "Mul(" + (try factors.map(source)).joined(separator: ", ") + ", evaluate=False)"
        case .power(let b, let x):
            return "Pow(\(try source(b)), \(try source(x)), evaluate=False)"
        case .call(let f, let args):
            let a = try args.map(source).joined(separator: ", ")
            switch f {
            case .builtin(let b):
                switch b {
                case .abs: return "Abs(\(a))"
                case .acos, .asin, .atan, .cos, .cosh, .erf, .exp, .log, .sin, .sinh, .sqrt, .tan, .tanh:
                    return "\(b.rawValue)(\(a))"
                case .lambertw: return "LambertW(\(a))"
                case .max: return "Max(\(a))"
                case .min: return "Min(\(a))"
                case .sigmoid: return "(1/(1+exp(-(\(a)))))"
                case .sign: return "sign(\(a))"
                case .softplus: return "log(1+exp(\(a)))"
                }
            case .opaque(let o):
                if o.isDifferentiated { throw SymPyError.unsupported("derivative head") }
                return "Function('\(o.name)')(\(a))"
            }
        case .derivative(let of, let v, let n):
            return "Derivative(\(try source(of)), (Symbol('\(v.name)'), \(n)))"
        case .bigOperator, .list, .subscripted, .range:
            throw SymPyError.unsupported("\(e.kind)")
        }
    }
}
