#!/usr/bin/env bash
# The default build on a CPU without AVX: the CLI runs under user-mode emulation of a baseline x86-64 CPU
# (qemu-x86_64 -cpu qemu64: SSE2, no AVX, no POPCNT), picks the portable kernels by itself, and writes the same
# JSON as a native run on this machine's fastest path. A large Hebb network (N > 4096) is used, so that the
# packed-bit and byte-coupling kernels run. Skipped (exit 77) where qemu-x86_64 is not installed.
#   check_without_avx.sh path/to/hopfield
set -euo pipefail
cli=$1
if ! command -v qemu-x86_64 >/dev/null 2>&1; then
  echo "check_without_avx: qemu-x86_64 not installed (Debian package qemu-user); skipped"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
arguments=(--threads 2 run classical-capacity --seed 5 --quiet --set neurons=4160 --set patterns=260,700
           --set trials=1 --set probes=4)
"$cli" "${arguments[@]}" --json "$work/native.json"
qemu-x86_64 -cpu qemu64 "$cli" "${arguments[@]}" --json "$work/emulated.json"
# Only the wall-clock column may differ.
/usr/bin/python3 - "$work/native.json" "$work/emulated.json" <<'PY'
import json, sys
def without_clock(path):
    data = json.load(open(path))
    for experiment in data["experiments"]:
        for table in experiment["tables"]:
            drop = [i for i, c in enumerate(table["columns"]) if "wall" in c or "seconds" in c]
            table["columns"] = [c for i, c in enumerate(table["columns"]) if i not in drop]
            table["rows"] = [[v for i, v in enumerate(r) if i not in drop] for r in table["rows"]]
    return data
native, emulated = without_clock(sys.argv[1]), without_clock(sys.argv[2])
if native != emulated:
    sys.exit("check_without_avx: the emulated CPU wrote different results")
print("check_without_avx: same results on a CPU without AVX (emulated) as natively")
PY
