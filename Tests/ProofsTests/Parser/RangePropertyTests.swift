// Properties of the parser over whole files: every range slices back to its node, and
// mutated files never crash it.
import Foundation
import Proofs
import Symbolic
import Testing

/// Every located expression of a model, with whether it may be a range (`a..b`).
private func locatedExpressions(_ file: DerivationFile) -> [LocatedExpr] {
    var out: [LocatedExpr] = []
    for item in file.items {
        switch item {
        case .declaration(let d):
            if let c = d.constraint { out.append(c.bound) }
            out += d.sizes
            if let b = d.body { out.append(b) }
        case .assumption(let a):
            out += [a.lhs, a.rhs]
        case .definition(let d):
            out.append(d.body)
        case .chain(let c):
            if let f = c.family { for v in f.variables { out += [v.lower, v.upper] } }
            // A run's two sides are descriptions for the reports (the state after N steps and the
            // stated values), not text of the file; its written expressions are checked instead.
            let isRun = c.steps.contains { if case .runs = $0.dynamics?.kind { return true }; return false }
            if !isRun { out.append(c.start) }
            for s in c.steps {
                if !isRun { out.append(s.rhs) }
                if let d = s.dynamics {
                    out += d.relations.map(\.value)
                    if case .converges(let order, let initial, let horizon) = d.kind { out += [order, horizon.value] + initial.map(\.value) }
                    if case .runs(let steps, let initial, let target, let tolerance) = d.kind {
                        out += [steps, tolerance] + initial.map(\.value)
                        switch target {
                        case .reaches(let bindings): out += bindings.map(\.value)
                        case .cycles(let cycles): out += cycles.flatMap(\.values)
                        }
                    }
                }
                if let o = s.orderTerm { out += [o.magnitude, o.point] }
                for h in s.hints { out += h.arguments.map(\.value) }
            }
        case .instance(let i):
            for b in i.bindings {
                switch b {
                case .value(_, let v, _): out.append(v)
                case .function(_, _, let body, _): out.append(body)
                case .density(_, _, _, let spec, _): out += [spec.variable] + spec.parameters
                case .support(_, let values, _): out += values
                }
            }
        case .latexName:
            break
        }
    }
    for r in file.recurrences { out += r.updates.map(\.value) }
    for o in file.odes { out += o.equations.map(\.value) }
    return out
}

/// Every located name of a model with the text it must slice to.
private func locatedNames(_ file: DerivationFile) -> [(text: String, range: SourceRange)] {
    var out: [(String, SourceRange)] = []
    for item in file.items {
        switch item {
        case .declaration(let d):
            out.append((d.keyword.value, d.keyword.range))
            out += d.names.map { ($0.value.name, $0.range) }
            out += d.parameters.map { ($0.value.name, $0.range) }
            out += d.properties.map { ($0.value, $0.range) }
        case .assumption(let a):
            out.append((a.relation.value.rawValue, a.relation.range))
        case .definition(let d):
            out.append((d.name.value.name, d.name.range))
            out += d.parameters.map { ($0.value.name, $0.range) }
        case .chain(let c):
            out.append(("\"\(c.name.value)\"", c.name.range))
            if let f = c.family { out += f.variables.map { ($0.name.value.name, $0.name.range) } }
            for s in c.steps {
                if let d = s.dynamics {
                    // A dynamics claim writes no relation: its step is located at the verb.
                    out += [(d.recurrence.value, d.recurrence.range), (d.ode.value, d.ode.range)]
                    out += d.relations.map { ($0.name.value.name, $0.name.range) } + d.compared.map { ($0.value.name, $0.range) }
                    if case .converges(_, let initial, let horizon) = d.kind {
                        out += (initial + [horizon]).map { ($0.name.value.name, $0.name.range) }
                    }
                    if case .runs(_, let initial, let target, _) = d.kind {
                        out += initial.map { ($0.name.value.name, $0.name.range) }
                        switch target {
                        case .reaches(let bindings): out += bindings.map { ($0.name.value.name, $0.name.range) }
                        case .cycles(let cycles): out += cycles.map { ($0.name.value.name, $0.name.range) }
                        }
                    }
                    continue
                }
                out.append((s.relation.value.rawValue, s.relation.range))
                if let o = s.orderTerm { out.append((o.variable.value.name, o.variable.range)) }
                for h in s.hints {
                    out.append((h.name.value, h.name.range))
                    out += h.arguments.map { ($0.name.value.name, $0.name.range) }
                }
            }
        case .instance(let i):
            out.append(("\"\(i.name.value)\"", i.name.range))
            for b in i.bindings {
                switch b {
                case .value(let n, _, _), .support(let n, _, _): out.append((n.value.name, n.range))
                case .function(let n, let ps, _, _):
                    out.append((n.value, n.range))
                    out += ps.map { ($0.value.name, $0.range) }
                case .density(let n, let vs, let cs, let spec, _):
                    out.append((n.value, n.range))
                    out += (vs + cs).map { ($0.value.name, $0.range) }
                    out.append((spec.family.value, spec.family.range))
                }
            }
        case .latexName(let o):
            out.append((o.name.value, o.name.range))
            out.append(("\"\(o.rendering.value)\"", o.rendering.range))
        }
    }
    for r in file.recurrences {
        out += [(r.name.value, r.name.range), (r.step.value.name, r.step.range)] + r.state.map { ($0.value.name, $0.range) }
        out += r.updates.map { ($0.variable.value.name, $0.variable.range) }
    }
    for o in file.odes {
        out += [(o.name.value, o.name.range), (o.time.value.name, o.time.range)] + o.state.map { ($0.value.name, $0.range) }
        out += o.equations.map { ($0.variable.value.name, $0.variable.range) }
    }
    return out
}

private func slice(_ text: String, _ range: SourceRange) -> String {
    let bytes = Array(text.utf8)
    guard range.lowerBound >= 0, range.upperBound <= bytes.count, range.lowerBound <= range.upperBound else { return "<out of range>" }
    return String(decoding: bytes[range.lowerBound..<range.upperBound], as: UTF8.self)
}

/// Valid files beyond the documentation examples, for constructs the examples do not show.
private let extraValidFiles: [String] = [
    """
    real h
    derive "multi-line order term"
        exp(h)
      = 1 + h
        # the quadratic term
        + h^2/2 + O(h^3)
        as h -> 0      by series
    end
    """,
    """
    real x
    for n in 1..
      3, k in 1..n
    claim "bounds over lines": n + k = k + n
    instance "i"
        x = [1,
             2][1]; samples 10
    end
    """,
]

@Suite("parser properties")
struct RangePropertyTests {
    static let exampleNames = RepositoryPaths.names(in: RepositoryPaths.examples, withExtension: "drv")

    static func sources() -> [String] {
        exampleNames.compactMap { RepositoryPaths.bytes(RepositoryPaths.examples.appendingPathComponent($0 + ".drv")) }
            .map { String(decoding: $0, as: UTF8.self) } + extraValidFiles
    }

    @Test("every expression's range slices to text that parses to the same expression",
          arguments: 0..<(exampleNames.count + extraValidFiles.count))
    func expressionRangesSliceBack(index: Int) throws {
        let text = RangePropertyTests.sources()[index]
        let (file, diagnostics) = DrvParser.parse(text: text, name: "t.drv")
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics.map(\.message))")
        let expressions = locatedExpressions(file)
        #expect(!expressions.isEmpty)
        for e in expressions {
            let piece = slice(text, e.range)
            let reparsed = try? ExprParser(text: piece).parse(allowsRange: true).expr
            #expect(reparsed == e.value, "range \(e.range) slices to '\(piece)', expected \(e.value)")
        }
        for (name, range) in locatedNames(file) {
            #expect(slice(text, range) == name)
        }
    }

    /// Random edits of a valid file: the front end reports located diagnostics inside the
    /// file, never crashes, and gives the same output twice.
    @Test("mutated files never crash and stay in range", arguments: 0..<300)
    func mutations(seed: Int) throws {
        let sources = RangePropertyTests.sources()
        var random = RandomSource(seed: UInt64(seed))
        var bytes = Array(sources[Int(random.nextUInt64(below: UInt64(sources.count)))].utf8)
        let alphabet = Array("()[]{}=<>|,;:~\"#\n\r\t _-+*/^.xO0129".utf8) + [0xFF, 0xC3, 0xE2, 0x80]
        let edits = random.nextInt(in: 1...6)
        for _ in 0..<edits where !bytes.isEmpty {
            let at = Int(random.nextUInt64(below: UInt64(bytes.count)))
            switch random.nextInt(in: 0...3) {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(alphabet[Int(random.nextUInt64(below: UInt64(alphabet.count)))], at: at)
            case 2: bytes[at] = alphabet[Int(random.nextUInt64(below: UInt64(alphabet.count)))]
            default:
                let end = min(bytes.count, at + random.nextInt(in: 1...40))
                bytes.insert(contentsOf: bytes[at..<end], at: at)
            }
        }
        let first = FrontEnd.analyze(bytes: bytes, name: "m.drv")
        let second = FrontEnd.analyze(bytes: bytes, name: "m.drv")
        let render = { (r: FrontEndResult) in
            DiagnosticRenderer(file: r.file, options: .annotated).render(r.diagnostics)
        }
        #expect(render(first) == render(second))
        let count = bytes.count
        for d in first.diagnostics {
            for range in [d.range] + d.notes.map(\.range) {
                guard let range else { continue }
                #expect(range.lowerBound >= 0 && range.upperBound <= count && range.lowerBound <= range.upperBound,
                        "\(d.message) at \(range) in \(count) bytes")
            }
        }
        #expect(first.diagnostics.filter { $0.severity == .error }.count <= DrvParser.Options.default.maxErrors + 1)
    }
}
