import Testing
@testable import Symbolic

@Suite("Selective walks over expressions")
struct WalkFindsTests {
    /// Finds a `log` call, entering only the terms of sums (not products, not arguments).
    static func logInSumTerms(_ e: Expr) -> Bool {
        e.walkFinds { x in
            if case .call(.builtin(.log), _) = x.kind { return .found }
            if case .sum(let terms) = x.kind { return .enter(terms) }
            return .enter([])
        }
    }

    @Test("only the edges entered are walked", arguments: [
        ("log(x) + y", true), ("2*log(x) + y", false), ("exp(log(x)) + 1", false), ("y + (z + log(x))", true), ("x", false),
    ])
    func selective(text: String, found: Bool) throws {
        #expect(Self.logInSumTerms(try Expr(parsing: text)) == found)
    }

    @Test("a shared node is visited once")
    func sharedOnce() {
        var node: Expr = .symbol("x")
        for _ in 0..<200 { node = .sum([node, node]) }  // 2^200 paths, 201 nodes
        var visits = 0
        let found = node.walkFinds { x in
            visits += 1
            if case .sum(let terms) = x.kind { return .enter(terms) }
            return .enter([])
        }
        #expect(!found)
        #expect(visits == 201)
    }
}
