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

    /// One thing a check did with the cache. A check on several threads looks up in a
    /// snapshot (``peek(_:)``) and keeps its events; they are applied in file order afterwards,
    /// so the cache ends exactly as after a check on one thread.
    enum Event: Sendable {
        /// A hit.
        case reused(StepFingerprint)
        /// An entry whose payload did not decode (dropped; a miss).
        case corrupt(StepFingerprint)
        /// A checked step and its encoded result.
        case recorded(StepFingerprint, [UInt8])
        /// A checked step that may not be cached.
        case uncacheable
    }

    /// The cached result under `key` (`nil`: a miss, also when the payload is corrupt) and
    /// the event looking it up makes (`nil` for a plain miss), without changing the cache.
    func peek(_ key: StepFingerprint) -> (step: CachedStep?, event: Event?) {
        guard let payload = entries[key] else { return (nil, nil) }
        do throws(VerdictCacheError) {
            return (try CachedStep(decoding: payload), .reused(key))
        } catch {
            return (nil, .corrupt(key))
        }
    }

    /// The event of recording `step` under `key` (either `nil`: it may not be cached).
    static func recording(_ key: StepFingerprint?, _ step: CachedStep?) -> Event {
        guard let key, let step else { return .uncacheable }
        return .recorded(key, step.encoded())
    }

    /// Applies an event from ``peek(_:)`` or ``recording(_:_:)``.
    mutating func apply(_ event: Event) {
        switch event {
        case .reused(let key):
            used.insert(key)
            statistics.reused += 1
        case .corrupt(let key):
            entries[key] = nil
            statistics.corrupt += 1
        case .recorded(let key, let payload):
            entries[key] = payload
            used.insert(key)
            statistics.recorded += 1
        case .uncacheable:
            statistics.uncacheable += 1
        }
    }

    /// The cached result under `key`, or `nil` (a miss; also when the payload is corrupt).
    mutating func lookup(_ key: StepFingerprint) -> CachedStep? {
        let (step, event) = peek(key)
        if let event { apply(event) }
        return step
    }

    /// Records a checked step (`nil`: it may not be cached).
    mutating func record(_ key: StepFingerprint?, _ step: CachedStep?) {
        apply(Self.recording(key, step))
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

    /// A journal for one job of the check, looking up in the cache as it is now.
    func journal() -> CacheJournal {
        CacheJournal(snapshot: cache, environment: environment)
    }

    /// Applies a job's events, in the order the job made them.
    mutating func apply(_ journal: CacheJournal) {
        for event in journal.events { cache.apply(event) }
    }
}

/// One job's use of the cache: lookups in a snapshot taken before the jobs ran, and the
/// events to apply to the cache when the job's results are used (see `VerdictCache.Event`).
struct CacheJournal: Sendable {
    let snapshot: VerdictCache
    /// The digest of the file's environment; `nil` when nothing is cached.
    let environment: [UInt8]?
    /// What the job did, in order.
    private(set) var events: [VerdictCache.Event] = []

    init(snapshot: VerdictCache, environment: [UInt8]?) {
        self.snapshot = snapshot
        self.environment = environment
    }

    /// The cached result under `key`, or `nil`.
    mutating func lookup(_ key: StepFingerprint) -> CachedStep? {
        let (step, event) = snapshot.peek(key)
        if let event { events.append(event) }
        return step
    }

    /// Records a checked step (`nil`: it may not be cached).
    mutating func record(_ key: StepFingerprint?, _ step: CachedStep?) {
        events.append(VerdictCache.recording(key, step))
    }
}
