// A JSON tree and its deterministic serialisation, for the machine-readable report.
//
// Implementation notes
// --------------------
// The report is written by hand rather than with `JSONEncoder` so that every byte is ours to
// choose and identical on every platform: object keys are sorted by their UTF-8 bytes, the
// indentation is two spaces, integers are printed exactly (`UInt64` seeds included) and
// doubles with Swift's shortest round-trip `description` (`0.1`, `1e-09`, `100.0`), which is
// valid JSON. Non-finite doubles have no JSON spelling and are written as `null`. Strings
// escape `"`, `\` and the control characters (`\n`, `\t`, … or `\u00XX`) and keep every other
// character as UTF-8.

/// A JSON value with a deterministic pretty-printed form.
enum JSONValue: Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A signed integer.
    case int(Int)
    /// An unsigned integer (seeds).
    case uint(UInt64)
    /// A double; non-finite values are written as `null`.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object; keys are written sorted, whatever their order here.
    case object([(String, JSONValue)])

    /// `.string(s)`, or `.null` for `nil`.
    static func string(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    /// `.double(d)`, or `.null` for `nil`.
    static func double(_ d: Double?) -> JSONValue { d.map(JSONValue.double) ?? .null }

    /// `.uint(u)`, or `.null` for `nil`.
    static func uint(_ u: UInt64?) -> JSONValue { u.map(JSONValue.uint) ?? .null }

    /// An array of strings.
    static func strings(_ items: [String]) -> JSONValue { .array(items.map(JSONValue.string)) }

    /// The pretty-printed text, with a trailing newline.
    func serialized() -> String {
        var out = ""
        write(to: &out, indent: 0)
        out += "\n"
        return out
    }

    private func write(to out: inout String, indent: Int) {
        switch self {
        case .null:
            out += "null"
        case .bool(let b):
            out += b ? "true" : "false"
        case .int(let i):
            out += String(i)
        case .uint(let u):
            out += String(u)
        case .double(let d):
            out += d.isFinite ? d.description : "null"
        case .string(let s):
            Self.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                item.write(to: &out, indent: indent + 2)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            let sorted = members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            out += "{\n"
            for (i, (key, value)) in sorted.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                Self.quote(key, into: &out)
                out += ": "
                value.write(to: &out, indent: indent + 2)
                out += i + 1 < sorted.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        }
    }

    private static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
