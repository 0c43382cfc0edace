// swift-tools-version: 6.0
import PackageDescription
import Foundation

// Release builds on x86-64 are compiled for the CPU that builds them (like gcc
// -march=native), so the SIMD loops of compiled evaluation use AVX2/AVX-512 where the machine
// has them. Results do not depend on it: Swift never contracts a·b + c into an FMA nor
// reorders floating-point sums, so every evaluation does the same IEEE operations whatever
// the vector width (docs/benchmarks.md). A binary built this way may not run on an older
// CPU: set STEPWISE_PORTABLE=1 when building one to copy elsewhere.
let portable = ProcessInfo.processInfo.environment["STEPWISE_PORTABLE"].map { !$0.isEmpty && $0 != "0" } ?? false
#if arch(x86_64)
let tuning: [SwiftSetting] = portable ? [] : [.unsafeFlags(["-target-cpu", "native"], .when(configuration: .release))]
#else
let tuning: [SwiftSetting] = []
#endif

// Stepwise: a symbolic-numeric derivation checker.
// No dependencies: the Swift standard library and Foundation only.
// Dependencies point one way: Verify → Proofs → Symbolic.
let package = Package(
    name: "Stepwise",
    products: [
        .executable(name: "verify", targets: ["Verify"]),
        .executable(name: "stepwise-bench", targets: ["StepwiseBench"]),
        .executable(name: "stepwise-fuzz", targets: ["FuzzDrv"]),
        .library(name: "Symbolic", targets: ["Symbolic"]),
        .library(name: "Proofs", targets: ["Proofs"]),
    ],
    targets: [
        .target(name: "Symbolic", swiftSettings: tuning),
        .target(name: "Proofs", dependencies: ["Symbolic"], swiftSettings: tuning),
        .executableTarget(name: "Verify", dependencies: ["Symbolic", "Proofs"]),
        .executableTarget(name: "StepwiseBench", dependencies: ["Symbolic", "Proofs"]),
        .executableTarget(name: "FuzzDrv", dependencies: ["Proofs"]),
        .testTarget(name: "SymbolicTests", dependencies: ["Symbolic"], exclude: ["Printing/Golden"]),
        .testTarget(name: "ProofsTests", dependencies: ["Proofs", "Symbolic"], exclude: ["Fixtures", "Reports/Golden"]),
        .testTarget(name: "VerifyTests", dependencies: ["Verify", "Proofs", "Symbolic"]),
    ]
)
