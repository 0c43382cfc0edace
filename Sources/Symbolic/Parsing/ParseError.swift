// Errors of the math parser: a stable ID, a swiftc-style message and a source range.

/// A located error from parsing math text.
///
/// The message follows swiftc's style: lowercase, no trailing period, and it says what was
/// expected (`expected ')' to close '(' at 1:5`). Tests and tools match on the stable ``id``,
/// never on the text. ``range`` is in UTF-8 byte offsets of the text given to the parser;
/// turn it into `line:column` with a ``SourceLocationConverter``.
public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable identifier.
    public var id: ID
    /// The human-readable message.
    public var message: String
    /// The offending bytes, or an empty range where something was missing.
    public var range: SourceRange
    /// Secondary locations, e.g. the opening bracket that was not closed.
    public var notes: [Note]

    /// A secondary message attached to another place in the text.
    public struct Note: Hashable, Sendable {
        /// The note's text (`to match this '('`).
        public var message: String
        /// Where it points.
        public var range: SourceRange

        /// Creates a note.
        public init(message: String, range: SourceRange) {
            self.message = message
            self.range = range
        }
    }

    /// Creates an error.
    public init(_ id: ID, _ message: String, at range: SourceRange, notes: [Note] = []) {
        self.id = id
        self.message = message
        self.range = range
        self.notes = notes
    }

    /// The message alone.
    public var description: String { message }

    /// The stable identifiers of parse errors, sorted alphabetically (swift-syntax style).
    /// Raw values never change once published; tests and tools match on them.
    public enum ID: String, CaseIterable, Hashable, Sendable {
        /// A conditioning bar `|` where none is allowed, or more than one.
        case badConditioningBar = "bad-conditioning-bar"
        /// A `diff(…)` call with a bad shape, variable or order.
        case badDerivative = "bad-derivative"
        /// A prime or `'[…]` derivative head that does not fit the call.
        case badDerivativeHead = "bad-derivative-head"
        /// A big operator clause that is not one of the binding forms.
        case expectedBinding = "expected-binding"
        /// A big operator `NAME_{…}` without its bracketed body.
        case expectedBody = "expected-body"
        /// A bracket, brace or parenthesis that was opened and not closed.
        case expectedClosingDelimiter = "expected-closing-delimiter"
        /// An operand was required here.
        case expectedExpression = "expected-expression"
        /// Two operands next to each other (`2x`, `a b`).
        case implicitMultiplication = "implicit-multiplication"
        /// An identifier of a form the language does not allow (`x_`).
        case invalidIdentifier = "invalid-identifier"
        /// A number literal of a form the language does not allow (`1.`, `2e`, `.5`).
        case invalidNumberLiteral = "invalid-number-literal"
        /// Parentheses, brackets, unary minus or powers nested beyond the depth limit.
        case nestingTooDeep = "nesting-too-deep"
        /// A number literal with more digits than the parser accepts.
        case numberLiteralTooLong = "number-literal-too-long"
        /// A range `a..b` outside call arguments and binding values.
        case rangeNotAllowed = "range-not-allowed"
        /// A unary minus right after `*`, `/` (needs parentheses) or a unary plus.
        case unaryOperatorNotAllowed = "unary-operator-not-allowed"
        /// A token that cannot appear here (`)`, `<`, `;` …).
        case unexpectedToken = "unexpected-token"
        /// A byte that starts no token (`§`, `!`).
        case unknownCharacter = "unknown-character"
        /// A built-in function called with the wrong number of arguments.
        case wrongArgumentCount = "wrong-argument-count"
    }
}

// MARK: - The message catalogue

extension ParseError {
    @inline(never)
    static func badDerivative(_ detail: String, at range: SourceRange) -> ParseError {
        ParseError(.badDerivative, detail, at: range)
    }

    @inline(never)
    static func badDerivativeHead(_ detail: String, at range: SourceRange) -> ParseError {
        ParseError(.badDerivativeHead, detail, at: range)
    }

    @inline(never)
    static func badConditioningBar(_ detail: String, at range: SourceRange) -> ParseError {
        ParseError(.badConditioningBar, detail, at: range)
    }

    /// `expected ')' to close '(' at 1:5`.
    @inline(never)
    static func expectedClosing(_ closer: String, opener: String, openedAt opening: SourceRange,
                                location: SourceLocation, at range: SourceRange) -> ParseError {
        ParseError(.expectedClosingDelimiter,
                   "expected '\(closer)' to close '\(opener)' at \(location)",
                   at: range,
                   notes: [Note(message: "to match this '\(opener)'", range: opening)])
    }

    /// `expected expression after '+'`, `expected expression`.
    @inline(never)
    static func expectedExpression(after context: String?, at range: SourceRange) -> ParseError {
        if let context {
            return ParseError(.expectedExpression, "expected expression after \(context)", at: range)
        }
        return ParseError(.expectedExpression, "expected expression", at: range)
    }

    @inline(never)
    static func expectedBinding(at range: SourceRange) -> ParseError {
        ParseError(.expectedBinding,
                   "expected binding such as 'x', 'x ~ p', 'i = 1..n', 'u > 0' or 'h -> 0'",
                   at: range)
    }

    @inline(never)
    static func expectedBody(of name: String, at range: SourceRange) -> ParseError {
        ParseError(.expectedBody,
                   "expected '[' to begin the body of '\(name)_{…}'; write 'x_1' for a subscripted name",
                   at: range)
    }

    @inline(never)
    static func implicitMultiplication(before token: String, at range: SourceRange) -> ParseError {
        ParseError(.implicitMultiplication,
                   "missing operator before '\(token)'; implicit multiplication is not supported, write '*'",
                   at: range)
    }

    @inline(never)
    static func invalidIdentifier(_ detail: String, at range: SourceRange) -> ParseError {
        ParseError(.invalidIdentifier, detail, at: range)
    }

    @inline(never)
    static func invalidNumberLiteral(_ detail: String, at range: SourceRange) -> ParseError {
        ParseError(.invalidNumberLiteral, detail, at: range)
    }

    @inline(never)
    static func nestingTooDeep(limit: Int, at range: SourceRange) -> ParseError {
        ParseError(.nestingTooDeep, "expression nested too deeply (limit is \(limit) levels)", at: range)
    }

    @inline(never)
    static func numberLiteralTooLong(limit: Int, at range: SourceRange) -> ParseError {
        ParseError(.numberLiteralTooLong, "number literal too long (limit is \(limit) digits)", at: range)
    }

    @inline(never)
    static func rangeNotAllowed(at range: SourceRange) -> ParseError {
        ParseError(.rangeNotAllowed,
                   "range '..' is only allowed in call arguments and big-operator bindings",
                   at: range)
    }

    @inline(never)
    static func unaryOperatorNotAllowed(_ detail: String, at range: SourceRange) -> ParseError {
        ParseError(.unaryOperatorNotAllowed, detail, at: range)
    }

    /// `unexpected ')'`, `unexpected '<' after expression`.
    @inline(never)
    static func unexpected(_ token: String, _ detail: String = "", at range: SourceRange) -> ParseError {
        ParseError(.unexpectedToken, "unexpected \(token)\(detail)", at: range)
    }

    @inline(never)
    static func unknownCharacter(_ character: String, at range: SourceRange) -> ParseError {
        ParseError(.unknownCharacter, "unknown character '\(character)'", at: range)
    }

    @inline(never)
    static func wrongArgumentCount(_ detail: String, at range: SourceRange) -> ParseError {
        ParseError(.wrongArgumentCount, detail, at: range)
    }
}
