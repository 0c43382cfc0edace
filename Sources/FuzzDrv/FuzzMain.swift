// `stepwise-fuzz`: a long fuzz campaign over mutated `.drv` files.
//
// Implementation notes
// --------------------
// Input i is a pure function of (seed, i) (see `DrvFuzzer`), so a campaign can be split
// into ranges over processes and any finding is reproduced with `--start i --count 1`.
// Before each input the driver writes its index to `--progress FILE` (if given), so that
// after a crash — which no in-process check can catch — the crashing input is known.
// Findings (unlocated errors, ranges outside the file, slow inputs, differing reruns) are
// written to `--out DIR` as `finding-INDEX.drv` with the operations in a comment line of
// the report. Identical inputs (two index streams can produce the same bytes, e.g. a
// truncation to the same length) are run once: a 128-bit fingerprint of the bytes is kept
// per input, and repeats are counted, not run. The time bound is on the process's CPU time
// per input (the machine is shared, so wall-clock time measures the load, not the input);
// `--fast` runs the checker with `FuzzHarness.fast()` (2 points, 32 samples, tight limits),
// which makes 10^6 inputs through the whole checker feasible. Built without libFuzzer by default; with `-DLIBFUZZER` (and
// `-sanitize=fuzzer`) the same harness is exposed as `LLVMFuzzerTestOneInput` instead.

import Foundation
import Proofs

#if !LIBFUZZER
@main
struct FuzzMain {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var seed: UInt64 = 1
        var start = 0
        var count = 10_000
        var corpus: [String] = []
        var out = "fuzz-findings"
        var progress: String?
        var rerunEvery = 64
        var timeBound = 10.0
        var split = false
        var frontEndOnly = false
        var writeOnly = false
        var fast = false
        func value() -> String {
            guard arguments.count >= 2 else { usage("missing value for \(arguments.first ?? "")") }
            let v = arguments[1]
            arguments.removeFirst(2)
            return v
        }
        while let a = arguments.first {
            switch a {
            case "--seed": seed = UInt64(value()) ?? { usage("bad --seed") }()
            case "--start": start = Int(value()) ?? { usage("bad --start") }()
            case "--count": count = Int(value()) ?? { usage("bad --count") }()
            case "--out": out = value()
            case "--progress": progress = value()
            case "--rerun-every": rerunEvery = max(1, Int(value()) ?? 64)
            case "--time-bound": timeBound = Double(value()) ?? 10
            case "--split":
                split = true
                arguments.removeFirst()
            case "--front-end-only":
                frontEndOnly = true
                arguments.removeFirst()
            case "--write-only":
                writeOnly = true
                arguments.removeFirst()
            case "--fast":
                fast = true
                arguments.removeFirst()
            case "--help", "-h": usage(nil)
            default:
                corpus.append(a)
                arguments.removeFirst()
            }
        }
        var texts: [String] = []
        for path in corpus {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { usage("no such file: \(path)") }
            let files = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".drv") }.sorted()
                    .map { path + "/" + $0 }
                : [path]
            for f in files {
                if let d = FileManager.default.contents(atPath: f) {
                    let text = String(decoding: d, as: UTF8.self)
                    texts += split ? DrvFuzzer.units(of: text) : [text]
                }
            }
        }
        guard !texts.isEmpty else { usage("no seed files") }
        try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let fuzzer = DrvFuzzer(seeds: texts, seed: seed)
        var harness = fast ? FuzzHarness.fast() : FuzzHarness()
        // The bound is applied to CPU time below; the harness's wall-clock bound only guards
        // against an input that never ends (it cannot interrupt one anyway).
        harness.timeBound = .seconds(3600)
        harness.runsChecker = !frontEndOnly
        var findings = 0, reached = 0, held = 0, duplicates = 0
        var slowest: (Double, Int) = (0, -1)
        var cpuTotal = 0.0
        var seen = Set<Fingerprint>()
        let clock = ContinuousClock()
        let began = clock.now
        for i in start..<(start + count) {
            if let progress { try? "\(i)\n".write(toFile: progress, atomically: false, encoding: .utf8) }
            let input = fuzzer.input(i)
            if writeOnly {
                _ = FileManager.default.createFile(atPath: "\(out)/input-\(i).drv", contents: Data(input.bytes))
                try? (input.operations.joined(separator: ", ") + "\n").write(toFile: "\(out)/input-\(i).txt", atomically: true, encoding: .utf8)
                continue
            }
            let done = i - start + 1
            guard seen.insert(Fingerprint(input.bytes)).inserted else {
                duplicates += 1
                if done % 10_000 == 0 || done == count {
                    report(start, done, i, reached, held, findings, duplicates, slowest, cpuTotal, clock.now - began)
                }
                continue
            }
            let cpuBefore = cpuSeconds()
            let outcome = harness.run(input.bytes)
            let cpu = cpuSeconds() - cpuBefore
            cpuTotal += cpu
            var found = outcome.findings
            if cpu > timeBound { found.append(FuzzFinding(.slow, "\(cpu) s of CPU > \(timeBound) s (wall clock \(outcome.elapsed))")) }
            if i % rerunEvery == 0, harness.run(input.bytes).rendered != outcome.rendered {
                found.append(FuzzFinding(.nondeterministic, "two runs differ"))
            }
            if outcome.reachedChecker { reached += 1 }
            if outcome.holds { held += 1 }
            if cpu > slowest.0 { slowest = (cpu, i) }
            if !found.isEmpty {
                findings += 1
                let report = "input \(i) (seed \(seed)): \(input.operations.joined(separator: ", "))\n"
                    + found.map { "  \($0)\n" }.joined()
                FileHandle.standardError.write(Data(report.utf8))
                _ = FileManager.default.createFile(atPath: "\(out)/finding-\(i).drv", contents: Data(input.bytes))
                try? report.write(toFile: "\(out)/finding-\(i).txt", atomically: true, encoding: .utf8)
            }
            if done % 10_000 == 0 || done == count {
                report(start, done, i, reached, held, findings, duplicates, slowest, cpuTotal, clock.now - began)
            }
        }
        exit(findings == 0 ? 0 : 1)
    }

    /// One progress line: inputs generated, run, skipped as duplicates, findings, CPU time.
    static func report(_ start: Int, _ done: Int, _ i: Int, _ reached: Int, _ held: Int, _ findings: Int, _ duplicates: Int,
                       _ slowest: (Double, Int), _ cpu: Double, _ wall: Duration) {
        let ran = done - duplicates
        let perInput = ran > 0 ? cpu / Double(ran) * 1000 : 0
        let line = "\(done) inputs (\(start)..<\(i + 1)): \(ran) run, \(duplicates) duplicates skipped, "
            + "\(reached) reached the checker, \(held) verified, \(findings) with findings, "
            + "slowest \(String(format: "%.3f", slowest.0)) s CPU (input \(slowest.1)), "
            + "CPU \(String(format: "%.1f", cpu)) s (\(String(format: "%.2f", perInput)) ms per input run), wall \(wall)\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    }

    /// CPU time of this process, in seconds.
    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func usage(_ problem: String?) -> Never {
        let text = (problem.map { "stepwise-fuzz: \($0)\n" } ?? "") + """
        usage: stepwise-fuzz SEED-FILES-OR-DIRS... [--seed N] [--start I] [--count N] [--out DIR]
                             [--progress FILE] [--rerun-every K] [--time-bound SECONDS]
                             [--split] [--front-end-only] [--write-only] [--fast]
        Runs inputs start..<start+count of the campaign `seed` through the parser, the sort
        checker and the checker; reports unlocated errors, ranges outside the file, slow
        inputs and differing reruns. Exit code 0 when nothing was found. --split makes one
        seed per claim or derivation (with the file's declarations); --front-end-only runs only
        the parser and the sort checker; --write-only writes the inputs to DIR without running
        them (to reproduce a hang); --fast checks with small sample counts and tight limits
        (a robustness profile). Identical inputs are run once; the time bound is CPU time.
        """
        FileHandle.standardError.write(Data((text + "\n").utf8))
        exit(problem == nil ? 0 : 2)
    }
}
/// A 128-bit fingerprint of an input's bytes (two independent FNV-1a streams), to run
/// identical inputs once.
struct Fingerprint: Hashable {
    var a: UInt64 = 0xcbf2_9ce4_8422_2325
    var b: UInt64 = 0x8422_2325_cbf2_9ce4

    init(_ bytes: [UInt8]) {
        for byte in bytes {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = (b ^ UInt64(byte)) &* 0x0000_0001_0000_0193 &+ 0x9e37_79b9
        }
        a ^= UInt64(bytes.count)
    }
}
#else
/// The libFuzzer entry point (build with `-sanitize=fuzzer -DLIBFUZZER`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let outcome = FuzzHarness().run(Array(UnsafeBufferPointer(start: data, count: size)))
    if !outcome.findings.isEmpty {
        fatalError("robustness invariant violated: \(outcome.findings)")
    }
    return 0
}
#endif
