// The hand-written lexer of the math syntax.
//
// Implementation notes
// --------------------
// The lexer works on UTF-8 bytes and is a plain value: the parser copies it to look ahead
// (the byte array is shared, so a copy costs two words). Every token is produced in O(its
// length); whitespace other than "\n" is skipped, while line breaks and `#` comments come
// out as tokens because only the parser knows whether they end the expression (outside
// brackets, when the caller asked to stop there) or are mere whitespace.
//
// Number literals are only delimited here; their value is computed by `numberValue(of:)`
// after the digit-count limit has been checked, so a ten-million-digit literal is rejected
// in linear time without ever being converted.

/// Splits UTF-8 bytes into ``Token``s on demand.
struct Lexer: Sendable {
    /// The whole source text.
    let bytes: [UInt8]
    /// The offset of the next unread byte.
    var position: Int
    /// The most digits a number literal may have (mantissa plus decimal exponent).
    let maxNumberDigits: Int

    init(bytes: [UInt8], position: Int, maxNumberDigits: Int) {
        self.bytes = bytes
        self.position = Swift.min(Swift.max(position, 0), bytes.count)
        self.maxNumberDigits = maxNumberDigits
    }

    /// The text of a token (or any range), decoded as UTF-8.
    func text(of range: SourceRange) -> String {
        String(decoding: bytes[range.lowerBound..<range.upperBound], as: UTF8.self)
    }

    private func byte(at offset: Int) -> UInt8? {
        offset < bytes.count ? bytes[offset] : nil
    }

    private static func isDigit(_ b: UInt8?) -> Bool {
        guard let b else { return false }
        return b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
    }

    private static func isLetter(_ b: UInt8?) -> Bool {
        guard let b else { return false }
        return (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    }

    /// Reads the next token.
    mutating func next() throws -> Token {
        // Skip blanks (not line breaks).
        while let b = byte(at: position), b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") {
            position += 1
        }
        let start = position
        guard let b = byte(at: position) else {
            return Token(kind: .end, range: SourceRange(at: position))
        }
        func single(_ kind: Token.Kind) -> Token {
            position += 1
            return Token(kind: kind, range: SourceRange(start, start + 1))
        }
        func double(_ kind: Token.Kind) -> Token {
            position += 2
            return Token(kind: kind, range: SourceRange(start, start + 2))
        }
        let next = byte(at: position + 1)
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try number()
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return try identifier()
        case UInt8(ascii: "\n"): return single(.newline)
        case UInt8(ascii: "#"):
            while let c = byte(at: position), c != UInt8(ascii: "\n") { position += 1 }
            return Token(kind: .comment, range: SourceRange(start, position))
        case UInt8(ascii: "+"): return single(.plus)
        case UInt8(ascii: "-"): return next == UInt8(ascii: ">") ? double(.arrow) : single(.minus)
        case UInt8(ascii: "*"):
            if next == UInt8(ascii: "*") {
                throw ParseError.unexpected("'**'", "; write '^' for powers", at: SourceRange(start, start + 2))
            }
            return single(.star)
        case UInt8(ascii: "/"): return single(.slash)
        case UInt8(ascii: "^"): return single(.caret)
        case UInt8(ascii: "("): return single(.leftParen)
        case UInt8(ascii: ")"): return single(.rightParen)
        case UInt8(ascii: "["): return single(.leftBracket)
        case UInt8(ascii: "]"): return single(.rightBracket)
        case UInt8(ascii: "{"): return single(.leftBrace)
        case UInt8(ascii: "}"): return single(.rightBrace)
        case UInt8(ascii: ","): return single(.comma)
        case UInt8(ascii: ";"): return single(.semicolon)
        case UInt8(ascii: ":"): return single(.colon)
        case UInt8(ascii: "|"): return single(.bar)
        case UInt8(ascii: "~"): return single(.tilde)
        case UInt8(ascii: "="): return single(.equal)
        case UInt8(ascii: "<"): return next == UInt8(ascii: "=") ? double(.lessEqual) : single(.less)
        case UInt8(ascii: ">"): return next == UInt8(ascii: "=") ? double(.greaterEqual) : single(.greater)
        case UInt8(ascii: "!"):
            if next == UInt8(ascii: "=") { return double(.notEqual) }
            throw ParseError.unknownCharacter("!", at: SourceRange(start, start + 1))
        case UInt8(ascii: "."):
            if next == UInt8(ascii: ".") { return double(.dotDot) }
            if Lexer.isDigit(next) {
                throw ParseError.invalidNumberLiteral("number literal must start with a digit; write '0.' before the '.'",
                                            at: SourceRange(start, start + 1))
            }
            throw ParseError.unknownCharacter(".", at: SourceRange(start, start + 1))
        default:
            let length = Lexer.scalarLength(leadingByte: b)
            let end = Swift.min(start + length, bytes.count)
            throw ParseError.unknownCharacter(text(of: SourceRange(start, end)), at: SourceRange(start, end))
        }
    }

    /// The byte length of a UTF-8 sequence from its leading byte (1 for stray bytes).
    private static func scalarLength(leadingByte b: UInt8) -> Int {
        if b & 0x80 == 0 { return 1 }
        if b & 0xE0 == 0xC0 { return 2 }
        if b & 0xF0 == 0xE0 { return 3 }
        if b & 0xF8 == 0xF0 { return 4 }
        return 1
    }

    /// `[A-Za-z][A-Za-z0-9_]* '*`, or a big-operator head `NAME_{`.
    private mutating func identifier() throws -> Token {
        let start = position
        while let b = byte(at: position), Lexer.isLetter(b) || Lexer.isDigit(b) || b == UInt8(ascii: "_") {
            position += 1
        }
        if bytes[position - 1] == UInt8(ascii: "_") {
            if byte(at: position) == UInt8(ascii: "{") {
                position += 1
                return Token(kind: .bigOperatorHead, range: SourceRange(start, position))
            }
            throw ParseError.invalidIdentifier("identifier cannot end with '_'", at: SourceRange(start, position))
        }
        while byte(at: position) == UInt8(ascii: "'") { position += 1 }
        return Token(kind: .identifier, range: SourceRange(start, position))
    }

    /// `digits ('.' digits)? ([eE] [+-]? digits)?`; a `.` followed by `.` is left for `..`.
    private mutating func number() throws -> Token {
        let start = position
        var isDecimal = false
        while Lexer.isDigit(byte(at: position)) { position += 1 }
        if byte(at: position) == UInt8(ascii: "."), byte(at: position + 1) != UInt8(ascii: ".") {
            position += 1
            guard Lexer.isDigit(byte(at: position)) else {
                throw ParseError.invalidNumberLiteral("expected digit after '.' in number literal",
                                            at: SourceRange(start, position))
            }
            while Lexer.isDigit(byte(at: position)) { position += 1 }
            isDecimal = true
        }
        if let e = byte(at: position), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            position += 1
            if let sign = byte(at: position), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                position += 1
            }
            guard Lexer.isDigit(byte(at: position)) else {
                throw ParseError.invalidNumberLiteral("expected digits in the exponent of number literal",
                                            at: SourceRange(start, position))
            }
            while Lexer.isDigit(byte(at: position)) { position += 1 }
            isDecimal = true
        }
        let range = SourceRange(start, position)
        if Lexer.isLetter(byte(at: position)) || byte(at: position) == UInt8(ascii: "_") {
            // `2x`: report the missing operator at the name that follows.
            var probe = self
            let name = (try? probe.next())?.range ?? SourceRange(position, position + 1)
            throw ParseError.implicitMultiplication(before: text(of: name), at: name)
        }
        _ = try digitCount(of: range)
        return Token(kind: isDecimal ? .decimal : .integer, range: range)
    }

    /// The number of digits the literal's exact value needs (mantissa digits plus the
    /// magnitude of the decimal exponent), throwing when over the limit.
    private func digitCount(of range: SourceRange) throws -> Int {
        var mantissaDigits = 0
        var exponent = 0
        var inExponent = false
        for offset in range.lowerBound..<range.upperBound {
            let b = bytes[offset]
            if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                inExponent = true
            } else if Lexer.isDigit(b) {
                if inExponent {
                    // Saturate: anything past the limit is rejected below anyway.
                    exponent = Swift.min(exponent * 10 + Int(b - UInt8(ascii: "0")), maxNumberDigits + 1)
                } else {
                    mantissaDigits += 1
                }
            }
        }
        let total = mantissaDigits + exponent
        if total > maxNumberDigits {
            throw ParseError.numberLiteralTooLong(limit: maxNumberDigits, at: range)
        }
        return total
    }

    /// The exact value of an `.integer` or `.decimal` token (already checked for length).
    func numberValue(of token: Token) -> Rational {
        var integerDigits: [UInt8] = []
        var fractionDigits = 0
        var exponent = 0
        var exponentNegative = false
        var part = 0  // 0 integer part, 1 fraction, 2 exponent
        integerDigits.reserveCapacity(token.range.length)
        for offset in token.range.lowerBound..<token.range.upperBound {
            let b = bytes[offset]
            switch b {
            case UInt8(ascii: "."): part = 1
            case UInt8(ascii: "e"), UInt8(ascii: "E"): part = 2
            case UInt8(ascii: "-"): exponentNegative = true
            case UInt8(ascii: "+"): break
            default:
                if part == 2 {
                    exponent = Swift.min(exponent * 10 + Int(b - UInt8(ascii: "0")), maxNumberDigits + 1)
                } else {
                    integerDigits.append(b)
                    if part == 1 { fractionDigits += 1 }
                }
            }
        }
        let mantissa = BigInt(String(decoding: integerDigits, as: UTF8.self)) ?? .zero
        let scale = (exponentNegative ? -exponent : exponent) - fractionDigits
        let ten = BigInt(10)
        if scale >= 0 {
            return Rational(mantissa * (ten.power(scale) ?? .one))
        }
        return Rational(numerator: mantissa, denominator: ten.power(-scale) ?? .one) ?? .zero
    }
}
