// A strict JSON reader and a validator for the subset of JSON Schema that docs/json-schema.json
// uses. Test support only.
//
// The reader follows RFC 8259 (no trailing commas, no comments, no leading zeros, escapes
// checked) and keeps integers apart from other numbers, which `JSONSerialization` blurs. The
// validator knows `$ref` (local `#/$defs/NAME`), `type` (a name or a list), `enum`, `const`,
// `required`, `properties`, `additionalProperties: false`, `items`, `anyOf`, `minimum`,
// `maximum` and `pattern`; any other keyword in the schema is reported, so the schema cannot
// quietly outgrow the validator.
import Foundation

/// A parsed JSON value.
indirect enum MiniJSON: Equatable {
    case null
    case bool(Bool)
    /// An integer literal (no fraction, no exponent), exact.
    case integer(String)
    /// Any other number.
    case number(Double)
    case string(String)
    case array([MiniJSON])
    /// Members in document order (duplicates are a parse error).
    case object([(String, MiniJSON)])

    static func == (lhs: MiniJSON, rhs: MiniJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.integer(let a), .number(let b)), (.number(let b), .integer(let a)): return Double(a) == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    subscript(key: String) -> MiniJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    var keys: [String] {
        guard case .object(let members) = self else { return [] }
        return members.map(\.0)
    }

    var arrayValue: [MiniJSON] {
        if case .array(let a) = self { return a }
        return []
    }

    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var doubleValue: Double? {
        switch self {
        case .integer(let s): return Double(s)
        case .number(let d): return d
        default: return nil
        }
    }

    struct ParseError: Error, CustomStringConvertible {
        var message: String
        var offset: Int
        var description: String { "JSON parse error at byte \(offset): \(message)" }
    }

    /// Parses a complete JSON text.
    static func parse(_ text: String) throws -> MiniJSON {
        var reader = Reader(bytes: Array(text.utf8))
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.position == reader.bytes.count else { throw ParseError(message: "trailing characters", offset: reader.position) }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        func fail(_ message: String) -> ParseError { ParseError(message: message, offset: position) }

        var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipSpace() {
            while let b = peek, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { position += 1 }
        }

        mutating func expect(_ literal: String) throws {
            for b in literal.utf8 {
                guard peek == b else { throw fail("expected \(literal)") }
                position += 1
            }
        }

        mutating func value(depth: Int) throws -> MiniJSON {
            guard depth < 200 else { throw fail("too deep") }
            guard let b = peek else { throw fail("unexpected end") }
            switch b {
            case UInt8(ascii: "n"): try expect("null"); return .null
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "["):
                position += 1
                var items: [MiniJSON] = []
                skipSpace()
                if peek == UInt8(ascii: "]") { position += 1; return .array(items) }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    if peek == UInt8(ascii: ",") { position += 1; continue }
                    if peek == UInt8(ascii: "]") { position += 1; return .array(items) }
                    throw fail("expected , or ]")
                }
            case UInt8(ascii: "{"):
                position += 1
                var members: [(String, MiniJSON)] = []
                skipSpace()
                if peek == UInt8(ascii: "}") { position += 1; return .object(members) }
                while true {
                    skipSpace()
                    guard peek == UInt8(ascii: "\"") else { throw fail("expected a key") }
                    let key = try string()
                    if members.contains(where: { $0.0 == key }) { throw fail("duplicate key \(key)") }
                    skipSpace()
                    try expect(":")
                    skipSpace()
                    members.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    if peek == UInt8(ascii: ",") { position += 1; continue }
                    if peek == UInt8(ascii: "}") { position += 1; return .object(members) }
                    throw fail("expected , or }")
                }
            default:
                return try number()
            }
        }

        mutating func string() throws -> String {
            position += 1
            var out: [UInt8] = []
            while true {
                guard let b = peek else { throw fail("unterminated string") }
                position += 1
                if b == UInt8(ascii: "\"") { break }
                if b < 0x20 { throw fail("control character in string") }
                if b != UInt8(ascii: "\\") { out.append(b); continue }
                guard let e = peek else { throw fail("bad escape") }
                position += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard position + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
                    else { throw fail("bad \\u escape") }
                    position += 4
                    guard let scalar = Unicode.Scalar(v) else { throw fail("surrogate escapes are not used by the report") }
                    out += Array(String(Character(scalar)).utf8)
                default: throw fail("bad escape")
                }
            }
            guard let s = String(validating: out, as: UTF8.self) else { throw fail("invalid UTF-8") }
            return s
        }

        mutating func number() throws -> MiniJSON {
            let start = position
            var isInteger = true
            if peek == UInt8(ascii: "-") { position += 1 }
            guard let first = peek, (0x30...0x39).contains(first) else { throw fail("unexpected character") }
            position += 1
            if first == 0x30, let b = peek, (0x30...0x39).contains(b) { throw fail("leading zero") }
            while let b = peek, (0x30...0x39).contains(b) { position += 1 }
            if peek == UInt8(ascii: ".") {
                isInteger = false
                position += 1
                guard let b = peek, (0x30...0x39).contains(b) else { throw fail("digit expected after .") }
                while let b = peek, (0x30...0x39).contains(b) { position += 1 }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                isInteger = false
                position += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
                guard let b = peek, (0x30...0x39).contains(b) else { throw fail("digit expected in exponent") }
                while let b = peek, (0x30...0x39).contains(b) { position += 1 }
            }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            if isInteger { return .integer(text) }
            guard let d = Double(text) else { throw fail("bad number") }
            return .number(d)
        }
    }
}

/// Validates a `MiniJSON` instance against a schema in the supported subset.
struct MiniSchemaValidator {
    let root: MiniJSON

    static let knownKeywords: Set<String> = [
        "$schema", "$id", "$defs", "$ref", "title", "description", "type", "enum", "const", "required", "properties",
        "additionalProperties", "items", "anyOf", "minimum", "maximum", "pattern",
    ]

    /// Problems with the schema itself: keywords the validator does not implement.
    func unsupportedKeywords() -> [String] {
        var out: [String] = []
        func walk(_ s: MiniJSON, _ path: String) {
            guard case .object(let members) = s else { return }
            for (key, value) in members {
                if !Self.knownKeywords.contains(key) { out.append(path + "/" + key) }
                switch key {
                case "properties", "$defs":
                    if case .object(let children) = value { for (k, v) in children { walk(v, path + "/" + key + "/" + k) } }
                case "items", "additionalProperties": walk(value, path + "/" + key)
                case "anyOf": for (i, v) in value.arrayValue.enumerated() { walk(v, path + "/anyOf/\(i)") }
                default: break
                }
            }
        }
        walk(root, "#")
        return out
    }

    /// The validation errors of `instance` (empty when it is valid).
    func errors(_ instance: MiniJSON) -> [String] {
        var out: [String] = []
        validate(instance, against: root, path: "$", into: &out)
        return out
    }

    private func resolve(_ ref: String) -> MiniJSON? {
        guard ref.hasPrefix("#/$defs/") else { return nil }
        return root["$defs"]?[String(ref.dropFirst("#/$defs/".count))]
    }

    private func typeMatches(_ v: MiniJSON, _ type: String) -> Bool {
        switch (type, v) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object),
             ("integer", .integer), ("number", .integer), ("number", .number):
            return true
        case ("integer", .number(let d)):
            return d == d.rounded()
        default:
            return false
        }
    }

    private func validate(_ v: MiniJSON, against schema: MiniJSON, path: String, into out: inout [String]) {
        guard out.count < 50 else { return }
        if let ref = schema["$ref"]?.stringValue {
            guard let target = resolve(ref) else { out.append("\(path): unresolvable $ref \(ref)"); return }
            validate(v, against: target, path: path, into: &out)
        }
        if let type = schema["type"] {
            let names = type.stringValue.map { [$0] } ?? type.arrayValue.compactMap(\.stringValue)
            if !names.contains(where: { typeMatches(v, $0) }) {
                out.append("\(path): expected type \(names), got \(v)")
                return
            }
        }
        if let options = schema["enum"], !options.arrayValue.contains(v) {
            out.append("\(path): \(v) is not one of \(options)")
        }
        if let c = schema["const"], c != v { out.append("\(path): expected \(c), got \(v)") }
        if let anyOf = schema["anyOf"] {
            let matches = anyOf.arrayValue.contains { option in
                var sub: [String] = []
                validate(v, against: option, path: path, into: &sub)
                return sub.isEmpty
            }
            if !matches { out.append("\(path): matches none of anyOf") }
        }
        if let d = v.doubleValue {
            if let m = schema["minimum"]?.doubleValue, d < m { out.append("\(path): \(d) < minimum \(m)") }
            if let m = schema["maximum"]?.doubleValue, d > m { out.append("\(path): \(d) > maximum \(m)") }
        }
        if let pattern = schema["pattern"]?.stringValue, let s = v.stringValue {
            if let regex = try? Regex(pattern) {
                if (try? regex.firstMatch(in: s)) == nil { out.append("\(path): \(s) does not match \(pattern)") }
            } else {
                out.append("\(path): bad pattern \(pattern)")
            }
        }
        if case .object(let members) = v {
            for key in schema["required"]?.arrayValue.compactMap(\.stringValue) ?? [] where v[key] == nil {
                out.append("\(path): missing required \(key)")
            }
            let properties = schema["properties"]
            for (key, value) in members {
                if let sub = properties?[key] {
                    validate(value, against: sub, path: path + "." + key, into: &out)
                } else if schema["additionalProperties"] == .bool(false) {
                    out.append("\(path): unexpected property \(key)")
                }
            }
        }
        if case .array(let items) = v, let itemSchema = schema["items"] {
            for (i, item) in items.enumerated() { validate(item, against: itemSchema, path: "\(path)[\(i)]", into: &out) }
        }
    }
}
