// The content key of one step's check.
//
// Implementation notes
// --------------------
// A step's result is a function of: the checker build (`VerdictCache.toolIdentity`) and the
// cache format; every `CheckOptions` field (the seed, limits, sample counts, `strict`,
// `only`, the file's test count); the file's *environment* — every item that is not a chain
// (declarations, assumptions, `let`s, densities, instances, LaTeX names) and the recurrence
// and ODE blocks, with their source ranges left out; the chain's name, kind, instance and
// family (the name and the family assignment select the step's random stream); the step's
// position; the previous expression; and the step itself (relation, expression, order term,
// hints, dynamics claim), with its ranges relative to the step's start. The key is SHA-256
// over a canonical description of all of that (`CanonicalDescription`). Conservative on
// purpose: editing any environment item changes every key of the file.

import Symbolic

/// The SHA-256 content key of one step's check (see the implementation notes).
public struct StepFingerprint: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 32 bytes of the digest.
    public let digest: [UInt8]

    /// Wraps a digest.
    init(digest: [UInt8]) {
        self.digest = digest
    }

    /// Parses 64 lowercase hex digits.
    init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 64 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0") ... UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a") ... UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            default: return nil
            }
        }
        for i in stride(from: 0, to: 64, by: 2) {
            guard let hi = nibble(utf8[i]), let lo = nibble(utf8[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
        }
        digest = out
    }

    /// 64 lowercase hex digits.
    public var description: String { SHA256.hex(digest) }

    /// Bytewise order (for a deterministic file).
    public static func < (lhs: StepFingerprint, rhs: StepFingerprint) -> Bool {
        lhs.digest.lexicographicallyPrecedes(rhs.digest)
    }

    /// The digest of a file's environment under `options` (see the implementation notes), or
    /// `nil` when it cannot be described faithfully (then nothing in the file is cached).
    static func environment(of file: DerivationFile, options: CheckOptions, toolIdentity: String) -> [UInt8]? {
        var d = CanonicalDescription(rangeMode: .omitted)
        d.tag("stepwise-verdict-environment")
        d.integer(VerdictCache.formatVersion)
        d.string(toolIdentity)
        d.value(options)
        var items: [Item] = []
        for item in file.items {
            switch item {
            case .chain:
                continue
            case .declaration, .assumption, .definition, .instance, .latexName:
                items.append(item)
            }
        }
        d.value(items)
        d.value(file.recurrences)
        d.value(file.odes)
        guard d.isFaithful else { return nil }
        return SHA256.hash(d.bytes)
    }

    /// The key of step `index` (0-based) of `chain` at a family `assignment`, starting from
    /// `previous`, in an environment with digest `environment`; `nil` when the step cannot be
    /// described faithfully.
    static func step(environment: [UInt8], chain: Chain, assignment: [(Symbol, Int)], index: Int,
                     previous: Expr, step: Step) -> StepFingerprint? {
        var header = CanonicalDescription(rangeMode: .omitted)
        header.tag("stepwise-verdict-step")
        header.integer(VerdictCache.formatVersion)
        header.digest(environment)
        header.string(chain.name.value)
        header.value(chain.isClaim)
        header.value(chain.instance.map(\.value) as Any)
        header.value(chain.family as Any)
        header.integer(assignment.count)
        for (s, k) in assignment {
            header.string(s.name)
            header.integer(k)
        }
        header.integer(index)
        header.expression(previous)
        var body = CanonicalDescription(rangeMode: .relative(to: step.range.lowerBound))
        body.value(step)
        guard header.isFaithful, body.isFaithful else { return nil }
        var hasher = SHA256()
        hasher.update(header.bytes)
        hasher.update(body.bytes)
        return StepFingerprint(digest: hasher.finalize())
    }
}
