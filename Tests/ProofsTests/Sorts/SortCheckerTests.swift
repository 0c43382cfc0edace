// The sort checker: the symbol table it builds and the errors it reports, located by markers.
import Proofs
import Symbolic
import Testing

/// Parses (requiring no parse errors) and sort-checks marked text.
private func sortCheck(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> SortCheckResult {
    let (file, parseDiagnostics) = DrvParser.parse(text: text, name: "t.drv")
    #expect(parseDiagnostics.isEmpty, "parse diagnostics: \(parseDiagnostics.map(\.message))", sourceLocation: sourceLocation)
    return SortChecker.analyze(file)
}

@Suite("the sort checker")
struct SortCheckerTests {
    // MARK: The symbol table

    @Test("the symbol table records sorts, properties, constraints, parameters and bodies")
    func symbolTable() throws {
        let marked = MarkedText("""
            real 1️⃣t2️⃣ > -1
            natural n
            matrix B[4, 2] fullrank
            function f(u, v) convex
            function g(s) = s^2
            density p(z | x)
            let 3️⃣G4️⃣ = B^T*B
            let h(w) = w + t
            claim "uses": det(G) + f(t, n) + g(t) + h(t) = E_{x ~ p(x | t)}[ x ]
            """)
        let result = SortChecker.analyze(DrvParser.parse(text: marked.text, name: "t.drv").0)
        let table = result.symbols
        #expect(table.names == ["t", "n", "B", "f", "g", "p", "G", "h"])
        let t = try #require(table["t"])
        #expect(t.sort == .scalar(.real) && t.keyword == "real" && t.origin == .declaration)
        #expect(t.constraint?.relation == .greater && t.constraint?.bound == .integer(-1))
        #expect(t.range == marked.range("1️⃣", "2️⃣"))
        #expect(table["n"]?.sort == .scalar(.natural))
        #expect(table["B"]?.properties == ["fullrank"])
        #expect(table["f"]?.sort == .function(parameters: ["u", "v"]) && table["f"]?.isOpaque == true)
        #expect(table["g"]?.body == (try Expr(parsing: "s^2")) && table["g"]?.isOpaque == false)
        #expect(table["p"]?.parameters == ["z", "x"] && table["p"]?.isOpaque == true)
        let g = try #require(table["G"])
        #expect(g.origin == .definition && g.keyword == "let")
        #expect(g.sort == .matrix(rows: .integer(2), columns: .integer(2)))
        #expect(g.range == marked.range("3️⃣", "4️⃣"))
        #expect(table["h"]?.sort == .function(parameters: ["w"]))
        #expect(table["nothing"] == nil)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
    }

    // MARK: Errors, located

    @Test("errors are located on the offending name", arguments: [
        // undeclared, with and without a suggestion
        ("real alpha\nclaim \"c\": 1️⃣alpah = alpha\n", DiagnosticID.undeclaredName),
        ("real x\nclaim \"c\": x = 1️⃣zeta\n", .undeclaredName),
        ("claim \"c\": 1️⃣x = 1\nreal x\n", .undeclaredName),
        ("real x\nclaim \"c\": 1️⃣foo(x) = x\n", .undeclaredName),
        ("real x\nclaim \"c\": 1️⃣Ex_{x}[ x ] = x\n", .undeclaredName),
        ("let a = 1️⃣a + 1\nclaim \"c\": a = a\n", .undeclaredName),
        // declared twice, let redefining, reserved
        ("real x\nreal 1️⃣x\nclaim \"c\": x = x\n", .duplicateDeclaration),
        ("real x\nlet 1️⃣x = 2\nclaim \"c\": x = x\n", .duplicateDeclaration),
        ("function f(u, 1️⃣u)\nclaim \"c\": f(1, 2) = 0\n", .duplicateDeclaration),
        ("real 1️⃣sqrt\nclaim \"c\": 1 = 1\n", .reservedName),
        ("real 1️⃣T\nclaim \"c\": 1 = 1\n", .reservedName),
        // arity
        ("function f(u, v)\nclaim \"c\": 1️⃣f(1) = 0\n", .arityMismatch),
        ("real x, z\ndensity p(z | x)\nclaim \"c\": 1️⃣p(z) = 0\n", .arityMismatch),
        ("real x, z\ndensity p(z | x)\nclaim \"c\": 1️⃣p(z, x) = 0\n", .arityMismatch),
        ("real x\nclaim \"c\": 1️⃣KL(x) = 0\n", .arityMismatch),
        // sorts
        ("real x\ndensity p(x)\nclaim \"c\": 1️⃣p * 2 = 0\n", .densityUsedAsNumber),
        ("function f(u)\nclaim \"c\": 1️⃣f + 1 = 0\n", .sortMismatch),
        ("real a\nclaim \"c\": 1️⃣a(2) = 0\n", .sortMismatch),
        ("function f(u)\nclaim \"c\": 1️⃣f(1 | 2) = 0\n", .sortMismatch),
        ("real a, x\nclaim \"c\": E_{x ~ 1️⃣a}[ x ] = 0\n", .sortMismatch),
        ("matrix B[2, 2]\nclaim \"c\": diff(1, 1️⃣B) = 0\n", .sortMismatch),
        // shapes
        ("matrix B[4, 2]\nclaim \"c\": det(B * 1️⃣B) = 0\n", .shapeMismatch),
        ("matrix B[4, 2]\nclaim \"c\": 1️⃣det(B) = 0\n", .shapeMismatch),
        ("matrix B[4, 2]\nvector v[3]\nclaim \"c\": norm(B*1️⃣v) = 0\n", .shapeMismatch),
        ("matrix A[2, 2]\nclaim \"c\": trace(1️⃣A + 1) = 0\n", .shapeMismatch),
        // chains
        ("real x\nderive \"d\"\n  x\n  <= x + 1\n  1️⃣> x\nend\n", .chainRelationMismatch),
        ("real x\nderive \"d\"\n  x\n  = x\n  1️⃣!= x + 1\nend\n", .chainRelationMismatch),
        ("real h\nclaim \"c\": exp(h) >= 1 + h + 1️⃣O(h^2) as h -> 0\n", .invalidOrderTerm),
        ("real x\nclaim \"c\": exp(x) = 1 + x + O(x^2) as 1️⃣y -> 0\n", .undeclaredName),
        // hints
        ("real x\nclaim \"c\": x = x by 1️⃣algebr\n", .unknownHint),
        ("real x\nclaim \"c\": x = x by 1️⃣substitute\n", .invalidHintArgument),
        ("real x\nclaim \"c\": x = x by 1️⃣expand(x = 1)\n", .invalidHintArgument),
        ("real x\nclaim \"c\": x = x by substitute(1️⃣q = 1)\n", .undeclaredName),
        // instances
        ("real a\nclaim \"c\": a = a\ninstance \"i\"\n  1️⃣b = 1\nend\n", .undeclaredName),
        ("real a\nclaim \"c\": a = a\ninstance \"i\"\n  a = 1; 1️⃣a = 2\nend\n", .duplicateName),
        ("real a\nclaim \"c\": a = a\ninstance \"i\"\n  1️⃣a(u) = u\nend\n", .invalidInstance),
        ("real x\ndensity p(x)\nclaim \"c\": E_{x ~ p}[ x ] = 0\ninstance \"i\"\n  p(x) = 1️⃣norml(x; 0, 1)\nend\n",
         .unknownDistribution),
        ("real x\ndensity p(x)\nclaim \"c\": E_{x ~ p}[ x ] = 0\ninstance \"i\"\n  p(x) = 1️⃣beta(x; 1)\nend\n",
         .arityMismatch),
        ("real x\nfunction f(u)\nclaim \"c\": f(x) = 0\ninstance \"i\"\n  1️⃣f in {0, 1}\nend\n", .invalidInstance),
        ("real x\nlet I = x\nclaim \"c\": I = x\ninstance \"i\"\n  1️⃣I = 2\nend\n", .invalidInstance),
    ])
    func locatedErrors(source: String, id: DiagnosticID) throws {
        let marked = MarkedText(source)
        let result = sortCheck(marked.text)
        let error = try #require(result.diagnostics.first { $0.severity == .error },
                                 "no error for \(source.debugDescription)")
        #expect(error.id == id, "\(error.message)")
        #expect(error.range?.lowerBound == marked.offset(), "\(error.message)")
    }

    @Test("valid constructs sort-check cleanly", arguments: [
        "real x\nclaim \"c\": x + pi = pi + x\n",
        "real a, x\ndensity p(x)\nclaim \"c\": E_{x ~ p}[ a*x ] = a*E_{x ~ p}[ x ]\n",
        "real x, z\ndensity p(z | x)\ndensity q(x)\nclaim \"c\": E_{x ~ q, z ~ p(z | x)}[ z ] = E_{x ~ q}[ E_{z ~ p(z|x)}[ z ] ]\n",
        "real x\ndensity p(x)\ndensity q(x)\nclaim \"c\": KL(p, q) >= 0 by gibbs\n",
        "real x\ndensity p(x)\nclaim \"c\": H(p) = -E_{x ~ p}[ log(p(x)) ]\n",
        "natural n\nclaim \"c\": sum_{i = 1..n}[ i ] = n*(n + 1)/2\n",
        "positive a\nclaim \"c\": sup_{u > 0}[ -u^2 + a*u ] = a^2/4 by stationary(u = a/2)\n",
        "claim \"c\": lim_{h -> 0}[ sin(h)/h ] = 1\n",
        "real x, h\nclaim \"c\": series_{h -> 0, order 2}[ exp(x*h) ] = 1 + x*h + x^2*h^2/2\n",
        "real x\nfunction f(u)\nclaim \"c\": diff(f(x)^2, x) = 2*f(x)*f'(x) by differentiate\n",
        "real x, y\nfunction f(u, v)\nclaim \"c\": diff(f(x, y), x) = f'[1, 0](x, y)\n",
        "matrix B[4, 2]\nclaim \"c\": det(B^T*B) = sum_{S in subsets(1..4, 2)}[ det(rows(B, S))^2 ] by cauchy-binet\n",
        "matrix B[4, 2]\nmatrix C[2, 3]\nclaim \"c\": trace(transpose(B*C)*B*C) = normF(B*C)^2\n",
        "natural n\nvector v[n]\nclaim \"c\": v^T*v = norm(v)^2\n",
        "matrix A[3, 3]\nclaim \"c\": det(A^-1) = 1/det(A)\n",
        "real x\nfor n in 1..3, k in 1..n\nclaim \"c\": x^(n + k) = x^n*x^k by algebra\n",
        "natural n\nfor n in 1..3\nclaim \"c\": n = n\n",
        "real x\nlet f(u) = u^2\nclaim \"c\": f(x) = x^2 by definition\n",
        "real x\nclaim \"c\": max_{t}[ x*t - t^2 ] = x^2/4 by stationary(t = x/2)\n",
        "real x\nclaim \"c\": x = x by log-quotient, exp-log, power-of-product\n",
        "real h\nclaim \"c\": exp(h) = 1 + h + O(h^2) as h -> 0 by series\n",
        "real a, x\ndensity p(x)\nclaim \"c\": E_{x ~ p}[ a ] = a\ninstance \"i\"\n  a = 2\n  p(x) = laplace(x; 0, 1)\nend\n",
        "real x\ndensity p(x)\nclaim \"c\": E_{x ~ p}[ x ] = 1/2\ninstance \"i\"\n  x in {0, 1}\n  p(x) = categorical(x; 1/2, 1/2)\nend\n",
    ])
    func validConstructs(source: String) {
        let result = sortCheck(source)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map { "\($0.id.rawValue): \($0.message)" })")
    }

    // MARK: Relations

    @Test("relations compose like Lean's calc", arguments: [
        ([Relation.equal, .lessEqual, .less, .equal], nil),
        ([.greaterEqual, .equal, .greater], nil),
        ([.less, .greater], 1),
        ([.equal, .lessEqual, .equal, .greaterEqual], 3),
        ([.equal, .notEqual], 1),
    ] as [([Relation], Int?)])
    func composition(relations: [Relation], failingStep: Int?) {
        let steps = relations.map { "  \($0.rawValue) x" }.joined(separator: "\n")
        let text = "real x\nderive \"d\"\n  x\n\(steps)\nend\n"
        let (file, _) = DrvParser.parse(text: text, name: "t.drv")
        let diagnostics = SortChecker.check(file).filter { $0.id == .chainRelationMismatch }
        guard let failingStep else {
            #expect(diagnostics.isEmpty)
            return
        }
        let chain = file.chains[0]
        #expect(diagnostics.map(\.range) == [chain.steps[failingStep].relation.range])
    }

    // MARK: Warnings

    @Test("unused names and unbound densities are warnings, not errors")
    func warnings() {
        let text = """
            real x, unused
            density p(x)
            density q(x)
            claim "c": E_{x ~ p}[ x ] = E_{x ~ q}[ x ]
            instance "half"
                p(x) = normal(x; 0, 1)
            end
            """
        let diagnostics = DiagnosticRenderer.sorted(sortCheck(text).diagnostics)
        #expect(diagnostics.allSatisfy { $0.severity == .warning })
        #expect(diagnostics.map(\.id) == [.unusedDeclaration, .unboundDensity])
        #expect(diagnostics.map(\.message) == ["'unused' is declared but never used",
                                                "instance 'half' binds no distribution for 'q'"])
    }

    @Test("an unbound density is reported only where a chain checked on the instance uses it", arguments: [
        // q is used only on instance "b": instance "a" need not bind it.
        ("claim \"c\" on \"b\": E_{x ~ q}[ x ] = 0\nclaim \"d\": E_{x ~ p}[ x ] = 0\n", [String]()),
        // q reached through a let from an unrestricted chain: "a" is warned.
        ("let m = E_{x ~ q}[ x ]\nclaim \"c\": m + E_{x ~ p}[ x ] = 0\n", ["instance 'a' binds no distribution for 'q'"]),
    ])
    func unboundDensityUse(chains: String, expected: [String]) {
        let text = "real x\ndensity p(x)\ndensity q(x)\n" + chains + """
            instance "a"
                p(x) = normal(x; 0, 1)
            end
            instance "b"
                p(x) = normal(x; 0, 1)
                q(x) = normal(x; 1, 1)
            end
            """
        let diagnostics = sortCheck(text).diagnostics.filter { $0.id == .unboundDensity }
        #expect(diagnostics.map(\.message) == expected)
    }

    // MARK: Robustness

    @Test("a model built in code with made-up ranges still gets located errors")
    func madeUpRanges() {
        let bogus = SourceRange(5, 9)
        let chain = Chain(name: Located("c", bogus), isClaim: true, start: Located(.symbol("y"), bogus),
                          steps: [Step(relation: Located(.equal, bogus), rhs: Located(.symbol("y"), bogus), range: bogus)],
                          range: bogus)
        let file = DerivationFile(name: "code", text: "", items: [.chain(chain)])
        let diagnostics = SortChecker.check(file)
        #expect(diagnostics.map(\.id) == [.undeclaredName])
        #expect(diagnostics.first?.range == bogus)
    }

    @Test("the error limit stops the checker")
    func errorLimit() {
        let claims = (0..<80).map { "claim \"c\($0)\": y\($0) = 1" }.joined(separator: "\n")
        let (file, _) = DrvParser.parse(text: claims, name: "t.drv")
        let diagnostics = SortChecker.analyze(file, maxErrors: 5).diagnostics
        #expect(diagnostics.count == 6)
        #expect(diagnostics.last?.id == .tooManyErrors)
    }

    @Test("deeply nested calls are checked without trouble", arguments: [100, 1000])
    func deepNesting(depth: Int) {
        let body = String(repeating: "f(", count: depth) + "x" + String(repeating: ")", count: depth)
        let result = sortCheck("real x\nfunction f(u)\nclaim \"deep\": \(body) = \(body)\n")
        #expect(result.diagnostics.isEmpty)
    }
}
