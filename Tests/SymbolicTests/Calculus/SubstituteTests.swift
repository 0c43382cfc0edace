import Testing
@testable import Symbolic

private let x = Expr.symbol("x")
private let y = Expr.symbol("y")
private let z = Expr.symbol("z")
private let u = Expr.symbol("u")

private func expectation(_ bound: Expr, body: Expr, name: String = "E") -> Expr {
    Expr(.bigOperator(BigOperator(name: name, bindings: [Binding(subject: bound, relation: .distributedAs,
                                                                 value: .symbol("p"))], body: body)))
}

@Suite("Substitution")
struct SubstituteTests {
    @Test("replaces free occurrences")
    func simple() throws {
        #expect(try (x * y + x).substituting(.call(.sin, y), for: "x") == .call(.sin, y) * y + .call(.sin, y))
        #expect(try (x + 1).substituting(z, for: "y") == x + 1)
    }

    @Test("simultaneous substitution swaps")
    func simultaneous() throws {
        #expect(try (x - y).substituting(["x": y, "y": x]) == y - x)
    }

    @Test("bound variables are not replaced")
    func boundNotReplaced() throws {
        let e = expectation(z, body: z * x)
        #expect(try e.substituting(y, for: "z") == e)
        #expect(try e.substituting(y, for: "x") == expectation(z, body: z * y))
    }

    @Test("capture is avoided by renaming the bound variable")
    func captureAvoiding() throws {
        let e = expectation(z, body: z * x)
        let r = try e.substituting(z + 1, for: "x")
        #expect(r == expectation(.symbol("z_1"), body: .symbol("z_1") * (z + 1)))
        // The value of the binding clause is not in the scope of its own subject.
        let s = Expr(.bigOperator(BigOperator(name: "E", bindings: [
            Binding(subject: x, relation: .distributedAs, value: .apply("p", [y])),
            Binding(subject: z, relation: .distributedAs, value: .apply("q", [z, x], conditioningIndex: 1)),
        ], body: x + z + y)))
        let t = try s.substituting(x, for: "y")
        guard case .bigOperator(let op) = t.kind else { Issue.record("not a big operator"); return }
        #expect(op.bindings[0].subject == .symbol("x_1"))
        #expect(op.bindings[0].value == .apply("p", [x]))
        #expect(op.bindings[1].value == .apply("q", [z, .symbol("x_1")], conditioningIndex: 1))
        #expect(op.body == .symbol("x_1") + z + x)
    }

    @Test("substituting for the variable of a written derivative forms it first")
    func derivativeNodes() throws {
        let d = Expr(.derivative(of: .power(x, 3), variable: "x", order: 1))
        let r = try d.substituting(2, for: "x")
        #expect(try r.evaluate(at: [:]) == 12)
        let e = Expr(.derivative(of: x * y, variable: "x", order: 1))
        // y ↦ x would otherwise be differentiated too.
        #expect(try e.substituting(x, for: "y") == x)
        #expect(try e.substituting(z, for: "y") == Expr(.derivative(of: x * z, variable: "x", order: 1)))
    }

    @Test("shared nodes are substituted once and stay shared")
    func dag() throws {
        var e = x
        for _ in 0 ..< 60 { e = e * e + e }
        let r = try e.substituting(y, for: "x")
        #expect(r.treeSize == e.treeSize)
        #expect(try r.evaluate(at: ["y": 0]) == 0)
    }

    @Test("function definitions replace calls and derivative heads")
    func functionDefinition() throws {
        let body = u * .call(.log, u)
        let fPrime = Expr(.call(.opaque(OpaqueFunction(name: "f", derivativeOrders: [1])), [.power(x, 2)]))
        let e = Expr.apply("f", [.power(x, 2)]) + fPrime
        let r = try e.substituting(function: "f", parameters: ["u"], body: body)
        #expect(!r.containsCall(named: "f"))
        for v in [0.5, 1.5, 3.0] {
            let w = v * v
            #expect(Numeric.close(try r.evaluate(at: ["x": v]), w * Foundation.log(w) + Foundation.log(w) + 1,
                                  tolerance: 1e-14))
        }
        // Derivative of the whole expression before and after substitution agree.
        let d = try e.derivative(withRespectTo: "x").substituting(function: "f", parameters: ["u"], body: body)
        let direct = try r.derivative(withRespectTo: "x")
        for v in [0.5, 1.5] {
            #expect(Numeric.close(try d.evaluate(at: ["x": v]), try direct.evaluate(at: ["x": v]), tolerance: 1e-12))
        }
    }

    @Test("nested calls and multi-argument definitions")
    func nestedAndMultiArgument() throws {
        let e = Expr.apply("f", [.apply("f", [x])])
        let r = try e.substituting(function: "f", parameters: ["u"], body: u * u + 1)
        #expect(try r.evaluate(at: ["x": 2]) == 26)
        let g = Expr.apply("g", [x, y], conditioningIndex: 1)
        let dg = Expr(.call(.opaque(OpaqueFunction(name: "g", conditioningIndex: 1, derivativeOrders: [0, 1])), [x, y]))
        let s = try (g + dg).substituting(function: "g", parameters: ["a", "b"],
                                          body: .symbol("a") * .power(.symbol("b"), 3))
        #expect(try s.evaluate(at: ["x": 2, "y": 3]) == 2 * 27 + 2 * 27)
        // A call with another arity is left alone.
        let other = Expr.apply("g", [x])
        #expect(try other.substituting(function: "g", parameters: ["a", "b"], body: .symbol("a")) == other)
    }

    @Test("a body's global symbols are not captured by big operators")
    func bodyCapture() throws {
        let e = expectation(.symbol("a"), body: .apply("f", [.symbol("a")]))
        let r = try e.substituting(function: "f", parameters: ["u"], body: u * .symbol("a"))
        guard case .bigOperator(let op) = r.kind else { Issue.record("not a big operator"); return }
        #expect(op.bindings[0].subject == .symbol("a_1"))
        #expect(op.body == .symbol("a_1") * .symbol("a"))
    }
}

import Foundation
