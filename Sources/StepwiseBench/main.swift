// stepwise-bench: times Stepwise on the benchmark cases of /work/shared/bench.
//
//   swift run -c release stepwise-bench [--only SUBSTR[,SUBSTR…]] [--rounds N] [--min-time S]
//   stepwise-bench --verify-child FILE [--rounds N] [--min-time S] [--cached]   (internal: one file)
//
// Prints `case_name tool seconds` per line (the best run of each case; the format of
// baselines.txt), then `#` comment lines with throughput and the result checks. A case runs
// at least N times (default 5) and, up to 200 times, until S seconds (default 1) of timed
// work: on a shared machine a 50 ms case timed only 5 times can miss every quiet moment.
import Foundation
import Symbolic

var only: [String] = []
var rounds = 5
var minSeconds = 1.0
var verifyChild: String?
var verifyChildCached = false
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--only":
        guard let value = arguments.popFirst() else {
            FileHandle.standardError.write("--only needs a value\n".data(using: .utf8)!)
            exit(2)
        }
        only = value.split(separator: ",").map(String.init)
    case "--rounds":
        guard let value = arguments.popFirst(), let n = Int(value), n >= 1 else {
            FileHandle.standardError.write("--rounds needs a positive integer\n".data(using: .utf8)!)
            exit(2)
        }
        rounds = n
    case "--min-time":
        guard let value = arguments.popFirst(), let s = Double(value), s >= 0, s <= 3600 else {
            FileHandle.standardError.write("--min-time needs seconds between 0 and 3600\n".data(using: .utf8)!)
            exit(2)
        }
        minSeconds = s
    case "--verify-child":
        guard let value = arguments.popFirst() else { exit(2) }
        verifyChild = value
    case "--cached":
        verifyChildCached = true
    case "--program":
        // The compiled programs of the Monte Carlo integrands, for inspection.
        for (name, e) in [("literal", MonteCarloCases.literal), ("quadratic", (try? MonteCarloCases.quadratic()) ?? .integer(0))] {
            print("# \(name): \(e)")
            if let c = try? CompiledExpr(compiling: e, variables: ["x"]) { print(c.programListing) }
        }
        exit(0)
    case "-h", "--help":
        print("usage: stepwise-bench [--only SUBSTR[,SUBSTR...]] [--rounds N] [--min-time S]")
        exit(0)
    default:
        FileHandle.standardError.write("unknown argument \(argument)\n".data(using: .utf8)!)
        exit(2)
    }
}

if let path = verifyChild {
    exit(DerivationCases.runChild(path: path, rounds: rounds, minSeconds: minSeconds, cached: verifyChildCached))
}

let selected = BenchRegistry.all.filter { c in only.isEmpty || only.contains { c.name.contains($0) } }
let derivationFiles = DerivationCases.files().filter { p in
    only.isEmpty || only.contains { DerivationCases.caseName(p).contains($0) || DerivationCases.cachedCaseName(p).contains($0) }
}
// A filter that selects nothing is an error, not "0/0 results correct" (a stale binary
// without the cases asked for, or a run outside the package root, which has no derivations/).
if selected.isEmpty && derivationFiles.isEmpty {
    let known = (BenchRegistry.all.map(\.name) + DerivationCases.files().map(DerivationCases.caseName)
        + DerivationCases.files().map(DerivationCases.cachedCaseName))
    var names: [String] = []
    for n in known where !names.contains(n) { names.append(n) }
    FileHandle.standardError.write(("no benchmark case matches --only \(only.joined(separator: ",")); cases: "
        + names.joined(separator: " ") + (DerivationCases.files().isEmpty ? " (no derivations/ here: run from the package root)" : "")
        + "\n").data(using: .utf8)!)
    exit(2)
}
print("# stepwise-bench: best run of each case (at least \(rounds) runs and \(minSeconds) s of them), seconds")
var failures: [String] = []
var throughput: [String] = []
var checked = 0
var measuredInterleaved = Set<String>()
for benchCase in selected {
    if benchCase.interleaved && measuredInterleaved.contains(benchCase.name) { continue }
    let group = benchCase.interleaved ? selected.filter { $0.interleaved && $0.name == benchCase.name } : [benchCase]
    if benchCase.interleaved { measuredInterleaved.insert(benchCase.name) }
    let outcomes = group.count == 1 && !benchCase.interleaved
        ? [BenchRunner.measure(benchCase, rounds: rounds, minSeconds: minSeconds)]
        : BenchRunner.measureInterleaved(group, rounds: rounds, minSeconds: minSeconds)
    for (c, outcome) in zip(group, outcomes) {
        print("\(c.name) \(c.tool) \(BenchRunner.format(outcome.bestSeconds))")
        FileHandle.standardOutput.synchronizeFile()
        checked += 1
        if let failure = outcome.failure { failures.append("\(c.name) \(c.tool): \(failure)") }
        if let seconds = outcome.bestSeconds, c.name.hasPrefix("mc_"), c.name.contains("1e7") {
            throughput.append("# \(c.name) \(c.tool): \(String(format: "%.1f", Double(MonteCarloCases.count) / seconds / 1e6)) M samples/s")
        }
    }
}
let derivationFailures = DerivationCases.run(rounds: rounds, minSeconds: minSeconds, only: only)
checked += DerivationCases.files().flatMap { [DerivationCases.caseName($0), DerivationCases.cachedCaseName($0)] }
    .filter { name in only.isEmpty || only.contains { name.contains($0) } }.count
failures += derivationFailures
for line in throughput { print(line) }
if let scaling = MonteCarloCases.scalingReport() { print(scaling) }
if failures.isEmpty {
    print("# check: \(checked)/\(checked) results correct")
} else {
    print("# check: \(checked - failures.count)/\(checked) results correct; FAILED: " + failures.joined(separator: "; "))
    exit(1)
}
