// Big operators `NAME_{bindings}[ body ]` and their binding clauses.
//
// As in `ParseSession+Arithmetic.swift`, the functions on the recursive path only sequence
// helpers, so that deeply nested big operators cost little stack.

extension ParseSession {
    /// `NAME_{ binding {, binding} }[ body ]` where `token` is the `NAME_{` head.
    func parseBigOperator() throws -> Expr {
        let head = token
        let name = bigOperatorName(head)
        try enter()
        try open()
        var bindings: [Binding] = []
        repeat {
            bindings.append(try parseBinding())
        } while try consumeComma()
        try close(.rightBrace, "}", opener: "\(name)_{", openedAt: head.range)
        let opening = try openBody(of: name)
        let body = try parseSum(after: "'['")
        try close(.rightBracket, "]", opener: "[", openedAt: opening)
        leave()
        return Expr(.bigOperator(BigOperator(name: name, bindings: bindings, body: body)))
    }

    /// The name of a `NAME_{` head, recorded as an occurrence.
    private func bigOperatorName(_ head: Token) -> String {
        let name = String(decoding: text(head).utf8.dropLast(2), as: UTF8.self)
        names.append(NameOccurrence(name: name, role: .bigOperator,
                                    range: SourceRange(head.range.lowerBound, head.range.upperBound - 2)))
        return name
    }

    private func consumeComma() throws -> Bool {
        guard token.kind == .comma else { return false }
        try advance(expectingOperand: true)
        return true
    }

    /// Consumes the `[` that opens the body; returns its range.
    private func openBody(of name: String) throws -> SourceRange {
        guard token.kind == .leftBracket else {
            throw ParseError.expectedBody(of: name, at: token.range)
        }
        let opening = token.range
        try open()
        return opening
    }

    /// One clause: `order 2`, `x`, `x ~ p`, `i = 1..n`, `S in subsets(1..4, 2)`, `u > 0`,
    /// `h -> 0`, ….
    private func parseBinding() throws -> Binding {
        if let keyword = optionKeywordAhead() {
            try advance(expectingOperand: true)
            let value = try parseSum(after: "'\(keyword)'")
            return Binding(subject: .symbol(keyword), relation: .option, value: value)
        }
        try checkBindingStart()
        let saved = inIsKeyword
        inIsKeyword = true
        let subject = try parseSum(after: nil)
        inIsKeyword = saved
        guard let relation = bindingRelationAhead() else {
            return Binding(subject: subject, relation: .bare, value: nil)
        }
        let spelled = quoted(token)
        try advance(expectingOperand: true)
        let value = try parseRangeOrSum(allowsRange: true, after: spelled)
        return Binding(subject: subject, relation: relation, value: value)
    }

    /// The option keyword at `token` if an operand follows it directly (`order 2`,
    /// `order (-1)`, `order [1, 2]`); `order in S`, `order > 0`, `order - 1 > 0` and a
    /// bare `order` are ordinary clauses about a variable named `order`.
    private func optionKeywordAhead() -> String? {
        guard token.kind == .identifier else { return nil }
        let keyword = text(token)
        guard optionKeywords.contains(keyword) else { return nil }
        var probe = lexer
        guard let next = try? probe.next() else { return nil }
        switch next.kind {
        case .identifier:
            return lexer.text(of: next.range) == "in" ? nil : keyword
        case .integer, .decimal, .bigOperatorHead, .leftParen, .leftBracket, .bar:
            return keyword
        case .plus, .minus, .star, .slash, .caret, .rightParen, .rightBracket, .leftBrace, .rightBrace,
             .comma, .semicolon, .colon, .tilde, .equal, .notEqual, .less, .lessEqual, .greater,
             .greaterEqual, .arrow, .dotDot, .newline, .comment, .end:
            return nil
        }
    }

    private func checkBindingStart() throws {
        switch token.kind {
        case .integer, .decimal, .identifier, .bigOperatorHead, .leftParen, .leftBracket, .bar, .minus:
            return
        case .plus, .star, .slash, .caret, .rightParen, .rightBracket, .leftBrace, .rightBrace, .comma,
             .semicolon, .colon, .tilde, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual,
             .arrow, .dotDot, .newline, .comment, .end:
            throw ParseError.expectedBinding(at: token.range)
        }
    }

    /// The relation spelled by `token` (`~`, `=`, `in`, `<`, …), if any.
    private func bindingRelationAhead() -> Binding.Relation? {
        if token.kind == .identifier && text(token) == "in" { return .member }
        return token.bindingRelation
    }
}
