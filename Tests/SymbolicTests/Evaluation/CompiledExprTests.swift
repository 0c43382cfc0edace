import Testing
@testable import Symbolic

private let x = Expr.symbol("x")
private let y = Expr.symbol("y")
private let variables: [Symbol] = ["x", "y", "z"]

/// Columns of `count` seeded points in [−3, 3]³, with a few non-finite inputs mixed in.
private func columns(seed: UInt64, count: Int) -> [[Double]] {
    var rng = RandomSource(seed: seed)
    return variables.map { _ in
        (0 ..< count).map { i in
            if i % 97 == 13 { return [Double.nan, .infinity, -.infinity][i % 3] }
            return rng.nextDouble(in: -3, 3)
        }
    }
}

private func run(_ c: CompiledExpr, _ data: [[Double]], count: Int) throws -> ([Double], [Bool], Int) {
    var out = [Double](repeating: .nan, count: count)
    var valid = [Bool](repeating: false, count: count)
    var bad = 0
    try withColumns(data) { cols in
        try out.withUnsafeMutableBufferPointer { o in
            try valid.withUnsafeMutableBufferPointer { v in
                bad = try c.evaluate(columns: cols, count: count, into: o, validity: v)
            }
        }
    }
    return (out, valid, bad)
}

private func withColumns<R>(_ data: [[Double]], _ body: ([UnsafeBufferPointer<Double>]) throws -> R) rethrows -> R {
    func nest(_ i: Int, _ acc: [UnsafeBufferPointer<Double>]) throws -> R {
        if i == data.count { return try body(acc) }
        return try data[i].withUnsafeBufferPointer { try nest(i + 1, acc + [$0]) }
    }
    return try nest(0, [])
}

@Suite("Compiled evaluation")
struct CompiledExprTests {
    /// All built-ins, opaque functions and symbolic exponents.
    static func configuration(_ seed: Int) -> RandomExpr.Configuration {
        var c = RandomExpr.Configuration()
        if seed % 2 == 1 { c.functions = Builtin.allCases }
        if seed % 3 == 0 { c.opaqueFunctions = ["f"] }
        c.symbolicExponents = seed % 4 == 0
        c.maxDepth = 5
        return c
    }

    static func environment() -> Environment {
        var env = Environment()
        env.define("f") { a in
            guard a[0] < 2 else { throw EvaluationError.domain(operation: "f", argument: a[0]) }
            return a[0] * a[0] - 1
        }
        return env
    }

    @Test("random trees: compiled = tree evaluation bit for bit, validity included", arguments: 0 ..< 120)
    func matchesTree(seed: Int) throws {
        var generator = RandomExpr(seed: UInt64(seed), configuration: Self.configuration(seed))
        let e = generator.make()
        let env = Self.environment()
        let compiled: CompiledExpr
        do {
            compiled = try CompiledExpr(compiling: e, variables: variables, environment: env)
        } catch {
            // Undefined everywhere: the tree evaluator must fail at every point too.
            var point = env
            point.values = ["x": 0.5, "y": 1.5, "z": -0.5]
            #expect(throws: (any Error).self) { try e.evaluate(at: point) }
            return
        }
        let count = 700
        let data = columns(seed: UInt64(seed) + 1, count: count)
        let (out, valid, bad) = try run(compiled, data, count: count)
        #expect(bad == valid.filter { !$0 }.count)
        for i in 0 ..< count {
            var point = env
            point.values = ["x": data[0][i], "y": data[1][i], "z": data[2][i]]
            let tree = try? e.evaluate(at: point)
            #expect(valid[i] == (tree != nil), "seed \(seed) point \(i): \(e.testDescription) tree \(String(describing: tree))")
            if let t = tree, valid[i] {
                #expect(out[i].bitPattern == t.bitPattern, "seed \(seed) point \(i): \(out[i]) vs \(t)")
            } else {
                #expect(out[i] == 0)
            }
        }
    }

    @Test("results do not depend on how the points are split into calls", arguments: [3, 4, 5])
    func blockIndependence(seed: Int) throws {
        var generator = RandomExpr(seed: UInt64(seed), configuration: Self.configuration(seed))
        let e = generator.make()
        guard let compiled = try? CompiledExpr(compiling: e, variables: variables, environment: Self.environment()) else { return }
        let count = 1500
        let data = columns(seed: 99, count: count)
        let (whole, wholeValid, _) = try run(compiled, data, count: count)
        var start = 0
        for size in [1, 7, 300, 513, 679] {
            let slice = data.map { Array($0[start ..< start + size]) }
            let (part, partValid, _) = try run(compiled, slice, count: size)
            for i in 0 ..< size {
                #expect(part[i].bitPattern == whole[start + i].bitPattern)
                #expect(partValid[i] == wholeValid[start + i])
            }
            start += size
        }
    }

    @Test("the sum entry point adds the valid values (lane i mod 8, compensated)")
    func sums() throws {
        let e = Expr.call(.log, x) + y
        let compiled = try CompiledExpr(compiling: e, variables: ["x", "y"])
        let count = 1000
        let data = [columns(seed: 5, count: count)[0], columns(seed: 6, count: count)[0]]
        let s = try withColumns(data) { try compiled.sum(columns: $0, count: count) }
        var reference = LaneSum(), squares = LaneSum()
        var naive = 0.0
        var n = 0
        for i in 0 ..< count {
            let value = try? e.evaluate(at: ["x": data[0][i], "y": data[1][i]])
            if value != nil { n += 1 }
            let v = value ?? 0
            reference.add(v)
            squares.add(v * v)
            naive += v
        }
        #expect(s.validCount == n && s.invalidCount == count - n)
        #expect(s.total.bitPattern == reference.value.bitPattern)
        #expect(s.totalOfSquares.bitPattern == squares.value.bitPattern)
        #expect(Numeric.close(s.total, naive, tolerance: 1e-12))
    }

    @Test("common sub-expressions and constants are shared and folded")
    func sharing() throws {
        let e = Expr.call(.sin, x) * .call(.sin, x) + .call(.sqrt, 2 * .pi) * x
        let compiled = try CompiledExpr(compiling: e, variables: ["x"])
        #expect(compiled.instructionCount == 4, "\(compiled.programListing)")
        let gaussian = { (m: Expr, s: Expr) -> Expr in
            .call(.exp, -(.power(x - m, 2)) / (2 * .power(s, 2))) / (.call(.sqrt, 2 * .pi) * s)
        }
        let logRatio = Expr.call(.log, gaussian(0, 1) / gaussian(.number(Rational(1, 2)!), .number(Rational(3, 2)!)))
        let c = try CompiledExpr(compiling: logRatio, variables: ["x"])
        let listing = c.programListing
        #expect(listing.components(separatedBy: "builtin(Symbolic.Builtin.exp)").count == 3)
        #expect(c.instructionCount <= 11, "\(listing)")
    }

    @Test("lists, opaque functions and environment constants")
    func constructs() throws {
        let list = Expr(.list([.number(Rational(1, 10)!), .number(Rational(3, 5)!), y]))
        let e = Expr(.subscripted(list, [x])) + .apply("f", [x])
        var env = Self.environment()
        env.values["y"] = 7
        let compiled = try CompiledExpr(compiling: e, variables: ["x"], environment: env)
        let data = [[0.0, 1, 2, 3, 0.5, -1]]
        let (out, valid, _) = try run(compiled, data, count: 6)
        #expect(valid == [true, true, false, false, false, false])
        #expect(out[0] == 0.1 - 1 && out[1] == 0.6 + 0)
        #expect(throws: EvaluationError.domain(operation: "f", argument: 2)) { try compiled.evaluate(at: [2]) }
    }

    @Test("compile-time errors", arguments: [
        (Expr.symbol("w") + x, EvaluationError.unboundSymbol("w")),
        (x + .call(.log, -1), .domain(operation: "log", argument: -1)),
        (x / 0, .divisionByZero),
        (Expr.apply("g", [x]), .unboundFunction("g")),
        (Expr(.list([x])), .unsupported("a list is not a number")),
    ])
    func compileErrors(e: Expr, expected: EvaluationError) {
        #expect(throws: expected) { try CompiledExpr(compiling: e, variables: ["x"]) }
    }

    @Test("buffers that do not match are rejected, not trapped on")
    func shapes() throws {
        let compiled = try CompiledExpr(compiling: x + y, variables: ["x", "y"])
        #expect(throws: EvaluationError.self) {
            try withColumns([[1, 2]]) { try compiled.sum(columns: $0, count: 2) }
        }
        #expect(throws: EvaluationError.self) {
            try withColumns([[1, 2], [1]]) { try compiled.sum(columns: $0, count: 2) }
        }
    }
}
