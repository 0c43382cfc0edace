// The block loops of the compiled evaluator.
//
// Implementation notes
// --------------------
// One loop per instruction over the whole block (struct of arrays): no allocation and no
// switch per point, so the loops of arithmetic, exp, log, sqrt, sigmoid, abs, sign, min and
// max auto-vectorise. Each point has a 64-bit flag word; a check ORs 1 into it where an
// operand is outside the domain. Operands are vectors (registers or input columns) or
// scalars (constants), with a loop per combination. Scalar-only operations (the C
// library's sin, pow, …, opaque closures) run the same per-point functions as the tree
// evaluator.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An operand of one block: a vector of `n` doubles or a broadcast constant.
enum BlockOperand {
    case vector(UnsafePointer<Double>)
    case scalar(Double)
}

enum BlockKernels {
    typealias Output = UnsafeMutablePointer<Double>
    typealias Flags = UnsafeMutablePointer<UInt64>

    @inline(__always)
    static func binary(_ n: Int, _ a: BlockOperand, _ b: BlockOperand, _ r: Output,
                       _ f: (Double, Double) -> Double) {
        switch (a, b) {
        case (.vector(let x), .vector(let y)):
            for i in 0 ..< n { r[i] = f(x[i], y[i]) }
        case (.vector(let x), .scalar(let y)):
            for i in 0 ..< n { r[i] = f(x[i], y) }
        case (.scalar(let x), .vector(let y)):
            for i in 0 ..< n { r[i] = f(x, y[i]) }
        case (.scalar(let x), .scalar(let y)):
            let v = f(x, y)
            for i in 0 ..< n { r[i] = v }
        }
    }

    @inline(__always)
    static func unary(_ n: Int, _ a: BlockOperand, _ r: Output, _ f: (Double) -> Double) {
        switch a {
        case .vector(let x):
            for i in 0 ..< n { r[i] = f(x[i]) }
        case .scalar(let x):
            let v = f(x)
            for i in 0 ..< n { r[i] = v }
        }
    }

    /// r = f(a), ORing `violation(a)` (0 or 1) into the flags.
    @inline(__always)
    static func checkedUnary(_ n: Int, _ a: BlockOperand, _ r: Output, _ flags: Flags,
                             _ f: (Double) -> Double, _ violation: (Double) -> UInt64) {
        switch a {
        case .vector(let x):
            for i in 0 ..< n {
                let v = x[i]
                r[i] = f(v)
                flags[i] |= violation(v)
            }
        case .scalar(let x):
            let v = f(x)
            let bad = violation(x)
            for i in 0 ..< n {
                r[i] = v
                flags[i] |= bad
            }
        }
    }

    /// r = f(a, b), ORing `violation(a, b)` (0 or 1) into the flags.
    @inline(__always)
    static func checkedBinary(_ n: Int, _ a: BlockOperand, _ b: BlockOperand, _ r: Output, _ flags: Flags,
                              _ f: (Double, Double) -> Double, _ violation: (Double, Double) -> UInt64) {
        switch (a, b) {
        case (.vector(let x), .vector(let y)):
            for i in 0 ..< n {
                let u = x[i], v = y[i]
                r[i] = f(u, v)
                flags[i] |= violation(u, v)
            }
        case (.vector(let x), .scalar(let v)):
            for i in 0 ..< n {
                let u = x[i]
                r[i] = f(u, v)
                flags[i] |= violation(u, v)
            }
        case (.scalar(let u), .vector(let y)):
            for i in 0 ..< n {
                let v = y[i]
                r[i] = f(u, v)
                flags[i] |= violation(u, v)
            }
        case (.scalar(let u), .scalar(let v)):
            let value = f(u, v)
            let bad = violation(u, v)
            for i in 0 ..< n {
                r[i] = value
                flags[i] |= bad
            }
        }
    }

    /// exp over a block: four lanes at a time with the SIMD version, the remainder with the
    /// bit-identical scalar version. Kept out of line so it is optimised on its own.
    @inline(never)
    static func expLoop(_ n: Int, _ x: UnsafePointer<Double>, _ r: Output) {
        ElementaryKernels.exp2Table.withUnsafeBufferPointer { t in
            guard let table = t.baseAddress else { return }
            var i = 0
            while i &+ 4 <= n {
                let v = UnsafeRawPointer(x + i).loadUnaligned(as: ElementaryKernels.Vector.self)
                UnsafeMutableRawPointer(r + i).storeBytes(of: ElementaryKernels.exp(v, table: table),
                                                          as: ElementaryKernels.Vector.self)
                i &+= 4
            }
            while i < n {
                r[i] = ElementaryKernels.exp(x[i])
                i &+= 1
            }
        }
        // No check: exp of a non-finite value is NaN, which propagates to the next check.
    }

    /// log over a block (see `expLoop`).
    @inline(never)
    static func logLoop(_ n: Int, _ x: UnsafePointer<Double>, _ r: Output, _ flags: Flags) {
        ElementaryKernels.logTable.withUnsafeBufferPointer { t in
            guard let table = t.baseAddress else { return }
            var i = 0
            while i &+ 4 <= n {
                let v = UnsafeRawPointer(x + i).loadUnaligned(as: ElementaryKernels.Vector.self)
                UnsafeMutableRawPointer(r + i).storeBytes(of: ElementaryKernels.log(v, table: table),
                                                          as: ElementaryKernels.Vector.self)
                i &+= 4
            }
            while i < n {
                r[i] = ElementaryKernels.log(x[i])
                i &+= 1
            }
        }
        for i in 0 ..< n { flags[i] |= Elementary.Domain.positive(x[i]) }
    }

    /// Dispatches a built-in to a loop specialised for it (the same raw functions and domain
    /// predicates as `Elementary.apply`).
    static func builtinBlock(_ f: Builtin, _ n: Int, _ a: BlockOperand, _ r: Output, _ flags: Flags) {
        typealias D = Elementary.Domain
        switch f {
        case .abs: checkedUnary(n, a, r, flags, { $0.magnitude }, D.finite)
        case .acos: checkedUnary(n, a, r, flags, { acos($0) }, D.unitInterval)
        case .asin: checkedUnary(n, a, r, flags, { asin($0) }, D.unitInterval)
        case .atan: checkedUnary(n, a, r, flags, { atan($0) }, D.finite)
        case .cos: checkedUnary(n, a, r, flags, { cos($0) }, D.finite)
        case .cosh: checkedUnary(n, a, r, flags, { cosh($0) }, D.finite)
        case .erf: checkedUnary(n, a, r, flags, { erf($0) }, D.finite)
        case .exp:
            if case .vector(let x) = a { expLoop(n, x, r) } else { checkedUnary(n, a, r, flags, ElementaryKernels.exp, D.finite) }
        case .lambertw: checkedUnary(n, a, r, flags, { Elementary.lambertw($0) }, D.lambertw)
        case .log:
            if case .vector(let x) = a { logLoop(n, x, r, flags) } else { checkedUnary(n, a, r, flags, ElementaryKernels.log, D.positive) }
        case .max, .min: checkedUnary(n, a, r, flags, { $0 }, D.finite)
        case .sigmoid: checkedUnary(n, a, r, flags, { Elementary.sigmoid($0) }, D.finite)
        case .sign: checkedUnary(n, a, r, flags, { Elementary.sign($0) }, D.finite)
        case .sin: checkedUnary(n, a, r, flags, { sin($0) }, D.finite)
        case .sinh: checkedUnary(n, a, r, flags, { sinh($0) }, D.finite)
        case .softplus: checkedUnary(n, a, r, flags, { Elementary.softplus($0) }, D.finite)
        case .sqrt: checkedUnary(n, a, r, flags, { $0.squareRoot() }, D.nonnegative)
        case .tan: checkedUnary(n, a, r, flags, { tan($0) }, D.tan)
        case .tanh: checkedUnary(n, a, r, flags, { tanh($0) }, D.finite)
        }
    }
}
