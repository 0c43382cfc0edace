// A canonical byte description of checker inputs, hashed into cache keys.
//
// Implementation notes
// --------------------
// The description must be *injective* on everything a check can read (two inputs that can
// check differently must describe differently) and *stable* (the same input describes the
// same in every process). It walks values by reflection (`Mirror`), so a field added to a
// language type later is included automatically rather than silently left out of the key.
// Every token is self-delimiting: strings are length-prefixed, integers end in `;`, compound
// values carry their type name, display style and child count. Dictionaries and sets (whose
// iteration order is randomly seeded per process) describe their elements separately and
// sort the descriptions bytewise. `Expr` is described by an exhaustive switch over its
// kinds (not by reflection of the node class); numbers by their exact text; `Double` by its
// bit pattern. Source ranges are either left out (the file's environment: a declaration that
// moves keeps its key) or written relative to a base offset (a step: its ranges relative to
// the step's start, so cached diagnostics can be moved to where the step is now). Anything
// reflection cannot describe faithfully (a closure, a value past the size bound) marks the
// description `isFaithful == false`, and no key is made from it.

import Symbolic

/// A canonical, injective byte description of values, for content keys.
struct CanonicalDescription {
    /// How source ranges are described.
    enum RangeMode {
        /// Left out.
        case omitted
        /// Relative to an offset.
        case relative(to: Int)
    }

    /// The description so far.
    private(set) var bytes: [UInt8] = []
    /// How ranges are written.
    let rangeMode: RangeMode
    /// False when something could not be described faithfully; no key may be made then.
    private(set) var isFaithful = true
    /// Type names met so far (computing one is the costliest part of a description); a lookup
    /// table only, never iterated.
    private var typeNames: [ObjectIdentifier: String] = [:]

    /// The largest description made (64 MiB): a bound on the work of keying one step.
    static let maxBytes = 64 << 20
    /// The largest expression described (tree nodes).
    static let maxTreeSize = 2_000_000

    init(rangeMode: RangeMode) {
        self.rangeMode = rangeMode
    }

    /// Writes a short tag.
    mutating func tag(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Writes a length-prefixed string.
    mutating func string(_ text: String) {
        let utf8 = Array(text.utf8)
        tag("s")
        integer(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    /// Writes an integer ending in `;`.
    mutating func integer<I: BinaryInteger>(_ value: I) {
        bytes.append(contentsOf: Array(String(value).utf8))
        bytes.append(UInt8(ascii: ";"))
    }

    /// Writes raw bytes with their length.
    mutating func digest(_ data: [UInt8]) {
        tag("h")
        integer(data.count)
        bytes.append(contentsOf: data)
    }

    /// Describes an expression exactly (structure, numbers by value, names).
    mutating func expression(_ e: Expr) {
        guard isFaithful else { return }
        guard e.treeSize < Self.maxTreeSize, bytes.count < Self.maxBytes else {
            isFaithful = false
            return
        }
        switch e.kind {
        case .number(let r):
            tag("#")
            string(r.description)
        case .symbol(let s):
            tag("$")
            string(s.name)
        case .constant(let c):
            tag("c")
            string(c.rawValue)
        case .sum(let terms):
            tag("+")
            expressions(terms)
        case .product(let factors):
            tag("*")
            expressions(factors)
        case .power(let base, let exponent):
            tag("^")
            expression(base)
            expression(exponent)
        case .call(let function, let arguments):
            tag("@")
            value(function)
            expressions(arguments)
        case .derivative(let of, let variable, let order):
            tag("D")
            expression(of)
            string(variable.name)
            integer(order)
        case .bigOperator(let op):
            tag("B")
            value(op)
        case .list(let items):
            tag("L")
            expressions(items)
        case .subscripted(let base, let indices):
            tag("[")
            expression(base)
            expressions(indices)
        case .range(let lower, let upper):
            tag(".")
            expression(lower)
            expression(upper)
        }
    }

    private mutating func expressions(_ list: [Expr]) {
        integer(list.count)
        for e in list { expression(e) }
    }

    /// Describes any value by reflection (see the implementation notes).
    mutating func value(_ value: Any) {
        guard isFaithful else { return }
        guard bytes.count < Self.maxBytes else {
            isFaithful = false
            return
        }
        switch value {
        case let e as Expr:
            expression(e)
            return
        case let r as Rational:
            tag("q")
            string(r.description)
            return
        case let b as BigInt:
            tag("z")
            string(b.description)
            return
        case let s as String:
            string(s)
            return
        case let s as Symbol:
            tag("y")
            string(s.name)
            return
        case let r as SourceRange:
            switch rangeMode {
            case .omitted:
                tag("r")
            case .relative(let base):
                tag("R")
                integer(r.lowerBound - base)
                integer(r.upperBound - base)
            }
            return
        case let d as Double:
            tag("d")
            integer(d.bitPattern)
            return
        case let f as Float:
            tag("f")
            integer(f.bitPattern)
            return
        case let b as Bool:
            tag(b ? "T" : "F")
            return
        case let i as Int:
            tag("i")
            integer(i)
            return
        case let i as UInt64:
            tag("u")
            integer(i)
            return
        case let i as Int64:
            tag("l")
            integer(i)
            return
        case let i as UInt:
            tag("U")
            integer(i)
            return
        case let i as Int32:
            tag("k")
            integer(i)
            return
        case let i as UInt32:
            tag("K")
            integer(i)
            return
        case let i as UInt8:
            tag("b")
            integer(i)
            return
        default:
            break
        }
        let metatype = Swift.type(of: value)
        let type: String
        if let known = typeNames[ObjectIdentifier(metatype)] {
            type = known
        } else {
            type = String(reflecting: metatype)
            typeNames[ObjectIdentifier(metatype)] = type
        }
        if type.contains("->") {
            // A closure: its behaviour cannot be described.
            isFaithful = false
            return
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            if let child = mirror.children.first {
                tag("S")
                self.value(child.value)
            } else {
                tag("N")
            }
        case .dictionary, .set:
            // Unordered: each element described alone, the descriptions sorted.
            var parts: [[UInt8]] = []
            for child in mirror.children {
                var part = CanonicalDescription(rangeMode: rangeMode)
                part.value(child.value)
                if !part.isFaithful {
                    isFaithful = false
                    return
                }
                parts.append(part.bytes)
            }
            parts.sort { $0.lexicographicallyPrecedes($1) }
            tag("{")
            string(type)
            integer(parts.count)
            for p in parts { digest(p) }
        case .enum:
            tag("e")
            string(type)
            if let child = mirror.children.first, mirror.children.count == 1 {
                string(child.label ?? "")
                self.value(child.value)
            } else if mirror.children.isEmpty {
                // A case without payload: its raw value (unique per case) or its name.
                if let raw = value as? any RawRepresentable {
                    tag("=")
                    self.value(raw.rawValue)
                } else {
                    string(String(describing: value))
                }
            } else {
                isFaithful = false
            }
        case .class:
            tag("C")
            string(type)
            var current: Mirror? = mirror
            var depth = 0
            while let m = current, depth < 64 {
                children(m)
                current = m.superclassMirror
                depth += 1
            }
        case .struct, .tuple, .collection, .foreignReference:
            tag("(")
            string(type)
            children(mirror)
            tag(")")
        case nil:
            // A value with no structure reflection can see: its text and type.
            tag("?")
            string(type)
            string(String(reflecting: value))
            if !mirror.children.isEmpty { children(mirror) }
        @unknown default:
            isFaithful = false
        }
    }

    private mutating func children(_ mirror: Mirror) {
        integer(mirror.children.count)
        for child in mirror.children {
            string(child.label ?? "")
            value(child.value)
        }
    }
}
