// The public entry points of the math parser: whole texts and expressions embedded in
// larger texts (the `.drv` parser's `lhs <= rhs by hint`).

/// Parses math in the input syntax into faithful ``Expr`` trees.
///
/// Build one parser per text and call ``parse(from:stoppingAt:allowsRange:)`` for every
/// expression embedded in it; offsets in results and errors are UTF-8 byte offsets into that
/// text. The grammar, lowest precedence first:
///
/// ```
/// range    = sum [ ".." sum ]                      (only where ranges are allowed)
/// sum      = signed { ("+" | "-") signed }         one n-ary .sum; a - b is a + b.negated()
/// signed   = "-" signed | term                     -t is t.negated(): -3 is a number
/// term     = power { ("*" | "/") power }           one n-ary .product; a / b is a * b^-1;
///                                                  INT / INT of two literals folds to a number
/// power    = postfix [ "^" exponent ]              right-associative
/// exponent = "-" exponent | power
/// postfix  = primary { "[" sum { "," sum } "]" }   indexing
/// primary  = INT | DECIMAL | "pi" | "inf" | NAME
///          | NAME "(" args ")"                     built-in or opaque call; p(z | x)
///          | NAME "'"+ "(" args ")"                f'(u), f''(u)
///          | NAME "'" "[" INT {"," INT} "]" "(" args ")"     partial derivative f'[1,0](u, v)
///          | "diff" "(" sum "," NAME ["," INT] ")"
///          | NAME "_{" binding {"," binding} "}" "[" sum "]"  big operator
///          | "(" sum ")" | "[" sum {"," sum} "]" | "|" sum "|"
/// args     = range {"," range} ["|" range {"," range}]        (ranges only in opaque calls)
/// binding  = OPTION sum | sum [ ("~" | "=" | "in" | "<" | "<=" | ">" | ">=" | "!=" | "->") range ]
/// ```
///
/// There is no implicit multiplication (`2x` is an error that suggests `*`), and `a*-b` must
/// be written `a*(-b)`. Line breaks and `#` comments are whitespace inside brackets; outside
/// brackets the ``StopSet`` decides whether they end the expression.
///
/// Limits: nesting (parentheses, brackets, calls, unary minus, exponents) is bounded by
/// ``Limits/maxDepth``; number literals by ``maxNumberLiteralDigits``; derivative orders by
/// ``Limits/maxOrder``. Exceeding one is a located ``ParseError``, never a crash.
public struct ExprParser: Sendable {
    /// The default for ``maxNumberLiteralDigits``.
    public static let defaultMaxNumberLiteralDigits = 100_000

    /// The text being parsed, as UTF-8 bytes.
    let bytes: [UInt8]
    /// Resource limits (depth, derivative order).
    public var limits: Limits
    /// The most digits a number literal may need (mantissa digits plus the magnitude of its
    /// decimal exponent).
    public var maxNumberLiteralDigits: Int = ExprParser.defaultMaxNumberLiteralDigits
    /// Names that start an option clause in a big operator's bindings (`order 2`).
    public var optionKeywords: Set<String> = ["order"]

    /// Creates a parser for `text`.
    public init(text: String, limits: Limits = .default) {
        self.bytes = Array(text.utf8)
        self.limits = limits
    }

    /// The length of the text in UTF-8 bytes.
    public var utf8Count: Int { bytes.count }

    /// Parses one expression starting at `offset`, stopping before the first delimiter of
    /// `stops` found outside brackets, or at the end of the text.
    ///
    /// - Parameters:
    ///   - offset: A UTF-8 byte offset into the text (clamped to it). Leading blanks are skipped.
    ///   - stops: Where the expression may end besides the end of the text. With the default
    ///     (no stops) the whole rest of the text must be one expression.
    ///   - allowsRange: Whether the expression may be a range `a..b` (e.g. after `for n in`).
    /// - Returns: The expression, the range it covers (from its first token to the end of its
    ///   last one; the caller resumes at `range.upperBound`), and where names occur in it.
    /// - Throws: ``ParseError`` with the offending range when the text is not an expression
    ///   followed by a stop.
    public func parse(from offset: Int = 0, stoppingAt stops: StopSet = StopSet(),
                      allowsRange: Bool = false) throws(ParseError) -> ParsedExpr {
        let lexer = Lexer(bytes: bytes, position: offset, maxNumberDigits: maxNumberLiteralDigits)
        do {
            let session = try ParseSession(lexer: lexer, stops: stops, limits: limits, optionKeywords: optionKeywords)
            return try session.parseExpression(allowsRange: allowsRange)
        } catch let error as ParseError {
            throw error
        } catch {
            // Unreachable: the session throws only `ParseError`.
            throw ParseError(.unexpectedToken, "internal error: \(error)", at: SourceRange(at: offset))
        }
    }

    /// The text of a range of the source (for messages and tools).
    public func text(of range: SourceRange) -> String {
        let lower = Swift.min(Swift.max(range.lowerBound, 0), bytes.count)
        let upper = Swift.min(Swift.max(range.upperBound, lower), bytes.count)
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}

/// The result of ``ExprParser/parse(from:stoppingAt:allowsRange:)``.
public struct ParsedExpr: Sendable {
    /// The expression, as written.
    public var expr: Expr
    /// From the start of the first token to the end of the last token of the expression.
    public var range: SourceRange
    /// Every symbol, opaque function head and big operator name, in source order, with the
    /// bytes it covers (so a caller can report an undeclared name where it is written).
    public var names: [NameOccurrence]
}

/// A name written in an expression, and where.
public struct NameOccurrence: Hashable, Sendable {
    /// What the name stands for at this place.
    public enum Role: String, Hashable, Sendable {
        /// A variable (`x`), including one bound by a big operator.
        case symbol
        /// The head of an opaque function or density call (`f` in `f'(u)`, `p` in `p(z | x)`).
        case function
        /// A big operator's name (`E` in `E_{x ~ p}[…]`).
        case bigOperator
    }

    /// The name as it appears in the tree (without primes for a function head).
    public var name: String
    /// What it stands for.
    public var role: Role
    /// The bytes of the name in the source.
    public var range: SourceRange

    /// Creates an occurrence.
    public init(name: String, role: Role, range: SourceRange) {
        self.name = name
        self.role = role
        self.range = range
    }
}

/// Where an embedded expression ends: delimiters recognised outside all brackets.
///
/// Inside `(…)`, `[…]`, `{…}` and `|…|` only keywords stop the expression (they are
/// reserved), so multi-line expressions in brackets need no continuation marks.
///
/// ```swift
/// // `lhs <= rhs by hint`: stop at relations, at `by`, at the end of the line and at `#`.
/// let stops = StopSet.relations.union(StopSet(tokens: ["#", ";"], keywords: ["by", "as"],
///                                             newlines: .stopUnlessContinued))
/// ```
public struct StopSet: Hashable, Sendable, ExpressibleByArrayLiteral {
    /// What a line break outside brackets does.
    public enum NewlinePolicy: Hashable, Sendable {
        /// It is whitespace.
        case ignore
        /// It ends the expression.
        case stop
        /// It ends the expression unless the expression is incomplete (the line ends with a
        /// binary operator) or the next non-blank line starts with `+`, `-`, `*`, `/` or `^`,
        /// which continue it. `#` comments between the lines are skipped.
        case stopUnlessContinued
    }

    /// Token spellings that stop: any of `=`, `<=`, `>=`, `<`, `>`, `!=`, `,`, `;`, `:`, `~`,
    /// `->`, `|`, `)`, `]`, `}`, and `#` for a comment.
    public var tokens: Set<String>
    /// Identifiers that stop (`by`, `as`, `for`). They are reserved: not names anywhere in the
    /// expression, so `(x + 1 by algebra` reports the missing `)` at `by`.
    public var keywords: Set<String>
    /// What a line break outside brackets does.
    public var newlines: NewlinePolicy

    /// No stops: the expression must run to the end of the text.
    public init() {
        self.init(tokens: [], keywords: [], newlines: .ignore)
    }

    /// Creates a stop set.
    public init(tokens: Set<String> = [], keywords: Set<String> = [], newlines: NewlinePolicy = .ignore) {
        self.tokens = tokens
        self.keywords = keywords
        self.newlines = newlines
    }

    /// Builds a stop set from spellings: `"\n"` stops at line breaks, a spelling that starts
    /// with a letter is a keyword, anything else is a token (`"#"` for comments).
    public init(arrayLiteral elements: String...) {
        self.init(spellings: elements)
    }

    /// Builds a stop set from spellings, as the array literal does (`"\n"`, keywords, tokens).
    public init<Spellings: Sequence<String>>(spellings: Spellings) {
        self.init()
        for element in spellings {
            if element == "\n" {
                newlines = .stop
            } else if let first = element.utf8.first,
                      (first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z"))
                        || (first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")) {
                keywords.insert(element)
            } else {
                tokens.insert(element)
            }
        }
    }

    /// The relations of a derivation step: `=`, `<=`, `>=`, `<`, `>`, `!=`.
    public static let relations = StopSet(tokens: ["=", "<=", ">=", "<", ">", "!="])

    /// Both sets' delimiters; the stricter newline policy wins (`stop` over
    /// `stopUnlessContinued` over `ignore`).
    public func union(_ other: StopSet) -> StopSet {
        func rank(_ p: NewlinePolicy) -> Int {
            switch p {
            case .ignore: return 0
            case .stopUnlessContinued: return 1
            case .stop: return 2
            }
        }
        return StopSet(tokens: tokens.union(other.tokens), keywords: keywords.union(other.keywords),
                       newlines: rank(newlines) >= rank(other.newlines) ? newlines : other.newlines)
    }
}

extension Expr {
    /// Parses a whole text as one expression.
    ///
    /// - Throws: ``ParseError`` with the offending range (UTF-8 byte offsets into `text`).
    public init(parsing text: String, limits: Limits = .default) throws(ParseError) {
        self = try ExprParser(text: text, limits: limits).parse().expr
    }
}
