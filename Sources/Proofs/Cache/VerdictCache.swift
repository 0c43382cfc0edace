// An opt-in cache of step results, keyed by content, with a deterministic file format.
//
// Implementation notes
// --------------------
// A map from `StepFingerprint` (SHA-256 of everything a step's check reads) to the encoded
// position-independent result (`CachedStep`). Payloads are kept encoded and decoded on
// lookup, so a payload that fails to decode is a miss (and is replaced when the step is
// checked again), never an error. The file format:
//
//     stepwise-verdict-cache 1\n
//     <64 hex digits> <payload byte count>\n<payload bytes>\n      (one per entry, keys ascending)
//
// Encoding writes only the entries used (hit or recorded) since the cache was loaded, so the
// file holds the last run's results and does not grow with every edit; it is byte-identical
// for the same run. Decoding checks the header and the framing of every entry and throws a
// `VerdictCacheError` (never traps) on anything malformed; entry counts and lengths are
// bounded by the bytes read.

/// Why a cache file could not be read.
public enum VerdictCacheError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not start with the cache header.
    case notACache
    /// The file is of another format version.
    case unsupportedVersion(String)
    /// The framing of an entry is broken.
    case malformedFile(String)
    /// One entry's payload is malformed (a miss when looked up).
    case malformedEntry(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .notACache: return "not a verdict cache (bad header)"
        case .unsupportedVersion(let v): return "unsupported cache format version \(v)"
        case .malformedFile(let why): return "malformed cache file: \(why)"
        case .malformedEntry(let why): return "malformed cache entry: \(why)"
        }
    }
}

/// Step results keyed by the content of everything their checks read; see
/// `DerivationChecker.check(_:inputDiagnostics:cache:)`.
public struct VerdictCache: Sendable {
    /// The format version, part of the header and of every key.
    public static let formatVersion = 2

    /// The most entries a cache file may hold when decoded.
    public static let maxEntries = 1_000_000

    /// Counts of one or more checks with this cache.
    public struct Statistics: Sendable, Hashable {
        /// Steps whose results came from the cache.
        public var reused = 0
        /// Steps checked and recorded.
        public var recorded = 0
        /// Steps checked that may not be cached (limits, undecided, positions outside the step).
        public var uncacheable = 0
        /// Entries found whose payload did not decode (treated as misses).
        public var corrupt = 0

        /// Every step seen.
        public var steps: Int { reused + recorded + uncacheable }
    }

    /// Identifies the checker build; part of every key, so results of another build never
    /// hit. `verify` sets it to the version and a digest of its own executable.
    public var toolIdentity: String

    private var entries: [StepFingerprint: [UInt8]] = [:]
    private var used: Set<StepFingerprint> = []

    /// What happened since the cache was created or loaded.
    public private(set) var statistics = Statistics()

    /// An empty cache for a build identified by `toolIdentity` (by default the version).
    public init(toolIdentity: String = "stepwise " + StepwiseVersion.string) {
        self.toolIdentity = toolIdentity
    }

    /// The number of entries.
    public var count: Int { entries.count }

    // MARK: - Lookup

    /// The cached result under `key`, or `nil` (a miss; also when the payload is corrupt).
    mutating func lookup(_ key: StepFingerprint) -> CachedStep? {
        guard let payload = entries[key] else { return nil }
        do throws(VerdictCacheError) {
            let step = try CachedStep(decoding: payload)
            used.insert(key)
            statistics.reused += 1
            return step
        } catch {
            entries[key] = nil
            statistics.corrupt += 1
            return nil
        }
    }

    /// Records a checked step (`nil`: it may not be cached).
    mutating func record(_ key: StepFingerprint?, _ step: CachedStep?) {
        guard let key, let step else {
            statistics.uncacheable += 1
            return
        }
        entries[key] = step.encoded()
        used.insert(key)
        statistics.recorded += 1
    }

    // MARK: - File format

    private static let header = "stepwise-verdict-cache \(formatVersion)\n"

    /// The file contents: the entries used since loading, keys ascending.
    public func encoded() -> [UInt8] {
        var out = Array(Self.header.utf8)
        for key in used.sorted() {
            guard let payload = entries[key] else { continue }
            out += Array("\(key) \(payload.count)\n".utf8)
            out += payload
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// Reads a cache file for the build `toolIdentity`.
    /// - Throws: `VerdictCacheError` when the header or an entry's framing is broken.
    public init(decoding bytes: [UInt8], toolIdentity: String = "stepwise " + StepwiseVersion.string) throws(VerdictCacheError) {
        self.init(toolIdentity: toolIdentity)
        let newline = UInt8(ascii: "\n")
        guard let firstEnd = bytes.firstIndex(of: newline) else { throw .notACache }
        let first = String(decoding: bytes[..<firstEnd], as: UTF8.self)
        let words = first.split(separator: " ")
        guard words.count == 2, words[0] == "stepwise-verdict-cache" else { throw .notACache }
        guard words[1] == "\(Self.formatVersion)" else { throw .unsupportedVersion(String(words[1])) }
        var position = firstEnd + 1
        while position < bytes.count {
            guard entries.count < Self.maxEntries else { throw .malformedFile("more than \(Self.maxEntries) entries") }
            // `<key> <count>\n`: at most 64 + 1 + 20 bytes.
            let limit = min(bytes.count, position + 86)
            guard let lineEnd = bytes[position ..< limit].firstIndex(of: newline) else {
                throw .malformedFile("unterminated entry header at byte \(position)")
            }
            let parts = bytes[position ..< lineEnd].split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            guard parts.count == 2, let key = StepFingerprint(hex: String(decoding: parts[0], as: UTF8.self)),
                  let length = Int(String(decoding: parts[1], as: UTF8.self)), length >= 0,
                  length < bytes.count - lineEnd else {
                throw .malformedFile("bad entry header at byte \(position)")
            }
            let start = lineEnd + 1
            let end = start + length
            guard end < bytes.count, bytes[end] == newline else {
                throw .malformedFile("entry at byte \(position) is cut short")
            }
            guard entries[key] == nil else { throw .malformedFile("duplicate key \(key)") }
            entries[key] = Array(bytes[start ..< end])
            position = end + 1
        }
    }
}

/// The cache of one file's check: the cache and the file's environment digest.
struct VerdictCacheSession {
    var cache: VerdictCache
    /// The digest of the file's environment; `nil` when it cannot be described (nothing is cached).
    let environment: [UInt8]?
}
