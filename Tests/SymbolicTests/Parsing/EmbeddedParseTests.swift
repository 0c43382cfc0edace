// Parsing an expression embedded in a larger text (a `.drv` step) and stopping at a delimiter.
// `1️⃣` marks where parsing starts and `2️⃣` where the expression must end.
import Testing
@testable import Symbolic

@Suite("Parser: embedded expressions")
struct EmbeddedParseTests {
    /// The stops of a derivation step's sides: relations, `by`/`as`, `;`, `#`, end of line
    /// unless the next line continues the expression.
    static let stepStops = StopSet.relations.union(
        StopSet(tokens: [";", "#"], keywords: ["by", "as"], newlines: .stopUnlessContinued))

    @Test("stops at the first delimiter outside brackets", arguments: [
        ("1️⃣x^2 + 12️⃣ <= 2*x by algebra", stepStops, "x^2 + 1"),
        ("x^2 + 1 <= 1️⃣2*x2️⃣ by algebra", stepStops, "2*x"),
        ("  = 1️⃣E_{x ~ p}[log(x)]2️⃣   # the entropy", stepStops, "E_{x ~ p}[log(x)]"),
        ("= 1️⃣rhs + O(h^2)2️⃣ as h -> 0", stepStops, "rhs + O(h^2)"),
        ("1️⃣sup_{u > 0}[u]2️⃣ <= 1", stepStops, "sup_{u > 0}[u]"),
        ("1️⃣sum_{i = 1..n}[i]2️⃣ = n*(n + 1)/2", stepStops, "sum_{i = 1..n}[i]"),
        ("a = 1️⃣12️⃣; s = 1/2", stepStops, "1"),
        ("1️⃣f(a,\n  b)2️⃣\n= c", stepStops, "f(a, b)"),
        ("1️⃣E_{x ~ p}[\n  log(x)  # first\n  + 1\n]2️⃣\nnext", stepStops, "E_{x ~ p}[log(x) + 1]"),
        ("1️⃣a\n  + b2️⃣\n= c", stepStops, "a + b"),
        ("1️⃣a +\n  b2️⃣\n= c", stepStops, "a + b"),
        ("1️⃣a   # first part\n  - b2️⃣\n= c", stepStops, "a - b"),
        ("1️⃣a2️⃣\n\n  # a comment line\n= c", stepStops, "a"),
        ("1️⃣x + 12️⃣\ny", ["\n"], "x + 1"),
        ("1️⃣x + 12️⃣ # comment", ["#"], "x + 1"),
        ("1️⃣x + 12️⃣ # comment", [], "x + 1"),
        ("1️⃣a + b2️⃣, c", [","], "a + b"),
        ("1️⃣f(a, b)2️⃣, c", [","], "f(a, b)"),
        ("1️⃣p(z | x)2️⃣ : q", [":"], "p(z | x)"),
        ("1️⃣x2️⃣ for x in 1..3", ["for"], "x"),
        ("   1️⃣x2️⃣   ", [], "x"),
    ] as [(String, StopSet, String)])
    func stops(marked: String, stops: StopSet, expected: String) throws {
        let source = MarkedText(marked)
        let parser = ExprParser(text: source.text)
        // Parsing starts at the marker or before blanks in front of it.
        let start = source.text.utf8.prefix(source.offset()).lastIndex { $0 != UInt8(ascii: " ") }
            .map { source.text.utf8.distance(from: source.text.utf8.startIndex, to: $0) + 1 } ?? 0
        let parsed = try parser.parse(from: Swift.min(start, source.offset()), stoppingAt: stops)
        #expect(parsed.expr.description == expected)
        #expect(parsed.range == SourceRange(source.offset("1️⃣"), source.offset("2️⃣")))
    }

    @Test("ranges only where the caller allows them")
    func ranges() throws {
        let source = MarkedText("for n in 1️⃣2..52️⃣, k in 1..n")
        let parser = ExprParser(text: source.text)
        let parsed = try parser.parse(from: source.offset(), stoppingAt: [","], allowsRange: true)
        #expect(parsed.expr == Expr(.range(2, 5)))
        #expect(parsed.range.upperBound == source.offset("2️⃣"))
        #expect(throws: ParseError.self) { try parser.parse(from: source.offset(), stoppingAt: [","]) }
    }

    @Test("a strict newline stop rejects a dangling operator")
    func strictNewline() {
        let source = MarkedText("a +1️⃣\n  b")
        do {
            _ = try ExprParser(text: source.text).parse(stoppingAt: ["\n"])
            Issue.record("expected an error")
        } catch {
            #expect(error.id == .expectedExpression)
            #expect(error.range.lowerBound == source.offset())
        }
    }

    @Test("stop keywords are reserved inside brackets too")
    func reservedKeywords() {
        do {
            _ = try ExprParser(text: "f(for) for").parse(stoppingAt: ["for"])
            Issue.record("expected an error")
        } catch {
            #expect(error.id == .expectedExpression)
            #expect(error.range == SourceRange(2, 5))
        }
    }

    @Test("a stop keyword cannot start the expression")
    func keywordFirst() {
        do {
            _ = try ExprParser(text: "by algebra").parse(stoppingAt: ["by"])
            Issue.record("expected an error")
        } catch {
            #expect(error.id == .expectedExpression)
            #expect(error.range == SourceRange(0, 2))
        }
    }

    @Test("errors are located in the whole text")
    func locatedInText() {
        let text = "derive \"d\"\n      x\n    = (x + 1\n    by algebra\nend\n"
        let parser = ExprParser(text: text)
        let offset = text.utf8.count - "(x + 1\n    by algebra\nend\n".utf8.count
        do {
            _ = try parser.parse(from: offset, stoppingAt: Self.stepStops)
            Issue.record("expected an error")
        } catch {
            let converter = SourceLocationConverter(text: text)
            #expect(error.id == .expectedClosingDelimiter)
            #expect(converter.location(of: error.range.lowerBound) == SourceLocation(line: 4, column: 5))
            #expect(error.message == "expected ')' to close '(' at 3:7")
        }
    }

    @Test("stop sets from spellings")
    func stopSetLiterals() {
        let stops: StopSet = ["=", "by", "\n", "#"]
        #expect(stops.tokens == ["=", "#"])
        #expect(stops.keywords == ["by"])
        #expect(stops.newlines == .stop)
        #expect(StopSet(spellings: Set(["=", "by", "\n", "#"])) == stops)
        #expect(StopSet().union(StopSet(newlines: .stopUnlessContinued)).newlines == .stopUnlessContinued)
        #expect(StopSet(newlines: .stop).union(StopSet(newlines: .stopUnlessContinued)).newlines == .stop)
    }
}

@Suite("Source locations")
struct SourceLocationTests {
    @Test("offsets convert to 1-based line and UTF-8 column", arguments: [
        (0, 1, 1), (2, 1, 3), (3, 2, 1), (5, 2, 3), (6, 2, 4), (7, 3, 1), (10, 3, 4), (11, 3, 4), (-5, 1, 1),
    ])
    func conversion(offset: Int, line: Int, column: Int) {
        // "ab\n" "cd\r\n" "é€" (é is 2 bytes, € is 3... here: "éf")
        let converter = SourceLocationConverter(text: "ab\ncd\r\néf")
        #expect(converter.location(of: offset) == SourceLocation(line: line, column: column))
    }

    @Test("locations convert back to offsets")
    func roundTrip() {
        let text = "x + 1\n  (y\n\nz €"
        let converter = SourceLocationConverter(text: text)
        for offset in 0...text.utf8.count {
            let location = converter.location(of: offset)
            #expect(converter.offset(of: location) == offset)
        }
        #expect(converter.offset(of: SourceLocation(line: 9, column: 1)) == nil)
        #expect(converter.offset(of: SourceLocation(line: 1, column: 99)) == nil)
        #expect(converter.lineCount == 4)
        #expect(converter.range(ofLine: 2) == SourceRange(6, 10))
        #expect(SourceLocation(line: 3, column: 14).description == "3:14")
        #expect(SourceRange(5, 2) == SourceRange(2, 5))
        #expect(SourceRange(2, 5).union(SourceRange(at: 9)) == SourceRange(2, 9))
    }
}
