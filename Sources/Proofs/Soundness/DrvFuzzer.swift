// A seeded generator of mutated `.drv` text.
//
// Implementation notes
// --------------------
// Input `i` of a campaign is a pure function of (seed, i): a stream of `RandomSource` keyed by
// the index picks a seed file and applies one to six operations to its bytes. So any input
// can be regenerated from its index alone (`stepwise-fuzz --start i --count 1`), and runs
// split over processes agree. The operations are the byte-level ones of AFL/libFuzzer
// (flip a byte or a bit, delete, duplicate, truncate), structure-aware ones that keep the
// file mostly well-formed so the checker is reached (splice a token or a whole line from the
// corpus, duplicate or swap lines), and hostile ones (nesting beyond the depth limit,
// numbers beyond the digit limit, many repeated lines, invalid UTF-8 and non-ASCII
// characters). Inputs are capped at `maxInputBytes`.

import Symbolic

/// One generated input and how it was made.
public struct FuzzInput: Sendable {
    /// The campaign index it was generated for.
    public var index: Int
    /// The bytes of the file.
    public var bytes: [UInt8]
    /// The operations applied, e.g. `["seed 2", "flip-byte 117", "nest 2400 at 80"]`.
    public var operations: [String]
}

/// Generates mutated `.drv` files from a corpus of seed files.
public struct DrvFuzzer: Sendable {
    /// The seed files.
    public let seeds: [[UInt8]]
    /// The campaign seed.
    public let seed: UInt64
    /// Inputs are truncated to this size.
    public var maxInputBytes = 1 << 16
    /// Tokens spliced into inputs: every word and symbol of the seeds plus keywords,
    /// relations and hostile fragments.
    public let dictionary: [[UInt8]]
    /// Every line of every seed.
    private let lines: [[UInt8]]

    /// Fragments worth splicing even when no seed contains them.
    static let hostileTokens: [String] = [
        "derive \"d\"\n", "end\n", "claim \"c\": ", "instance \"i\"\n", "for n in 1..3\n", " by ", " = ", " <= ", " >= ",
        " < ", " > ", " != ", "(", ")", "[", "]", "{", "}", "_{", "|", "~", ",", ";", ":", "..", "^", "'", "\"",
        "+ O(h^2) as h -> 0", "E_{x ~ p}[", "sum_{i = 1..n}[", "integral_{x}[", "lim_{h -> 0}[", "diff(", "KL(p, q)",
        "0^0", "1/0", "log(-1)", "sqrt(-1)", "0/0", "inf", "pi", "1e-400", "1e400", "9999999999999999999999",
        "normal(x; 0, -1)", "categorical(x; 1/2, 1/3)", "samples 0", "seed 18446744073709551616", "x in {}",
        "\t", "\r\n", "\u{FEFF}", "é", "α", "≤", "−", "😀", "\\", "#", "by admit", "by substitute(x = 1)",
        "function f(u) convex\n", "density p(z | x)\n", "let y = y\n", "matrix B[2, 2]\n", "vector v[0]\n",
    ]

    /// Creates a fuzzer over seed files.
    public init(seeds: [String], seed: UInt64) {
        self.seeds = seeds.map { Array($0.utf8) }.filter { !$0.isEmpty }
        self.seed = seed
        var tokens = Set<String>()
        var lines: [[UInt8]] = []
        for text in seeds {
            for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
                lines.append(Array(line.utf8) + [UInt8(ascii: "\n")])
                var word = ""
                for ch in line {
                    if ch.isLetter || ch.isNumber || ch == "_" {
                        word.append(ch)
                    } else {
                        if !word.isEmpty { tokens.insert(word) }
                        word = ""
                        if ch != " " { tokens.insert(String(ch)) }
                    }
                }
                if !word.isEmpty { tokens.insert(word) }
            }
        }
        self.lines = lines
        self.dictionary = (tokens.sorted() + Self.hostileTokens).map { Array($0.utf8) }
    }

    /// Splits a `.drv` file into small seed files: each holds the file's declarations,
    /// definitions and instances (every line outside a `claim` or a `derive … end` block) and
    /// one claim or derivation (with the `for` line before it). A campaign over these units
    /// reaches the checker with one chain at a time, so it runs many more inputs per second
    /// than one over whole files. A file without chains is one unit.
    public static func units(of text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var header: [String] = []
        var chains: [[String]] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("for ") && i + 1 < lines.count
                && (lines[i + 1].hasPrefix("claim ") || lines[i + 1].hasPrefix("derive ")) {
                chains.append([line])
                i += 1
                continue
            }
            let attach = chains.last.map { $0.count == 1 && $0[0].hasPrefix("for ") } ?? false
            if line.hasPrefix("claim ") {
                if attach { chains[chains.count - 1].append(line) } else { chains.append([line]) }
                i += 1
            } else if line.hasPrefix("derive ") {
                var block = attach ? chains.removeLast() : []
                while i < lines.count {
                    block.append(lines[i])
                    i += 1
                    if block.last?.drop(while: { $0 == " " }) == "end" { break }
                }
                chains.append(block)
            } else {
                header.append(line)
                i += 1
            }
        }
        guard !chains.isEmpty else { return [text] }
        let head = header.joined(separator: "\n")
        return chains.map { head + "\n" + $0.joined(separator: "\n") + "\n" }
    }

    /// The input with the given campaign index.
    public func input(_ index: Int) -> FuzzInput {
        var rng = RandomSource(seed: seed, stream: [0x6675_7a7a, UInt64(bitPattern: Int64(index))])
        guard !seeds.isEmpty else { return FuzzInput(index: index, bytes: [], operations: ["empty corpus"]) }
        let s = rng.nextInt(in: 0...(seeds.count - 1))
        var bytes = seeds[s]
        var operations = ["seed \(s)"]
        // One to six operations, fewer more often.
        var count = 1
        while count < 6 && rng.nextInt(in: 0...2) == 0 { count += 1 }
        for _ in 0..<count {
            operations.append(mutate(&bytes, &rng))
            if bytes.count > maxInputBytes { bytes.removeLast(bytes.count - maxInputBytes) }
        }
        return FuzzInput(index: index, bytes: bytes, operations: operations)
    }

    private func position(_ bytes: [UInt8], _ rng: inout RandomSource) -> Int {
        rng.nextInt(in: 0...bytes.count)
    }

    /// The start of the line containing `p`.
    private func lineStart(_ bytes: [UInt8], _ p: Int) -> Int {
        var i = min(p, bytes.count)
        while i > 0 && bytes[i - 1] != UInt8(ascii: "\n") { i -= 1 }
        return i
    }

    /// Applies one random operation; returns its description.
    private func mutate(_ bytes: inout [UInt8], _ rng: inout RandomSource) -> String {
        let choice = rng.nextInt(in: 0...15)
        switch choice {
        case 0 where !bytes.isEmpty:
            let p = rng.nextInt(in: 0...(bytes.count - 1))
            bytes[p] = UInt8(truncatingIfNeeded: rng.next())
            return "flip-byte \(p)"
        case 1 where !bytes.isEmpty:
            let p = rng.nextInt(in: 0...(bytes.count - 1))
            bytes[p] ^= UInt8(1) << UInt8(rng.nextInt(in: 0...7))
            return "flip-bit \(p)"
        case 2 where !bytes.isEmpty:
            let p = rng.nextInt(in: 0...(bytes.count - 1))
            let n = min(bytes.count - p, rng.nextInt(in: 1...64))
            bytes.removeSubrange(p..<(p + n))
            return "delete \(n) at \(p)"
        case 3 where !bytes.isEmpty:
            let p = rng.nextInt(in: 0...(bytes.count - 1))
            let n = min(bytes.count - p, rng.nextInt(in: 1...256))
            let copy = Array(bytes[p..<(p + n)])
            bytes.insert(contentsOf: copy, at: position(bytes, &rng))
            return "duplicate \(n) from \(p)"
        case 4, 5:
            let token = dictionary[rng.nextInt(in: 0...(dictionary.count - 1))]
            let p = position(bytes, &rng)
            bytes.insert(contentsOf: token, at: p)
            return "splice '\(String(decoding: token, as: UTF8.self))' at \(p)"
        case 6 where !bytes.isEmpty:
            let token = dictionary[rng.nextInt(in: 0...(dictionary.count - 1))]
            let p = rng.nextInt(in: 0...(bytes.count - 1))
            let n = min(bytes.count - p, rng.nextInt(in: 1...8))
            bytes.replaceSubrange(p..<(p + n), with: token)
            return "replace \(n) at \(p) by '\(String(decoding: token, as: UTF8.self))'"
        case 7 where !lines.isEmpty:
            let line = lines[rng.nextInt(in: 0...(lines.count - 1))]
            let p = lineStart(bytes, position(bytes, &rng))
            bytes.insert(contentsOf: line, at: p)
            return "insert line at \(p)"
        case 8 where !bytes.isEmpty:
            let p = lineStart(bytes, position(bytes, &rng))
            var e = p
            while e < bytes.count && bytes[e] != UInt8(ascii: "\n") { e += 1 }
            let line = Array(bytes[p..<min(e + 1, bytes.count)])
            let times = rng.nextInt(in: 0...9) == 0 ? rng.nextInt(in: 2...300) : 2
            for _ in 1..<times { bytes.insert(contentsOf: line, at: p) }
            return "repeat line at \(p) \(times) times"
        case 9 where !bytes.isEmpty:
            let p = lineStart(bytes, position(bytes, &rng))
            var e = p
            while e < bytes.count && bytes[e] != UInt8(ascii: "\n") { e += 1 }
            bytes.removeSubrange(p..<min(e + 1, bytes.count))
            return "delete line at \(p)"
        case 10:
            let deep = rng.nextInt(in: 0...3) == 0
            let k = deep ? rng.nextInt(in: 1_990...3_000) : rng.nextInt(in: 1...40)
            let p = position(bytes, &rng)
            let q = rng.nextInt(in: p...bytes.count)
            bytes.insert(contentsOf: [UInt8](repeating: UInt8(ascii: ")"), count: k), at: q)
            bytes.insert(contentsOf: [UInt8](repeating: UInt8(ascii: "("), count: k), at: p)
            return "nest \(k) at \(p)..\(q)"
        case 11:
            let big = rng.nextInt(in: 0...3) == 0
            let n = big ? rng.nextInt(in: 9_990...12_000) : rng.nextInt(in: 1...40)
            var digits: [UInt8] = [UInt8(ascii: "1") + UInt8(rng.nextInt(in: 0...8))]
            for _ in 1..<n { digits.append(UInt8(ascii: "0") + UInt8(rng.nextInt(in: 0...9))) }
            if rng.nextInt(in: 0...3) == 0 { digits += Array("^\(rng.nextInt(in: 2...200_000))".utf8) }
            let p = position(bytes, &rng)
            bytes.insert(contentsOf: digits, at: p)
            return "number of \(n) digits at \(p)"
        case 12:
            let sequences: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
                                        [0x00], [0xCE, 0xB1], [0xE2, 0x89, 0xA4]]
            let s = sequences[rng.nextInt(in: 0...(sequences.count - 1))]
            let p = position(bytes, &rng)
            bytes.insert(contentsOf: s, at: p)
            return "bytes \(s) at \(p)"
        case 13 where !lines.isEmpty:
            let p = lineStart(bytes, position(bytes, &rng))
            let q = lineStart(bytes, position(bytes, &rng))
            guard p != q else { return "swap lines (none)" }
            let (a, b) = (min(p, q), max(p, q))
            var ae = a
            while ae < bytes.count && bytes[ae] != UInt8(ascii: "\n") { ae += 1 }
            ae = min(ae + 1, b)
            let first = Array(bytes[a..<ae])
            bytes.removeSubrange(a..<ae)
            bytes.insert(contentsOf: first, at: b - first.count)
            return "move line \(a) to \(b)"
        case 14 where bytes.count > 1:
            let p = rng.nextInt(in: 0...(bytes.count - 1))
            bytes.removeSubrange(p...)
            return "truncate at \(p)"
        default:
            // A random run of printable ASCII.
            let n = rng.nextInt(in: 1...16)
            var run: [UInt8] = []
            for _ in 0..<n { run.append(UInt8(rng.nextInt(in: 32...126))) }
            let p = position(bytes, &rng)
            bytes.insert(contentsOf: run, at: p)
            return "ascii \(n) at \(p)"
        }
    }
}
