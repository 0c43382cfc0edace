import Testing
@testable import Symbolic

/// Programs whose instructions check no domain skip the flags; validity still follows the
/// tree evaluator (a non-finite result is invalid), in every entry point.
@Suite("Compiled programs without domain checks")
struct CompiledPlanTests {
    private static let x = Expr.symbol("x")

    @Test("which programs write flags", arguments: [
        ("-5/18*x^2 - 2/9*x + 1/18", false),
        ("exp(-x^2/2)/3", false),
        ("x/2 - x*7", false),
        ("log(x)", true),
        ("1/x", true),
        ("x/(x - 1)", true),
        ("sqrt(x)", true),
        ("x^(1/3)", true),
        ("max(x, 1)", true),
    ])
    func flagWriters(text: String, writes: Bool) throws {
        let compiled = try CompiledExpr(compiling: try Expr(parsing: text), variables: ["x"])
        #expect(compiled.writesFlags == writes, "\(compiled.programListing)")
    }

    @Test("a program without checks marks overflow invalid, the rest bit for bit like the tree")
    func overflowWithoutFlags() throws {
        let e = Expr.power(Self.x, 2) * 3 + 1
        let compiled = try CompiledExpr(compiling: e, variables: ["x"])
        #expect(!compiled.writesFlags)
        // Spans several blocks and a partial one; every 97th point overflows.
        let count = 3 * CompiledExpr.blockSize + 37
        let xs = (0 ..< count).map { i in i % 97 == 5 ? 1e200 : Double(i) / 7 - 40 }
        var out = [Double](repeating: .nan, count: count)
        var valid = [Bool](repeating: false, count: count)
        let bad = try xs.withUnsafeBufferPointer { column in
            try out.withUnsafeMutableBufferPointer { o in
                try valid.withUnsafeMutableBufferPointer { v in
                    try compiled.evaluate(columns: [column], count: count, into: o, validity: v)
                }
            }
        }
        #expect(bad == xs.filter { $0 == 1e200 }.count)
        for i in 0 ..< count {
            let tree = try? e.evaluate(at: ["x": xs[i]])
            #expect(valid[i] == (tree != nil))
            #expect(out[i].bitPattern == (tree ?? 0).bitPattern)
        }
        let sum = try xs.withUnsafeBufferPointer { try compiled.sum(columns: [$0], count: count) }
        #expect(sum.invalidCount == bad)
        // One point at a time, reusing the registers: an invalid point leaves nothing behind.
        let point = try PointEvaluator(compiling: e, variables: ["x"], environment: Environment())
        #expect(point.value(at: [1e200]) == nil)
        #expect(point.value(at: [2]) == 13)
    }
}
