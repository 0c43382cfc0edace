// The `verify` executable: thin front end over Proofs and Symbolic.
import Proofs
import Symbolic

print("verify \(StepwiseVersion.string): not yet wired")
