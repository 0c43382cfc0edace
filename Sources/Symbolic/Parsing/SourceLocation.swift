// Source positions: byte ranges, line:column locations and the converter between them.
//
// Implementation notes
// --------------------
// Positions are stored as UTF-8 byte offsets, the cheapest thing a lexer knows, and are
// turned into `line:column` only when a diagnostic is printed, as swift-syntax does. The
// converter records the offset at which every line starts (one pass over the bytes) and
// answers each query with a binary search, so it is built once per text and shared.
// Lines break at "\n" (a "\r\n" pair counts as one break, the "\r" belonging to the line it
// ends). Columns are 1-based UTF-8 byte counts, like swiftc's.

/// A half-open range `lowerBound ..< upperBound` of UTF-8 byte offsets into a source text.
///
/// An empty range (`lowerBound == upperBound`) marks a position between two bytes, e.g. the
/// end of the text where an expression was expected.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    /// The offset of the first byte in the range.
    public var lowerBound: Int
    /// The offset one past the last byte in the range.
    public var upperBound: Int

    /// Creates a range; the bounds are swapped if given in the wrong order.
    public init(_ lowerBound: Int, _ upperBound: Int) {
        self.lowerBound = Swift.min(lowerBound, upperBound)
        self.upperBound = Swift.max(lowerBound, upperBound)
    }

    /// Creates an empty range at `offset`.
    public init(at offset: Int) {
        self.init(offset, offset)
    }

    /// The number of bytes covered.
    public var length: Int { upperBound - lowerBound }

    /// Whether the range covers no bytes.
    public var isEmpty: Bool { lowerBound == upperBound }

    /// The smallest range covering both `self` and `other`.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(Swift.min(lowerBound, other.lowerBound), Swift.max(upperBound, other.upperBound))
    }

    /// `lower..<upper`, in bytes.
    public var description: String { "\(lowerBound)..<\(upperBound)" }
}

/// A human-facing position: 1-based line and 1-based column counted in UTF-8 bytes, as
/// swiftc prints them (`file.drv:3:14: error: …`).
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The line number, starting at 1.
    public var line: Int
    /// The UTF-8 byte offset from the start of the line, plus 1.
    public var column: Int

    /// Creates a location.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// Orders by line, then column.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// `line:column`, e.g. `3:14`.
    public var description: String { "\(line):\(column)" }
}

/// Converts UTF-8 byte offsets of one text into ``SourceLocation``s.
///
/// Build it once per text; each conversion is a binary search over the line starts.
/// Offsets outside the text are clamped to it, so conversion never fails.
public struct SourceLocationConverter: Sendable {
    /// Offsets at which each line starts; `lineStarts[0] == 0`.
    public let lineStarts: [Int]
    /// The length of the text in UTF-8 bytes.
    public let utf8Count: Int

    /// Indexes the line starts of `text`.
    public init(text: String) {
        self.init(utf8: text.utf8)
    }

    /// Indexes the line starts of a UTF-8 byte sequence.
    public init<Bytes: Collection>(utf8 bytes: Bytes) where Bytes.Element == UInt8 {
        var starts = [0]
        var offset = 0
        for byte in bytes {
            offset += 1
            if byte == UInt8(ascii: "\n") { starts.append(offset) }
        }
        lineStarts = starts
        utf8Count = offset
    }

    /// The number of lines (a text ending in a newline has an empty last line).
    public var lineCount: Int { lineStarts.count }

    /// The line and column of `offset` (clamped to `0...utf8Count`).
    public func location(of offset: Int) -> SourceLocation {
        let clamped = Swift.min(Swift.max(offset, 0), utf8Count)
        // The last line start that is <= clamped.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        return SourceLocation(line: low + 1, column: clamped - lineStarts[low] + 1)
    }

    /// The locations of both ends of `range`.
    public func locations(of range: SourceRange) -> (start: SourceLocation, end: SourceLocation) {
        (location(of: range.lowerBound), location(of: range.upperBound))
    }

    /// The byte offset of a location, or `nil` if the line does not exist or the column lies
    /// beyond the end of the line (the position just after its last byte is accepted).
    public func offset(of location: SourceLocation) -> Int? {
        guard location.line >= 1, location.line <= lineStarts.count, location.column >= 1 else { return nil }
        let start = lineStarts[location.line - 1]
        let end = location.line < lineStarts.count ? lineStarts[location.line] - 1 : utf8Count
        let offset = start + location.column - 1
        return offset <= end ? offset : nil
    }

    /// The byte range of line `line` (1-based), without its line break; `nil` if out of range.
    public func range(ofLine line: Int) -> SourceRange? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        let start = lineStarts[line - 1]
        let end = line < lineStarts.count ? lineStarts[line] - 1 : utf8Count
        return SourceRange(start, end)
    }
}
