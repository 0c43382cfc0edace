// The state of one parse: the lookahead token, bracket nesting, recursion depth, and the
// decisions about line breaks, comments and the caller's stops. The grammar itself is in
// `ParseSession+Arithmetic.swift`, `+Calls.swift` and `+BigOperator.swift`.
//
// Implementation notes
// --------------------
// Recursive descent, one token of lookahead (`token`); a copy of the lexer gives more where
// the grammar needs it (derivative heads, line continuations, option clauses). The session
// is a class so that helper calls never copy it: in unoptimised builds a copied struct costs
// a stack slot in every frame, and the frames on the recursive path must stay small (about
// 2–3 KB per nesting level in debug builds, so `Limits.maxDepth` = 2000 levels fit in an
// 8 MB stack).
//
// `nesting` counts open brackets: line breaks, comments and the caller's token stops count
// only at nesting 0 (stop keywords are reserved everywhere). `depth` counts the levels that
// deepen the tree (every bracket, call, big operator, `^` and `[…]`) and is checked against
// `Limits.maxDepth` before descending, so hostile input such as 10^4 opening parentheses is
// rejected with a located error long before the stack is at risk.
//
// Internally errors are thrown untyped (typed throws reserve an error slot per call site in
// every frame); they are always `ParseError`, and `ExprParser` rethrows them typed.

final class ParseSession {
    var lexer: Lexer
    /// The current (lookahead) token.
    var token: Token
    let stops: StopSet
    let limits: Limits
    let optionKeywords: Set<String>
    /// Open brackets around the current token.
    var nesting = 0
    /// Recursion depth, bounded by `limits.maxDepth`.
    var depth = 0
    /// End offset of the last consumed token.
    var lastEnd: Int
    /// Whether the identifier `in` ends the current operand (binding subjects).
    var inIsKeyword = false
    /// Names seen so far.
    var names: [NameOccurrence] = []

    init(lexer: Lexer, stops: StopSet, limits: Limits, optionKeywords: Set<String>) throws {
        self.lexer = lexer
        self.stops = stops
        self.limits = limits
        self.optionKeywords = optionKeywords
        self.lastEnd = lexer.position
        self.token = Token(kind: .end, range: SourceRange(at: lexer.position))
        try fetch(expectingOperand: true)
    }

    // MARK: Tokens

    func text(_ token: Token) -> String { lexer.text(of: token.range) }

    /// A short quoted spelling of a token for messages.
    func quoted(_ token: Token) -> String {
        switch token.kind {
        case .end: return "end of text"
        case .newline: return "end of line"
        case .comment: return "comment"
        case .integer, .decimal, .identifier, .bigOperatorHead, .plus, .minus, .star, .slash, .caret,
             .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace, .comma,
             .semicolon, .colon, .bar, .tilde, .equal, .notEqual, .less, .lessEqual, .greater,
             .greaterEqual, .arrow, .dotDot:
            var t = text(token)
            if t.utf8.count > 24 { t = String(t.prefix(20)) + "…" }
            return "'\(t)'"
        }
    }

    /// Consumes the current token and reads the next significant one.
    func advance(expectingOperand: Bool = false) throws {
        lastEnd = token.range.upperBound
        try fetch(expectingOperand: expectingOperand)
    }

    /// Reads the next significant token into `token`, deciding what line breaks and comments
    /// mean at the current nesting.
    private func fetch(expectingOperand: Bool) throws {
        while true {
            let t = try lexer.next()
            guard t.kind == .newline || t.kind == .comment else {
                token = t
                return
            }
            if nesting > 0 { continue }
            if stops.newlines == .stopUnlessContinued {
                if expectingOperand || nextLineContinues() { continue }
            }
            if t.kind == .comment {
                if stops.tokens.contains("#") {
                    token = t
                    return
                }
                continue
            }
            if stops.newlines == .ignore { continue }
            token = t
            return
        }
    }

    /// Whether the next token after line breaks and comments is a binary operator.
    private func nextLineContinues() -> Bool {
        var probe = lexer
        while true {
            guard let t = try? probe.next() else { return false }
            if t.kind == .newline || t.kind == .comment { continue }
            return t.isBinaryOperator
        }
    }

    /// Whether the current token is one of the caller's stops: the end, a stop keyword
    /// (reserved everywhere, so a missing `)` is reported at `by` rather than swallowing it),
    /// or another stop outside brackets.
    func atStop() -> Bool {
        if token.kind == .end { return true }
        if token.kind == .identifier { return stops.keywords.contains(text(token)) }
        guard nesting == 0 else { return false }
        switch token.kind {
        case .newline: return true
        case .comment: return true
        case .identifier: return stops.keywords.contains(text(token))
        case .integer, .decimal, .bigOperatorHead, .plus, .minus, .star, .slash, .caret, .leftParen,
             .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace, .comma, .semicolon,
             .colon, .bar, .tilde, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual,
             .arrow, .dotDot, .end:
            return stops.tokens.contains(text(token))
        }
    }

    /// Consumes an opening bracket (the next token is read inside it).
    func open() throws {
        nesting += 1
        try advance(expectingOperand: true)
    }

    /// Consumes the closing bracket `kind` or throws "expected ')' to close '(' at 1:5".
    func close(_ kind: Token.Kind, _ closer: String, opener: String, openedAt opening: SourceRange) throws {
        guard token.kind == kind else { throw closingError(closer, opener: opener, openedAt: opening) }
        nesting -= 1
        try advance()
    }

    @inline(never)
    private func closingError(_ closer: String, opener: String, openedAt opening: SourceRange) -> ParseError {
        if token.kind == .dotDot { return .rangeNotAllowed(at: token.range) }
        let location = SourceLocationConverter(utf8: lexer.bytes).location(of: opening.lowerBound)
        return .expectedClosing(closer, opener: opener, openedAt: opening, location: location, at: token.range)
    }

    /// Enters one level of recursion, throwing at the depth limit.
    func enter() throws {
        depth += 1
        if depth > limits.maxDepth {
            throw ParseError.nestingTooDeep(limit: limits.maxDepth, at: token.range)
        }
    }

    func leave() { depth -= 1 }

    // MARK: Entry

    func parseExpression(allowsRange: Bool) throws -> ParsedExpr {
        let start = token.range.lowerBound
        let expr = try parseRangeOrSum(allowsRange: allowsRange, after: nil)
        if !atStop() {
            throw unexpectedAfterExpression()
        }
        return ParsedExpr(expr: expr, range: SourceRange(start, lastEnd), names: names)
    }

    /// The error for a token that can neither continue nor end the expression.
    func unexpectedAfterExpression() -> ParseError {
        switch token.kind {
        case .dotDot:
            return .rangeNotAllowed(at: token.range)
        case .rightParen, .rightBracket, .rightBrace:
            return .unexpected(quoted(token), " with no matching opening bracket", at: token.range)
        case .integer, .decimal, .identifier, .bigOperatorHead, .plus, .minus, .star, .slash, .caret,
             .leftParen, .leftBracket, .leftBrace, .comma, .semicolon, .colon, .bar, .tilde, .equal,
             .notEqual, .less, .lessEqual, .greater, .greaterEqual, .arrow, .newline, .comment, .end:
            return .unexpected(quoted(token), " after expression", at: token.range)
        }
    }
}
