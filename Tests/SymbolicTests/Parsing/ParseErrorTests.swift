// Bad input gets a located, typed error. `1️⃣` marks where the error range starts and `2️⃣`
// (when present) where it ends; the markers are removed before parsing.
import Testing
@testable import Symbolic

@Suite("Parser: errors")
struct ParseErrorTests {
    static let cases: [(String, ParseError.ID)] = [
        // Missing operands.
        ("1️⃣", .expectedExpression),
        ("x +1️⃣", .expectedExpression),
        ("x + 1️⃣)2️⃣", .expectedExpression),
        ("f(1️⃣)", .expectedExpression),
        ("[1️⃣]", .expectedExpression),
        ("[a, 1️⃣]", .expectedExpression),
        ("x^1️⃣", .expectedExpression),
        ("2 * 1️⃣/ 3", .expectedExpression),
        ("(1️⃣)", .expectedExpression),
        // Unclosed brackets.
        ("(a + b1️⃣", .expectedClosingDelimiter),
        ("f(a, b1️⃣]2️⃣", .expectedClosingDelimiter),
        ("[a, b1️⃣)", .expectedClosingDelimiter),
        ("|x1️⃣", .expectedClosingDelimiter),
        ("E_{x ~ p 1️⃣;2️⃣ y}[x]", .expectedClosingDelimiter),
        ("E_{x ~ p}[x1️⃣", .expectedClosingDelimiter),
        // Tokens that cannot appear.
        ("x1️⃣)2️⃣", .unexpectedToken),
        ("x 1️⃣<2️⃣ y", .unexpectedToken),
        ("x 1️⃣=2️⃣ 1", .unexpectedToken),
        ("a 1️⃣|2️⃣ b", .unexpectedToken),
        ("x1️⃣**2️⃣2", .unexpectedToken),
        ("f(1..2 1️⃣..2️⃣ 3)", .unexpectedToken),
        ("x 1️⃣;2️⃣", .unexpectedToken),
        // No implicit multiplication.
        ("21️⃣x2️⃣", .implicitMultiplication),
        ("2 1️⃣x2️⃣", .implicitMultiplication),
        ("a 1️⃣b2️⃣", .implicitMultiplication),
        ("(a)1️⃣(2️⃣b)", .implicitMultiplication),
        ("x[1]1️⃣(2️⃣y)", .implicitMultiplication),
        ("2.51️⃣pi2️⃣", .implicitMultiplication),
        ("E_{x 1️⃣y2️⃣}[x]", .implicitMultiplication),
        // Unary operators.
        ("1️⃣+2️⃣x", .unaryOperatorNotAllowed),
        ("a + 1️⃣+2️⃣b", .unaryOperatorNotAllowed),
        ("x * 1️⃣-2️⃣y", .unaryOperatorNotAllowed),
        ("x / 1️⃣-2️⃣2", .unaryOperatorNotAllowed),
        // Characters and literals.
        ("1️⃣§2️⃣", .unknownCharacter),
        ("x + 1️⃣α2️⃣", .unknownCharacter),
        ("1️⃣!2️⃣", .unknownCharacter),
        ("x1️⃣.2️⃣", .unknownCharacter),
        ("1️⃣1.2️⃣", .invalidNumberLiteral),
        ("1️⃣1.2️⃣e5", .invalidNumberLiteral),
        ("1️⃣2e2️⃣", .invalidNumberLiteral),
        ("1️⃣.2️⃣5", .invalidNumberLiteral),
        ("1️⃣x_2️⃣ + 1", .invalidIdentifier),
        // Ranges only where they make sense.
        ("11️⃣..2️⃣n", .rangeNotAllowed),
        ("(11️⃣..2️⃣2)", .rangeNotAllowed),
        ("[11️⃣..2️⃣2]", .rangeNotAllowed),
        ("log(11️⃣..2️⃣2)", .rangeNotAllowed),
        // Calls.
        ("1️⃣log(x, y)2️⃣", .wrongArgumentCount),
        ("1️⃣max(x)2️⃣", .wrongArgumentCount),
        ("1 + 1️⃣sqrt(1, 2, 3)2️⃣", .wrongArgumentCount),
        ("log(x 1️⃣|2️⃣ y)", .badConditioningBar),
        ("p(x | y 1️⃣|2️⃣ z)", .badConditioningBar),
        ("1️⃣sin'2️⃣(x)", .badDerivativeHead),
        ("1️⃣f'2️⃣(u, v)", .badDerivativeHead),
        ("1️⃣f'[1]2️⃣(u, v)", .badDerivativeHead),
        ("1️⃣f''2️⃣[1, 0](u, v)", .badDerivativeHead),
        ("diff(x^2, 1️⃣2*x2️⃣)", .badDerivative),
        ("diff(x^2, x, 1️⃣02️⃣)", .badDerivative),
        ("diff(x^2, x, 1️⃣1/22️⃣)", .badDerivative),
        ("diff(x^21️⃣)", .badDerivative),
        // Big operators.
        ("E_{x} 1️⃣+2️⃣ 1", .expectedBody),
        ("x_{1️⃣}2️⃣", .expectedBinding),
        ("E_{1️⃣}2️⃣[x]", .expectedBinding),
        ("E_{x ~ p, 1️⃣,2️⃣ y}[x]", .expectedBinding),
        ("sum_{i = 1..1️⃣}2️⃣[i]", .expectedExpression),
    ]

    @Test("each error has its ID and range", arguments: cases)
    func located(marked: String, id: ParseError.ID) {
        let source = MarkedText(marked)
        do {
            let e = try Expr(parsing: source.text)
            Issue.record("parsed \(source.text.debugDescription) as \(e)")
        } catch {
            #expect(error.id == id, "\(error.message)")
            #expect(error.range.lowerBound == source.offset("1️⃣"), "\(error.message) at \(error.range)")
            if source.offsets["2️⃣"] != nil {
                #expect(error.range.upperBound == source.offset("2️⃣"), "\(error.message) at \(error.range)")
            }
            // swiftc style: lowercase first letter, no trailing period.
            #expect(error.message.first(where: \.isLetter)?.isLowercase == true)
            #expect(error.message.last != ".")
        }
    }

    @Test("messages say what was expected", arguments: [
        ("x +", "expected expression after '+'"),
        ("", "expected expression"),
        ("(a + b", "expected ')' to close '(' at 1:1"),
        ("x + f(a,\n  b", "expected ')' to close '(' at 1:6"),
        ("§", "unknown character '§'"),
        ("2x", "missing operator before 'x'; implicit multiplication is not supported, write '*'"),
        ("log(x, y)", "'log' expects 1 argument, got 2"),
        ("max(x)", "'max' expects at least 2 arguments, got 1"),
        ("x)", "unexpected ')' with no matching opening bracket"),
        ("x < y", "unexpected '<' after expression"),
        ("x * -y", "unary '-' after '*' must be parenthesized: write '*(-…)'"),
        ("1..2", "range '..' is only allowed in call arguments and big-operator bindings"),
        ("x**2", "unexpected '**'; write '^' for powers"),
        ("E_{x}", "expected '[' to begin the body of 'E_{…}'; write 'x_1' for a subscripted name"),
        ("f(", "expected expression after '('"),
        ("a -", "expected expression after '-'"),
        ("(((x", "expected ')' to close '(' at 1:3"),
        ("1" + String(repeating: "0", count: 100_000), "number literal too long (limit is 100000 digits)"),
        (String(repeating: "(", count: 2001), "expression nested too deeply (limit is 2000 levels)"),
    ])
    func messages(text: String, message: String) {
        #expect(throws: ParseError.self) { try Expr(parsing: text) }
        do {
            _ = try Expr(parsing: text)
        } catch {
            #expect(error.message == message)
            #expect(error.description == message)
        }
    }

    @Test("an unclosed bracket carries a note at the opener")
    func openerNote() {
        let source = MarkedText("x + 1️⃣(a + b")
        do {
            _ = try Expr(parsing: source.text)
            Issue.record("expected an error")
        } catch {
            #expect(error.notes == [ParseError.Note(message: "to match this '('",
                                                    range: SourceRange(source.offset(), source.offset() + 1))])
        }
    }

    @Test("error IDs are unique, stable and sorted")
    func catalogue() {
        let raw = ParseError.ID.allCases.map(\.rawValue)
        #expect(Set(raw).count == raw.count)
        let names = ParseError.ID.allCases.map { "\($0)" }
        #expect(names == names.sorted())
        // Every ID is exercised by the table above.
        let covered = Set(Self.cases.map(\.1)).union([.nestingTooDeep, .numberLiteralTooLong])
        #expect(covered == Set(ParseError.ID.allCases))
    }
}
