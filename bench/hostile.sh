#!/bin/sh
# Hostile input: time and peak memory of `verify` on every hostile case of issue 7.
#
#   bench/hostile.sh [VERIFY]        (default .build/release/verify)
#
# Runs the fixtures in Tests/ProofsTests/Fixtures/hostile and the generated large cases
# (10^4 nested parentheses, a 10^5-digit number, a chain of 10^4 steps, a 10 MB file, a file
# over the 10 MiB limit), each under `ulimit -v` (1 GiB of address space) and a 120 s
# timeout. Prints: case, exit code (must be 1, a step refuted or undecided, or 2, an input
# error; never 0, a crash or the timeout's 124), seconds, peak RSS in KB, and the first
# error. Exit status 0 when every case ends with exit code 1 or 2 within the bounds.
verify=${1:-.build/release/verify}
cd "$(dirname "$0")/.." || exit 2
[ -x "$verify" ] || { echo "hostile.sh: no $verify" >&2; exit 2; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
gen() { # name, then a python3 expression printing the file to stdout
    python3 -c "import sys; sys.stdout.write($2)" > "$tmp/$1.drv"
}
gen nested-10000 '"real x\nclaim \"deep\": " + "(" * 10000 + "x" + ")" * 10000 + " = x\n"'
gen digits-100000 '"real x\nclaim \"digits\": x + 1" + "0" * 100000 + " = x\n"'
gen chain-10000 '"real x\nderive \"long\"\n    x\n" + "  = x\n" * 9999 + "  = x + 1\nend\n"'
gen file-10MB '("# " + "a" * 997 + "\n") * 9999 + "real x\nclaim \"last\": x = x + 1\n"'
gen file-over-limit '("# " + "b" * 1021 + "\n") * 10241 + "claim \"c\": 1 = 1\n"'
status=0
printf '%-34s %4s %8s %10s  %s\n' case exit seconds peak-KB "first error"
for f in Tests/ProofsTests/Fixtures/hostile/*.drv "$tmp"/*.drv; do
    name=$(basename "$f" .drv)
    out=$( (ulimit -v 1048576; /usr/bin/time -f "%e %M" -o "$tmp/time" timeout 120 "$verify" --diagnostics-format plain --color never "$f") 2>&1)
    code=$?
    set -- $(tail -n 1 "$tmp/time")
    first=$(printf '%s\n' "$out" | grep -m1 'error:' | sed 's/^[^:]*:\([0-9]*:[0-9]*:\)\{0,1\} *//' | cut -c1-90)
    printf '%-34s %4s %8s %10s  %s\n' "$name" "$code" "$1" "$2" "$first"
    { [ "$code" -eq 1 ] || [ "$code" -eq 2 ]; } || status=1
done
exit $status
