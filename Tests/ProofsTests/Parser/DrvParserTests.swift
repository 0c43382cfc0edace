// The `.drv` parser: the model it builds, with ranges checked against markers in the source.
@testable import Proofs
import Symbolic
import Testing

/// Parses marked text and requires no diagnostics.
private func parseClean(_ marked: MarkedText, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> DerivationFile {
    let (file, diagnostics) = DrvParser.parse(text: marked.text, name: "t.drv")
    #expect(diagnostics.isEmpty, "unexpected diagnostics: \(diagnostics.map(\.message))", sourceLocation: sourceLocation)
    return file
}

@Suite("the .drv parser")
struct DrvParserTests {
    // MARK: Declarations

    @Test("scalar declarations: names, sort and constraint with ranges")
    func scalarDeclarations() throws {
        let marked = MarkedText("""
            1️⃣real2️⃣ 3️⃣t4️⃣, u > 5️⃣-16️⃣
            claim "c": t = u
            """)
        let file = parseClean(marked)
        let d = try #require(file.declarations.first)
        #expect(d.sort == .scalar(.real))
        #expect(d.keyword.value == "real" && d.keyword.range == marked.range("1️⃣", "2️⃣"))
        #expect(d.names.map(\.value.name) == ["t", "u"])
        #expect(d.names[0].range == marked.range("3️⃣", "4️⃣"))
        let constraint = try #require(d.constraint)
        #expect(constraint.relation.value == .greater)
        #expect(constraint.bound.value == .integer(-1))
        #expect(constraint.bound.range == marked.range("5️⃣", "6️⃣"))
    }

    @Test("each scalar sort keyword declares its property", arguments: DrvVocabulary.scalarSorts.map(\.keyword))
    func scalarSortKeywords(keyword: String) throws {
        let (file, diagnostics) = DrvParser.parse(text: "\(keyword) a\nclaim \"c\": a = a\n", name: "t.drv")
        #expect(diagnostics.isEmpty)
        let d = try #require(file.declarations.first)
        #expect(d.sort == .scalar(try #require(DrvVocabulary.scalarProperty(keyword))))
    }

    @Test("vectors, matrices, functions and densities")
    func structuredDeclarations() throws {
        let marked = MarkedText("""
            natural n
            vector v[1️⃣n2️⃣]
            matrix Q[n, 3️⃣n4️⃣] orthogonal symmetric
            function f(5️⃣u6️⃣, v) convex
            function g(t) = t^2 + 1
            density p(z | x)
            density pz(z) = integral_{x}[ p(z | x) ]
            claim "c": 1 = 1
            """)
        let file = parseClean(marked)
        let ds = file.declarations
        #expect(ds.count == 7)
        #expect(ds[1].sort == .vector(length: .symbol("n")))
        #expect(ds[1].sizes.map(\.range) == [marked.range("1️⃣", "2️⃣")])
        #expect(ds[2].sort == .matrix(rows: .symbol("n"), columns: .symbol("n")))
        #expect(ds[2].sizes[1].range == marked.range("3️⃣", "4️⃣"))
        #expect(ds[2].properties.map(\.value) == ["orthogonal", "symmetric"])
        #expect(ds[3].sort == .function(parameters: ["u", "v"]))
        #expect(ds[3].parameters[0].range == marked.range("5️⃣", "6️⃣"))
        #expect(ds[3].properties.map(\.value) == ["convex"])
        #expect(ds[4].body?.value == (try Expr(parsing: "t^2 + 1")))
        #expect(ds[5].sort == .density(variables: ["z"], conditions: ["x"]))
        #expect(ds[5].parameters.map(\.value) == ["z", "x"])
        #expect(ds[6].body?.value == (try Expr(parsing: "integral_{x}[ p(z | x) ]")))
    }

    // MARK: Definitions and assumptions

    @Test("let constants and functions, assumptions, header and LaTeX names")
    func definitionsAndHeader() throws {
        let marked = MarkedText("""
            title "A title"
            source "somewhere"
            real a
            latex a "\\alpha"
            assume 1️⃣a2️⃣ 3️⃣>=4️⃣ 5️⃣06️⃣
            let I = a + 1
            let f(u, v) = u*v
            claim "c": I = f(a, a)
            """)
        let file = parseClean(marked)
        #expect(file.title?.value == "A title")
        #expect(file.source?.value == "somewhere")
        #expect(file.latexNames == ["a": "\\alpha"])
        let a = try #require(file.assumptions.first)
        #expect(a.lhs.range == marked.range("1️⃣", "2️⃣"))
        #expect(a.relation.value == .greaterEqual && a.relation.range == marked.range("3️⃣", "4️⃣"))
        #expect(a.rhs.range == marked.range("5️⃣", "6️⃣"))
        #expect(file.definitions.map(\.name.value.name) == ["I", "f"])
        #expect(file.definitions[1].parameters.map(\.value.name) == ["u", "v"])
    }

    // MARK: Chains

    @Test("a derivation: start, steps over several lines, hints, comments")
    func derivation() throws {
        let marked = MarkedText("""
            real x, y
            1️⃣derive "expand"
                2️⃣(x + y)^2
                  # a comment line inside the chain
                3️⃣= x^2 + 2*x*y
                  + y^24️⃣     by 5️⃣expand6️⃣, algebra
                = y^2 + 2*x*y + x^2
            end
            """)
        let file = parseClean(marked)
        let chain = try #require(file.chains.first)
        #expect(chain.name.value == "expand")
        #expect(!chain.isClaim)
        #expect(chain.range.lowerBound == marked.offset("1️⃣"))
        #expect(chain.start.value == (try Expr(parsing: "(x + y)^2")))
        #expect(chain.start.range.lowerBound == marked.offset("2️⃣"))
        #expect(chain.steps.count == 2)
        let step = chain.steps[0]
        #expect(step.relation.value == .equal && step.relation.range.lowerBound == marked.offset("3️⃣"))
        #expect(step.rhs.value == (try Expr(parsing: "x^2 + 2*x*y + y^2")))
        #expect(step.rhs.range.upperBound == marked.offset("4️⃣"))
        #expect(step.hints.map(\.name.value) == ["expand", "algebra"])
        #expect(step.hints[0].range == marked.range("5️⃣", "6️⃣"))
        #expect(chain.steps[1].hints.isEmpty)
    }

    @Test("an order term is split off the right side")
    func orderTerm() throws {
        let marked = MarkedText("""
            real h
            derive "exp"
                exp(h)
              = 1️⃣1 + h2️⃣ + 3️⃣O(4️⃣h^25️⃣) as h -> 06️⃣   by series
            end
            """)
        let file = parseClean(marked)
        let step = try #require(file.chains.first?.steps.first)
        #expect(step.rhs.value == (try Expr(parsing: "1 + h")))
        #expect(step.rhs.range == marked.range("1️⃣", "2️⃣"))
        let term = try #require(step.orderTerm)
        #expect(term.range == marked.range("3️⃣", "6️⃣"))
        #expect(term.magnitude.value == (try Expr(parsing: "h^2")))
        #expect(term.magnitude.range == marked.range("4️⃣", "5️⃣"))
        #expect(term.variable.value == "h")
        #expect(term.point.value == .zero)
        #expect(step.hints.map(\.name.value) == ["series"])
    }

    @Test("hint arguments are NAME = expression")
    func hintArguments() throws {
        let marked = MarkedText("""
            real x
            claim "s": max_{t}[ x*t - t^2 ] = x^2/4 by 1️⃣stationary(2️⃣t3️⃣ = 4️⃣x/25️⃣)6️⃣, algebra
            """)
        let file = parseClean(marked)
        let hint = try #require(file.chains.first?.steps.first?.hints.first)
        #expect(hint.range == marked.range("1️⃣", "6️⃣"))
        #expect(hint.arguments.count == 1)
        #expect(hint.arguments[0].name.value == "t" && hint.arguments[0].name.range == marked.range("2️⃣", "3️⃣"))
        #expect(hint.arguments[0].value.range == marked.range("4️⃣", "5️⃣"))
    }

    @Test("a claim is a one-step chain; its relation may start the next line")
    func claims() throws {
        let marked = MarkedText("""
            positive x
            claim "one line": 1️⃣x2️⃣ 3️⃣<4️⃣ x + 1 by numeric
            claim "two lines": sqrt(x^2)
                = x     by algebra
            """)
        let file = parseClean(marked)
        #expect(file.chains.count == 2)
        let c = file.chains[0]
        #expect(c.isClaim && c.steps.count == 1)
        #expect(c.start.range == marked.range("1️⃣", "2️⃣"))
        #expect(c.steps[0].relation.value == .less && c.steps[0].relation.range == marked.range("3️⃣", "4️⃣"))
        #expect(file.chains[1].steps[0].rhs.value == .symbol("x"))
    }

    @Test("a family line attaches to the chain that follows")
    func families() throws {
        let marked = MarkedText("""
            1️⃣for n in 2️⃣23️⃣..4️⃣55️⃣, k in 1..n6️⃣
            claim "sizes": n*k = k*n
            claim "no family": 1 = 1
            """)
        let file = parseClean(marked)
        let family = try #require(file.chains[0].family)
        #expect(family.range == marked.range("1️⃣", "6️⃣"))
        #expect(family.variables.map(\.name.value.name) == ["n", "k"])
        #expect(family.variables[0].lower.range == marked.range("2️⃣", "3️⃣"))
        #expect(family.variables[0].upper.range == marked.range("4️⃣", "5️⃣"))
        #expect(family.variables[1].upper.value == .symbol("n"))
        #expect(file.chains[1].family == nil)
    }

    // MARK: Instances

    @Test("instance bindings of every kind, and settings")
    func instances() throws {
        let marked = MarkedText("""
            real a, x, z
            positive s
            function f(u)
            matrix B[2, 2]
            density p(z | x)
            claim "c": E_{z ~ p(z | x)}[ f(z) ] + det(B) = a*s
            instance "all kinds"
                a = 1; s = 1/2
                f(u) = u*log(u)
                1️⃣p(z | x) = 2️⃣normal(3️⃣z4️⃣; 5️⃣a*x6️⃣, s^2)
                x in {0, 1, 2}
                B = [[1, 2], [0, 1]]
                samples 1000
                seed 7
            end
            """)
        let file = parseClean(marked)
        let instance = try #require(file.instances.first)
        #expect(instance.name.value == "all kinds")
        #expect(instance.samples?.value == 1000)
        #expect(instance.seed?.value == 7)
        #expect(instance.bindings.count == 6)
        guard case .value(let a, let one, _) = instance.bindings[0] else { Issue.record("not a value"); return }
        #expect(a.value == "a" && one.value == .one)
        guard case .function(let f, let parameters, _, _) = instance.bindings[2] else { Issue.record("not a function"); return }
        #expect(f.value == "f" && parameters.map(\.value) == ["u"])
        guard case .density(let p, let variables, let conditions, let spec, let range) = instance.bindings[3] else {
            Issue.record("not a density")
            return
        }
        #expect(p.value == "p" && variables.map(\.value) == ["z"] && conditions.map(\.value) == ["x"])
        #expect(range.lowerBound == marked.offset("1️⃣"))
        #expect(spec.family.value == "normal" && spec.range.lowerBound == marked.offset("2️⃣"))
        #expect(spec.variable.range == marked.range("3️⃣", "4️⃣"))
        #expect(spec.parameters.count == 2 && spec.parameters[0].range == marked.range("5️⃣", "6️⃣"))
        guard case .support(let xName, let values, _) = instance.bindings[4] else { Issue.record("not a support"); return }
        #expect(xName.value == "x" && values.map(\.value) == [.zero, .one, .integer(2)])
    }

    // MARK: Errors and limits

    @Test("errors are located at the marker", arguments: [
        ("real x\nclaim \"c\": x = x by 1️⃣\n", DiagnosticID.parseError),
        ("real x\n1️⃣derivation \"d\"\n  x\n  = x\nend\nclaim \"c\": x = x\n", .unknownStatement),
        ("real x\n1️⃣end\nclaim \"c\": x = x\n", .parseError),
        ("real x\nclaim 1️⃣\"c: x = x\n", .parseError),
        ("real x\nderive \"d\"\n  x\n  = x\n1️⃣", .parseError),
        ("real x\nderive \"d\"\n  x\n  1️⃣== x\nend\n", .parseError),
        ("real x\nclaim \"c\": x = 1️⃣O(x) as x -> 0\n", .invalidOrderTerm),
        ("real x\nclaim \"c\": x + x\n = 2*x\nclaim 1️⃣\"c\": x = x\n", .duplicateName),
    ])
    func locatedErrors(source: String, id: DiagnosticID) throws {
        let marked = MarkedText(source)
        let (_, diagnostics) = DrvParser.parse(text: marked.text, name: "t.drv")
        let first = try #require(diagnostics.first)
        #expect(first.id == id)
        #expect(first.range?.lowerBound == marked.offset())
    }

    @Test("a file over the size limit is one error and an empty model")
    func fileTooLarge() {
        var options = DrvParser.Options()
        options.maxFileBytes = 16
        let (file, diagnostics) = DrvParser.parse(text: "real x\nclaim \"c\": x = x\n", name: "t.drv", options: options)
        #expect(file.items.isEmpty)
        #expect(diagnostics.map(\.id) == [.fileTooLarge])
        #expect(diagnostics.first?.range == nil)
    }

    @Test("the error limit stops the parse", arguments: [1, 3, 10])
    func errorLimit(limit: Int) {
        var options = DrvParser.Options()
        options.maxErrors = limit
        let text = String(repeating: "real 1\n", count: 20)
        let (_, diagnostics) = DrvParser.parse(text: text, name: "t.drv", options: options)
        #expect(diagnostics.count == limit + 1)
        #expect(diagnostics.last?.id == .tooManyErrors)
    }

    @Test("CRLF line endings give the same locations as LF")
    func crlf() {
        let lf = "real x\nderive \"d\"\n    x\n  = x * (1 by algebra\nend\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        func locations(_ text: String) -> [String] {
            let result = FrontEnd.analyze(text: text, name: "t.drv")
            let renderer = DiagnosticRenderer(file: result.file)
            return result.diagnostics.compactMap { $0.range.map { "\(renderer.location(of: $0.lowerBound))" } }
        }
        #expect(locations(lf) == ["4:12"])
        #expect(locations(crlf) == locations(lf))
    }

    @Test("a byte-order mark is skipped")
    func byteOrderMark() {
        let (file, diagnostics) = DrvParser.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("claim \"c\": 1 = 1\n".utf8), name: "t.drv")
        #expect(diagnostics.isEmpty)
        #expect(file.chains.count == 1)
    }

    @Test("the first ill-formed UTF-8 sequence is found", arguments: [
        ([0x61, 0x62], nil),
        ([0x61, 0xFF], 1),
        ([0xC3, 0xA9, 0x80], 2),                  // é then a stray continuation byte
        ([0x61, 0xC0, 0xAF], 1),                  // overlong '/'
        ([0xED, 0xA0, 0x80], 0),                  // a surrogate
        ([0xF4, 0x90, 0x80, 0x80], 0),            // above U+10FFFF
        ([0x61, 0xE2, 0x89], 1),                  // truncated at the end
        ([0xF0, 0x9F, 0x98, 0x80, 0x41], nil),    // 😀A
    ] as [([UInt8], Int?)])
    func utf8Validation(bytes: [UInt8], offset: Int?) {
        #expect(firstInvalidUTF8Offset(bytes) == offset)
    }

    @Test("invalid UTF-8 is one located error")
    func invalidEncoding() {
        let (_, diagnostics) = DrvParser.parse(bytes: Array("real x\n".utf8) + [0xC3, 0x28], name: "t.drv")
        #expect(diagnostics.map(\.id) == [.invalidEncoding])
        #expect(diagnostics.first?.range == SourceRange(7, 8))
    }
}
