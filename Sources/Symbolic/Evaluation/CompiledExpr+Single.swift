// The compiled program at one point.
//
// Implementation notes
// --------------------
// `PointEvaluator` runs a program at one point per call, hundreds of thousands of times in a
// nested quadrature or a margin search. The block loops (`run` with n = 1) pay per
// instruction for building block operands, a switch over operand shapes and a loop of one
// iteration. `runSingle` executes the same plan on scalars: every operation computes the same
// function of the same operands as the block kernel `run` dispatches to (the same closures'
// bodies, the same `Elementary`/`ElementaryKernels` functions, the same domain predicates, and
// the same distinction between a constant and a vector operand where the block kernels make
// one: `exp` of a constant is checked for finiteness, of a vector it is not). Opaque calls and
// selections use the block routines with n = 1 (they are per point anyway). So the value and
// the flag equal those of `run` on a block of one point; `PointEvaluatorTests` and
// `SweepEvaluatorTests` check both against tree evaluation bit for bit.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension CompiledExpr {
    /// Runs the program at the point `inputs` (one value per variable, also given as
    /// one-element `columns` for opaque calls and selections) in a workspace of stride 1.
    /// Returns the value; `workspace.flags[0]` is nonzero where the point is flagged.
    func runSingle(_ workspace: Workspace, _ inputs: UnsafePointer<Double>,
                   _ columns: [UnsafeBufferPointer<Double>]) -> Double {
        let registers = workspace.registers
        let flags = workspace.flags
        flags[0] = 0
        var flag: UInt64 = 0
        typealias D = Elementary.Domain
        @inline(__always)
        func value(_ o: PlannedOperand) -> Double {
            switch o {
            case .constant(let c): return c
            case .column(let j): return inputs[j]
            case .register(let k): return registers[k]
            }
        }
        plan.withUnsafeBufferPointer { program in
            for index in 0 ..< program.count {
                let ins = program[index]
                let r: Double
                switch ins.operation {
                case .add:
                    r = value(ins.first) + value(ins.second)
                case .subtract:
                    r = value(ins.first) - value(ins.second)
                case .multiply:
                    r = value(ins.first) * value(ins.second)
                case .divide:
                    let d = value(ins.second)
                    r = value(ins.first) / d
                    // A constant divisor was checked at compile time.
                    if case .constant = ins.second {} else { flag |= D.finiteNonzero(d) }
                case .negate:
                    r = -value(ins.first)
                case .reciprocal:
                    let a = value(ins.first)
                    r = 1 / a
                    flag |= D.finiteNonzero(a)
                case .builtin(let f):
                    let a = value(ins.first)
                    let isConstant: Bool
                    if case .constant = ins.first { isConstant = true } else { isConstant = false }
                    let (v, bad) = BlockKernels.builtinScalar(f, a, isConstant: isConstant)
                    r = v
                    flag |= bad
                case .extremum(let f):
                    let a = value(ins.first), b = value(ins.second)
                    r = f == .max ? (b > a ? b : a) : (b < a ? b : a)
                    flag |= D.finite(a) | D.finite(b)
                case .powerZero:
                    r = 1
                    flag |= D.finiteNonzero(value(ins.first))
                case .largePower(let k):
                    r = Elementary.positivePower(value(ins.first), k)
                case .fractionalPower(let q):
                    let a = value(ins.first)
                    r = Elementary.fractionalPowerValue(a, q)
                    flag |= Elementary.isFractionalPowerDefined(a, q) ? 0 : 1
                case .power:
                    let x = value(ins.first), y = value(ins.second)
                    let p = try? Elementary.power(x, y)
                    r = p ?? 0
                    flag |= D.finite(x) | D.finite(y) | (p != nil ? 0 : 1)
                case .opaque(let function):
                    runOpaque(function, variadicOperands[index], workspace, columns, 0, 1, registers + ins.destination)
                    continue
                case .select:
                    runSelect(variadicOperands[index], workspace, columns, 0, 1, registers + ins.destination)
                    continue
                }
                registers[ins.destination] = r
            }
        }
        flags[0] |= flag
        switch output {
        case .constant(let bits): return Double(bitPattern: bits)
        case .variable(let j): return inputs[j]
        case .instruction(let i): return registers[instructions[i].destination]
        }
    }
}

extension BlockKernels {
    /// A built-in at one value and the flag the block loop sets there (`builtinBlock` with
    /// n = 1; `isConstant` when the operand is a constant rather than a vector).
    @inline(__always)
    static func builtinScalar(_ f: Builtin, _ x: Double, isConstant: Bool) -> (Double, UInt64) {
        typealias D = Elementary.Domain
        switch f {
        case .abs: return (x.magnitude, D.finite(x))
        case .acos: return (acos(x), D.unitInterval(x))
        case .asin: return (asin(x), D.unitInterval(x))
        case .atan: return (atan(x), D.finite(x))
        case .cos: return (cos(x), D.finite(x))
        case .cosh: return (cosh(x), D.finite(x))
        case .erf: return (erf(x), D.finite(x))
        // `expLoop` does not check a vector operand (exp of a non-finite value is NaN, which
        // the next check or the result's finiteness catches).
        case .exp: return (ElementaryKernels.exp(x), isConstant ? D.finite(x) : 0)
        case .lambertw: return (Elementary.lambertw(x), D.lambertw(x))
        case .log: return (ElementaryKernels.log(x), D.positive(x))
        case .max, .min: return (x, D.finite(x))
        case .sigmoid: return (Elementary.sigmoid(x), D.finite(x))
        case .sign: return (Elementary.sign(x), D.finite(x))
        case .sin: return (sin(x), D.finite(x))
        case .sinh: return (sinh(x), D.finite(x))
        case .softplus: return (Elementary.softplus(x), D.finite(x))
        case .sqrt: return (x.squareRoot(), D.nonnegative(x))
        case .tan: return (tan(x), D.tan(x))
        case .tanh: return (tanh(x), D.finite(x))
        }
    }
}
