// swift-tools-version: 6.0
import PackageDescription

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
        .target(name: "Symbolic"),
        .target(name: "Proofs", dependencies: ["Symbolic"]),
        .executableTarget(name: "Verify", dependencies: ["Symbolic", "Proofs"]),
        .executableTarget(name: "StepwiseBench", dependencies: ["Symbolic", "Proofs"]),
        .executableTarget(name: "FuzzDrv", dependencies: ["Proofs"]),
        .testTarget(name: "SymbolicTests", dependencies: ["Symbolic"], exclude: ["Printing/Golden"]),
        .testTarget(name: "ProofsTests", dependencies: ["Proofs", "Symbolic"], exclude: ["Fixtures", "Reports/Golden"]),
        .testTarget(name: "VerifyTests", dependencies: ["Verify", "Proofs", "Symbolic"]),
    ]
)
