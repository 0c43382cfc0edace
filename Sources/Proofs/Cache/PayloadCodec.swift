// The token format of cached step results.
//
// Implementation notes
// --------------------
// A payload is a sequence of self-delimiting ASCII tokens: `s<n>:<n bytes>` a string
// (UTF-8, any bytes), `i<decimal>;` an integer, `d<16 hex>;` a Double's bit pattern (exact,
// including -0 and NaN payloads), `T`/`F` booleans, `N`/`S` an absent/present optional,
// `a<count>;` an array's length. The reader checks every token and throws
// `VerdictCacheError.malformedEntry` on anything unexpected; counts are bounded by the
// bytes left, so a corrupt count cannot make it allocate or loop without bound.

/// Writes payload tokens.
struct PayloadWriter {
    private(set) var bytes: [UInt8] = []

    mutating func string(_ text: String) {
        let utf8 = Array(text.utf8)
        bytes.append(UInt8(ascii: "s"))
        bytes.append(contentsOf: Array(String(utf8.count).utf8))
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: utf8)
    }

    mutating func integer(_ value: Int) {
        bytes.append(UInt8(ascii: "i"))
        bytes.append(contentsOf: Array(String(value).utf8))
        bytes.append(UInt8(ascii: ";"))
    }

    mutating func unsigned(_ value: UInt64) {
        bytes.append(UInt8(ascii: "u"))
        bytes.append(contentsOf: Array(String(value).utf8))
        bytes.append(UInt8(ascii: ";"))
    }

    mutating func double(_ value: Double) {
        bytes.append(UInt8(ascii: "d"))
        let hex = String(value.bitPattern, radix: 16)
        bytes.append(contentsOf: Array((String(repeating: "0", count: 16 - hex.count) + hex).utf8))
        bytes.append(UInt8(ascii: ";"))
    }

    mutating func bool(_ value: Bool) {
        bytes.append(UInt8(ascii: value ? "T" : "F"))
    }

    mutating func count(_ n: Int) {
        bytes.append(UInt8(ascii: "a"))
        bytes.append(contentsOf: Array(String(n).utf8))
        bytes.append(UInt8(ascii: ";"))
    }

    /// Writes `N`, or `S` and the value.
    mutating func optional<T>(_ value: T?, _ write: (inout PayloadWriter, T) -> Void) {
        if let value {
            bytes.append(UInt8(ascii: "S"))
            write(&self, value)
        } else {
            bytes.append(UInt8(ascii: "N"))
        }
    }

    mutating func array<T>(_ values: [T], _ write: (inout PayloadWriter, T) -> Void) {
        count(values.count)
        for v in values { write(&self, v) }
    }
}

/// Reads payload tokens, throwing on anything malformed.
struct PayloadReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { position == bytes.count }

    private func malformed(_ why: String) -> VerdictCacheError {
        .malformedEntry("\(why) at byte \(position)")
    }

    private mutating func expect(_ c: Character) throws(VerdictCacheError) {
        guard position < bytes.count, let ascii = c.asciiValue, bytes[position] == ascii else {
            throw malformed("expected '\(c)'")
        }
        position += 1
    }

    /// Digits (with an optional leading minus) up to `terminator`.
    private mutating func digits(until terminator: UInt8, radix: Int = 10) throws(VerdictCacheError) -> String {
        let start = position
        while position < bytes.count, bytes[position] != terminator {
            let b = bytes[position]
            let ok = (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-")
                || (radix == 16 && b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f"))
            guard ok, position - start < 40 else { throw malformed("bad number") }
            position += 1
        }
        guard position < bytes.count else { throw malformed("unterminated number") }
        let text = String(decoding: bytes[start ..< position], as: UTF8.self)
        position += 1
        return text
    }

    mutating func string() throws(VerdictCacheError) -> String {
        try expect("s")
        guard let n = Int(try digits(until: UInt8(ascii: ":"))), n >= 0, n <= bytes.count - position else {
            throw malformed("bad string length")
        }
        let slice = bytes[position ..< position + n]
        position += n
        guard let text = String(validating: slice, as: UTF8.self) else { throw malformed("invalid UTF-8") }
        return text
    }

    mutating func integer() throws(VerdictCacheError) -> Int {
        try expect("i")
        guard let n = Int(try digits(until: UInt8(ascii: ";"))) else { throw malformed("bad integer") }
        return n
    }

    mutating func unsigned() throws(VerdictCacheError) -> UInt64 {
        try expect("u")
        guard let n = UInt64(try digits(until: UInt8(ascii: ";"))) else { throw malformed("bad integer") }
        return n
    }

    mutating func double() throws(VerdictCacheError) -> Double {
        try expect("d")
        let hex = try digits(until: UInt8(ascii: ";"), radix: 16)
        guard hex.count == 16, let bits = UInt64(hex, radix: 16) else { throw malformed("bad double") }
        return Double(bitPattern: bits)
    }

    mutating func bool() throws(VerdictCacheError) -> Bool {
        guard position < bytes.count else { throw malformed("expected a boolean") }
        defer { position += 1 }
        switch bytes[position] {
        case UInt8(ascii: "T"): return true
        case UInt8(ascii: "F"): return false
        default: throw malformed("expected a boolean")
        }
    }

    /// An array length, at most the bytes left (every element takes at least one byte).
    mutating func count() throws(VerdictCacheError) -> Int {
        try expect("a")
        guard let n = Int(try digits(until: UInt8(ascii: ";"))), n >= 0, n <= bytes.count - position else {
            throw malformed("bad count")
        }
        return n
    }

    mutating func optional<T>(_ read: (inout PayloadReader) throws(VerdictCacheError) -> T) throws(VerdictCacheError) -> T? {
        guard position < bytes.count else { throw malformed("expected an optional") }
        switch bytes[position] {
        case UInt8(ascii: "N"):
            position += 1
            return nil
        case UInt8(ascii: "S"):
            position += 1
            return try read(&self)
        default:
            throw malformed("expected an optional")
        }
    }

    mutating func array<T>(_ read: (inout PayloadReader) throws(VerdictCacheError) -> T) throws(VerdictCacheError) -> [T] {
        let n = try count()
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0 ..< n { out.append(try read(&self)) }
        return out
    }
}
