#!/bin/sh
# No false alarms: every derivation in derivations/ must verify under many seeds.
#
#   bench/seeds.sh [FIRST [COUNT [VERIFY [FILE...]]]]   (defaults: 0 100 .build/release/verify)
#
# Runs `verify --seed S FILE` for S = FIRST ..< FIRST+COUNT and every derivations/*.drv
# (whatever files are there; or only the FILEs given, to split a run over processes), prints
# one line per failing (file, seed) with the first error, and a summary line per file. Exit status 0 when every run exits 0. Build first with
# `swift build -c release --product verify`.
first=${1:-0}
count=${2:-100}
verify=${3:-.build/release/verify}
[ $# -gt 3 ] && shift 3 || set --
cd "$(dirname "$0")/.." || exit 2
[ $# -eq 0 ] && set -- derivations/*.drv
[ -x "$verify" ] || { echo "seeds.sh: no $verify (swift build -c release --product verify)" >&2; exit 2; }
status=0
total=0
failed=0
for file in "$@"; do
    bad=0
    started=$(date +%s)
    s=$first
    while [ "$s" -lt $((first + count)) ]; do
        out=$("$verify" --seed "$s" --diagnostics-format plain --color never "$file" 2>&1)
        code=$?
        total=$((total + 1))
        if [ "$code" -ne 0 ]; then
            bad=$((bad + 1))
            failed=$((failed + 1))
            status=1
            echo "FAIL $file seed $s (exit $code): $(printf '%s\n' "$out" | grep -m1 'error:')"
        fi
        s=$((s + 1))
    done
    echo "$file: $((count - bad))/$count seeds verify ($(( $(date +%s) - started )) s)"
done
echo "total: $((total - failed))/$total runs verify (seeds $first..$((first + count - 1)))"
exit $status
