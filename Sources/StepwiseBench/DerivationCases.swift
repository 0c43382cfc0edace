// Verifying the files in derivations/: wall time (warm, in process) and peak memory.
//
// Each file runs in a child process (`stepwise-bench --verify-child FILE --rounds N --min-time S`), so its
// peak resident memory is its own and no cache is shared between files. The child parses,
// sort-checks, checks and renders the text report at least `rounds` times (and for at least S
// seconds) with fresh checker state
// each time; "warm" means the process, its code and its lazily built static tables are warm
// (the first round is reported separately as `stepwise-first`), not that results are cached.
// Lines: `verify_NAME stepwise BEST`, `verify_NAME stepwise-median MEDIAN`,
// `verify_NAME stepwise-first FIRST`, `verify_NAME stepwise-cpu-median CPU` (user + system
// CPU seconds of a round, median: robust to other jobs on a shared machine),
// `verify_NAME peak-MB MB`, and `verify_all` sums. `verify_cached_NAME` cases time the same
// work with a warm verdict cache (`--cached`: populated by one untimed check in the child
// before the timed rounds; every round's report must equal the uncached one).
import Foundation
import Proofs

enum DerivationCases {
    /// `derivations/*.drv` (not errata), sorted by name.
    static func files(in directory: String = "derivations") -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".drv") }.sorted().map { directory + "/" + $0 }
    }

    static func caseName(_ path: String) -> String {
        "verify_" + ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// The name of the warm-cache case of a file.
    static func cachedCaseName(_ path: String) -> String {
        "verify_cached_" + caseName(path).dropFirst("verify_".count)
    }

    /// One timed check of a file: parse, sort-check, check, render. Returns whether it holds.
    /// With a `cache`, steps are looked up in it and recorded.
    static func verifyOnce(_ bytes: [UInt8], name: String) -> (holds: Bool, report: String) {
        var none: VerdictCache?
        return verifyOnce(bytes, name: name, cache: &none)
    }

    /// `verifyOnce` with a verdict cache when `cache` is not `nil`.
    static func verifyOnce(_ bytes: [UInt8], name: String, cache: inout VerdictCache?) -> (holds: Bool, report: String) {
        let (file, parseDiagnostics) = DrvParser.parse(bytes: bytes, name: name)
        var diagnostics = parseDiagnostics
        if !diagnostics.contains(where: { $0.severity == .error }) {
            diagnostics += SortChecker.analyze(file).diagnostics
        }
        if diagnostics.contains(where: { $0.severity == .error }) { return (false, "input errors") }
        var options = CheckOptions()
        options.seed = 1
        let result = DerivationChecker(options: options).check(file, inputDiagnostics: diagnostics, cacheSlot: &cache)
        let report = TextReport(color: false).render(result)
        return (result.holds && !result.hasInputErrors, report)
    }

    /// The child: prints `best median first peakKB holds identical`.
    static func runChild(path: String, rounds: Int, minSeconds: Double, cached: Bool = false) -> Int32 {
        guard let data = FileManager.default.contents(atPath: path) else {
            print("cannot read \(path)")
            return 2
        }
        let bytes = [UInt8](data)
        let clock = ContinuousClock()
        var times: [Double] = []
        var cpuTimes: [Double] = []
        var holds = true
        var reports = Set<String>()
        var cache: VerdictCache? = cached ? VerdictCache() : nil
        if cached {
            // Untimed: fills the cache (every step checked, so the report is the uncached one).
            reports.insert(verifyOnce(bytes, name: path, cache: &cache).report)
        }
        while BenchRunner.wantsAnotherRound(done: times.count, rounds: rounds, spent: times.reduce(0, +), minSeconds: minSeconds) {
            let cpuStart = cpuSeconds()
            let start = clock.now
            let (ok, report) = verifyOnce(bytes, name: path, cache: &cache)
            let elapsed = clock.now - start
            cpuTimes.append(cpuSeconds() - cpuStart)
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            holds = holds && ok
            reports.insert(report)
        }
        let sorted = times.sorted()
        let cpu = cpuTimes.sorted()
        print("\(sorted[0]) \(sorted[sorted.count / 2]) \(times[0]) \(peakResidentKiB()) \(holds) \(reports.count == 1) \(cpu[cpu.count / 2])")
        return 0
    }

    /// The peak resident memory of this process in KiB: `VmHWM` of /proc/self/status.
    /// (Not `ru_maxrss`, which Linux carries over from the parent's memory across exec.)
    static func peakResidentKiB() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "") ?? 0
        }
        return 0
    }

    /// User + system CPU time of this process so far (robust to other jobs on the machine).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(0, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Runs every file in a child process and prints the lines; returns failures.
    static func run(rounds: Int, minSeconds: Double, only: [String]) -> [String] {
        var failures: [String] = []
        var bestTotal = 0.0, medianTotal = 0.0, cpuTotal = 0.0, peak = 0.0
        var ran = 0
        let cases = files().flatMap { [($0, caseName($0), false), ($0, cachedCaseName($0), true)] }
        for (path, name, cached) in cases where only.isEmpty || only.contains(where: { name.contains($0) }) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
            process.arguments = ["--verify-child", path, "--rounds", "\(rounds)", "--min-time", "\(minSeconds)"]
                + (cached ? ["--cached"] : [])
            let pipe = Pipe()
            process.standardOutput = pipe
            do { try process.run() } catch {
                failures.append("\(name): cannot start the child: \(error)")
                continue
            }
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let fields = output.split(whereSeparator: \.isWhitespace)
            guard fields.count == 7, let cpu = Double(fields[6]), let best = Double(fields[0]), let median = Double(fields[1]),
                  let first = Double(fields[2]), let kb = Double(fields[3]) else {
                failures.append("\(name): child said \(output)")
                continue
            }
            if fields[4] != "true" { failures.append("\(name): does not hold") }
            if fields[5] != "true" { failures.append("\(name): reports differ between rounds") }
            let mb = kb / 1024
            print("\(name) stepwise \(BenchRunner.format(best))")
            print("\(name) stepwise-median \(BenchRunner.format(median))")
            print("\(name) stepwise-first \(BenchRunner.format(first))")
            print("\(name) stepwise-cpu-median \(BenchRunner.format(cpu))")
            print("\(name) peak-MB \(String(format: "%.1f", mb))")
            FileHandle.standardOutput.synchronizeFile()
            if cached { continue }
            bestTotal += best
            medianTotal += median
            cpuTotal += cpu
            peak = max(peak, mb)
            ran += 1
        }
        if ran > 0 && only.isEmpty {
            print("verify_all stepwise \(BenchRunner.format(bestTotal))")
            print("verify_all stepwise-median \(BenchRunner.format(medianTotal))")
            print("verify_all stepwise-cpu-median \(BenchRunner.format(cpuTotal))")
            print("verify_all peak-MB \(String(format: "%.1f", peak))")
        }
        return failures
    }
}
