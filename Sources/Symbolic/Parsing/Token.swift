// The tokens of the math syntax.

/// One token: its kind and the bytes it covers. The text is read back from the source.
struct Token: Equatable, Sendable {
    /// What a token is.
    enum Kind: Equatable, Sendable {
        /// Decimal digits only: `42`.
        case integer
        /// Digits with a fraction and/or exponent: `0.5`, `1e-3`, `2.5E4`.
        case decimal
        /// A name, possibly with trailing primes: `x`, `x_1`, `beta2`, `f'`, `f''`.
        case identifier
        /// A big operator's head, a name immediately followed by `_{`: `E_{`, `sum_{`.
        case bigOperatorHead
        case plus, minus, star, slash, caret
        case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
        case comma, semicolon, colon, bar, tilde
        case equal, notEqual, less, lessEqual, greater, greaterEqual
        /// `->`.
        case arrow
        /// `..`.
        case dotDot
        /// A line break `\n` (a preceding `\r` is whitespace).
        case newline
        /// `#` up to (not including) the end of the line.
        case comment
        /// The end of the text.
        case end
    }

    var kind: Kind
    var range: SourceRange

    /// Whether this token can begin an operand, for the "missing operator" diagnostic.
    var beginsOperand: Bool {
        switch kind {
        case .integer, .decimal, .identifier, .bigOperatorHead, .leftParen:
            return true
        case .plus, .minus, .star, .slash, .caret, .rightParen, .leftBracket, .rightBracket,
             .leftBrace, .rightBrace, .comma, .semicolon, .colon, .bar, .tilde, .equal, .notEqual,
             .less, .lessEqual, .greater, .greaterEqual, .arrow, .dotDot, .newline, .comment, .end:
            return false
        }
    }

    /// Whether this token is a binary operator that can continue an expression on a new line.
    var isBinaryOperator: Bool {
        switch kind {
        case .plus, .minus, .star, .slash, .caret:
            return true
        case .integer, .decimal, .identifier, .bigOperatorHead, .leftParen, .rightParen,
             .leftBracket, .rightBracket, .leftBrace, .rightBrace, .comma, .semicolon, .colon, .bar,
             .tilde, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .arrow, .dotDot,
             .newline, .comment, .end:
            return false
        }
    }

    /// The binding relation this token spells, if any (`in` is an identifier, handled apart).
    var bindingRelation: Binding.Relation? {
        switch kind {
        case .tilde: return .distributedAs
        case .equal: return .equals
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        case .notEqual: return .notEqual
        case .arrow: return .tendsTo
        case .integer, .decimal, .identifier, .bigOperatorHead, .plus, .minus, .star, .slash, .caret,
             .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace, .comma,
             .semicolon, .colon, .bar, .dotDot, .newline, .comment, .end:
            return nil
        }
    }
}
