import Symbolic
print("stepwise-bench: no cases yet")
