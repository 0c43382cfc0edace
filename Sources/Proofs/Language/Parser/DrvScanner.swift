// Byte-level scanning of the statement layer of a `.drv` file: words, strings, relations,
// blanks, comments and line ends. Expressions are handed to the math parser.
import Symbolic

/// A cursor over the UTF-8 bytes of a `.drv` file.
///
/// Blanks are spaces, tabs and carriage returns (so CRLF files scan like LF files); a line
/// ends at `\n`, at a `#` comment or at the end of the text.
struct DrvScanner {
    /// The whole file.
    let bytes: [UInt8]
    /// The offset of the next unread byte.
    var position: Int

    init(bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), carriageReturn = UInt8(ascii: "\r")
    static let newline = UInt8(ascii: "\n"), hash = UInt8(ascii: "#"), quote = UInt8(ascii: "\"")

    func byte(at offset: Int) -> UInt8? {
        offset >= 0 && offset < bytes.count ? bytes[offset] : nil
    }

    /// The byte at the cursor, or `nil` at the end.
    var current: UInt8? { byte(at: position) }

    var isAtEnd: Bool { position >= bytes.count }

    static func isBlank(_ b: UInt8) -> Bool { b == space || b == tab || b == carriageReturn }

    static func isLetter(_ b: UInt8?) -> Bool {
        guard let b else { return false }
        return (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    }

    static func isDigit(_ b: UInt8?) -> Bool {
        guard let b else { return false }
        return b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
    }

    /// Skips spaces, tabs and carriage returns.
    mutating func skipBlanks() {
        while let b = current, DrvScanner.isBlank(b) { position += 1 }
    }

    /// Whether only blanks and perhaps a comment remain on this line (skips the blanks).
    mutating func atLineEnd() -> Bool {
        skipBlanks()
        guard let b = current else { return true }
        return b == DrvScanner.newline || b == DrvScanner.hash
    }

    /// Moves past the next line break (or to the end of the text).
    mutating func skipRestOfLine() {
        while let b = current, b != DrvScanner.newline { position += 1 }
        if current == DrvScanner.newline { position += 1 }
    }

    /// Skips blanks, comments and line breaks.
    mutating func skipTrivia() {
        while let b = current {
            if DrvScanner.isBlank(b) || b == DrvScanner.newline {
                position += 1
            } else if b == DrvScanner.hash {
                while let c = current, c != DrvScanner.newline { position += 1 }
            } else {
                return
            }
        }
    }

    /// The end of the identifier `[A-Za-z][A-Za-z0-9_]*` starting at `offset` (`offset` if
    /// none starts there).
    func identifierEnd(at offset: Int) -> Int {
        guard DrvScanner.isLetter(byte(at: offset)) else { return offset }
        var end = offset + 1
        while let b = byte(at: end), DrvScanner.isLetter(b) || DrvScanner.isDigit(b) || b == UInt8(ascii: "_") {
            end += 1
        }
        return end
    }

    /// The identifier at the cursor, without consuming it.
    func peekWord() -> Located<String>? {
        let end = identifierEnd(at: position)
        guard end > position else { return nil }
        return Located(text(of: SourceRange(position, end)), SourceRange(position, end))
    }

    /// Whether the identifier at the cursor is exactly `word`.
    func atWord(_ word: String) -> Bool {
        peekWord()?.value == word
    }

    /// Consumes and returns the identifier at the cursor.
    mutating func readWord() -> Located<String>? {
        guard let word = peekWord() else { return nil }
        position = word.range.upperBound
        return word
    }

    /// A hint name at the cursor: `[A-Za-z][A-Za-z0-9_-]*`, not ending in `-`.
    mutating func readHintName() -> Located<String>? {
        guard DrvScanner.isLetter(current) else { return nil }
        var end = position + 1
        while let b = byte(at: end),
              DrvScanner.isLetter(b) || DrvScanner.isDigit(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") {
            end += 1
        }
        while end > position + 1, byte(at: end - 1) == UInt8(ascii: "-") { end -= 1 }
        let range = SourceRange(position, end)
        position = end
        return Located(text(of: range), range)
    }

    /// Consumes `byte` if it is at the cursor.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard current == byte else { return false }
        position += 1
        return true
    }

    /// Consumes the two-byte token `first second` if it is at the cursor.
    mutating func consume(_ first: UInt8, _ second: UInt8) -> Bool {
        guard current == first, byte(at: position + 1) == second else { return false }
        position += 2
        return true
    }

    /// The text of a range (clamped to the file).
    func text(of range: SourceRange) -> String {
        let lower = Swift.min(Swift.max(range.lowerBound, 0), bytes.count)
        let upper = Swift.min(Swift.max(range.upperBound, lower), bytes.count)
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    /// The bytes of the (possibly multi-byte) character at `offset`, for messages.
    func characterRange(at offset: Int) -> SourceRange {
        guard let b = byte(at: offset) else { return SourceRange(at: offset) }
        var length = 1
        if b & 0xE0 == 0xC0 { length = 2 } else if b & 0xF0 == 0xE0 { length = 3 } else if b & 0xF8 == 0xF0 { length = 4 }
        return SourceRange(offset, Swift.min(offset + length, bytes.count))
    }

    /// The offset where the line containing `offset` starts.
    func lineStart(of offset: Int) -> Int {
        var p = Swift.min(offset, bytes.count)
        while p > 0, bytes[p - 1] != DrvScanner.newline { p -= 1 }
        return p
    }

    /// The end of the last token before `offset`, skipping blanks, line breaks and `#`
    /// comments backwards (a `#` always starts a comment outside strings).
    func endOfPreviousToken(before offset: Int) -> Int {
        var p = Swift.min(offset, bytes.count)
        while p > 0 {
            let b = bytes[p - 1]
            if DrvScanner.isBlank(b) || b == DrvScanner.newline {
                p -= 1
                continue
            }
            let start = lineStart(of: p - 1)
            if let hash = bytes[start..<p].firstIndex(of: DrvScanner.hash) {
                p = hash
                continue
            }
            return p
        }
        return 0
    }

    // MARK: Relations

    /// What stands at the cursor where a relation may be.
    enum RelationScan {
        /// A relation and its bytes.
        case relation(Located<Relation>)
        /// Something that looks like a relation but is not one, with a message.
        case invalid(String, SourceRange)
        /// No relation.
        case none
    }

    /// Recognises `=`, `!=`, `<`, `<=`, `>`, `>=` at `offset`, and the usual misspellings
    /// (`==`, `=<`, `=>`, `≤`, `≥`, `≠`) as invalid.
    func scanRelation(at offset: Int) -> RelationScan {
        guard let b = byte(at: offset) else { return .none }
        let next = byte(at: offset + 1)
        func one(_ r: Relation) -> RelationScan { .relation(Located(r, SourceRange(offset, offset + 1))) }
        func two(_ r: Relation) -> RelationScan { .relation(Located(r, SourceRange(offset, offset + 2))) }
        let equal = UInt8(ascii: "="), less = UInt8(ascii: "<"), greater = UInt8(ascii: ">")
        switch b {
        case equal:
            if next == equal { return .invalid("'==' is not a relation; write '=' for equality", SourceRange(offset, offset + 2)) }
            if next == less { return .invalid("'=<' is not a relation; write '<='", SourceRange(offset, offset + 2)) }
            if next == greater { return .invalid("'=>' is not a relation; write '>='", SourceRange(offset, offset + 2)) }
            return one(.equal)
        case less:
            if next == greater { return .invalid("'<>' is not a relation; write '!='", SourceRange(offset, offset + 2)) }
            return next == equal ? two(.lessEqual) : one(.less)
        case greater:
            return next == equal ? two(.greaterEqual) : one(.greater)
        case UInt8(ascii: "!"):
            return next == equal ? two(.notEqual) : .none
        case 0xE2:
            // ≤ E2 89 A4, ≥ E2 89 A5, ≠ E2 89 A0.
            guard next == 0x89, let third = byte(at: offset + 2) else { return .none }
            let range = SourceRange(offset, offset + 3)
            switch third {
            case 0xA4: return .invalid("'≤' is not ASCII; write '<='", range)
            case 0xA5: return .invalid("'≥' is not ASCII; write '>='", range)
            case 0xA0: return .invalid("'≠' is not ASCII; write '!='", range)
            default: return .none
            }
        default:
            return .none
        }
    }
}
