#!/usr/bin/env bash
# Runs Stepwise's benchmark and the baseline scripts (SymPy, SymEngine, numpy) in the same
# run and prints a table of ratios (baseline time / Stepwise time; > 1 means Stepwise is
# faster).
#
#   bench/compare.sh                     # everything (the baselines take ~4 minutes)
#   BENCH_ONLY=fateman,zero_ bench/compare.sh
#   ROUNDS=5 BENCH_BASELINES=../shared/bench bench/compare.sh
#
# Stepwise is timed before and after the baselines and the better figure of each case is
# kept, so a burst of load on the shared machine does not decide a ratio by itself. The
# derivation files (verify_*) are timed in child processes: best, median and first round of
# ROUNDS, and peak memory; the Monte Carlo cases (mc_*) include the C loop of
# $BASE/limit/ (built and run by the baseline runner).
set -euo pipefail
cd "$(dirname "$0")/.."
# The baselines: ../shared/bench from the main checkout, ../../shared/bench from a worktree.
if [ -z "${BENCH_BASELINES:-}" ] && [ ! -d ../shared/bench ] && [ -d ../../shared/bench ]; then
  BENCH_BASELINES=../../shared/bench
fi
BASE=${BENCH_BASELINES:-../shared/bench}
ROUNDS=${ROUNDS:-5}
OUT=${BENCH_DIR:-$(mktemp -d)}
ONLY=${BENCH_ONLY:-}
swift build -c release --product stepwise-bench >/dev/null
run_ours() {
  if [ -n "$ONLY" ]; then .build/release/stepwise-bench --rounds "$ROUNDS" --only "$ONLY"
  else .build/release/stepwise-bench --rounds "$ROUNDS"; fi
}
run_ours > "$OUT/stepwise-1.txt"
BENCH_OUT="$OUT/baselines.txt" BENCH_ONLY="$ONLY" "$BASE/run_baselines.sh" > "$OUT/baselines.log" 2>&1
run_ours > "$OUT/stepwise-2.txt"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other jobs share this machine: figures are noisy)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "command: bench/compare.sh (ROUNDS=$ROUNDS${ONLY:+, BENCH_ONLY=$ONLY}); raw files in $OUT"
python3 bench/ratios.py "$OUT/stepwise-1.txt" "$OUT/stepwise-2.txt" "$OUT/baselines.txt"
