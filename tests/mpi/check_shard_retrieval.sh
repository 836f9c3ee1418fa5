#!/usr/bin/env bash
# write-patterns and shard-retrieval: a file written from a seed, read back sharded over 1, 2 and 4 processes,
# gives the same retrieval as the memory generated from the same seed in one plain process (every column of
# the result table but the timings); a truncated file is refused with the reason.
#   check_shard_retrieval.sh HOPFIELD_CLI MPIRUN MPIRUN_FLAGS...
set -euo pipefail
cli=$1
mpirun=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
common=(--seed 5 --queries 40 --steps 3 --repeats 1 --beta 1 --noise 0.5 --quiet)

"$cli" write-patterns "$work/p.bin" --dimension 32 --count 5001 --seed 5
[[ $(stat -c %s "$work/p.bin") -eq $((64 + 32 * 5001 * 4)) ]]
# The table without its timings (seconds, throughput), reals to 3 decimals (the merge sums in another
# order), and the params without the file name.
summary() { /usr/bin/python3 -c 'import json,sys
r=json.load(open(sys.argv[1]))["experiments"][0]
rows=[[round(v, 3) if isinstance(v, float) else v for v in row[2:8]] for row in r["tables"][0]["rows"]]
print(rows, {k: v for k, v in r["params"].items() if k != "file"})' "$1"; }

"$cli" shard-retrieval --dimension 32 --count 5001 "${common[@]}" --json "$work/plain.json"
expected=$(summary "$work/plain.json")
echo "one process: $expected"
status=0
for processes in 1 2 4; do
  "$mpirun" "$@" -np "$processes" "$cli" shard-retrieval --patterns "$work/p.bin" "${common[@]}" \
    --json "$work/np$processes.json"
  got=$(summary "$work/np$processes.json")
  if [[ $got == "$expected" ]]; then echo "same: $processes process(es)"; else echo "DIFFERENT ($processes): $got"; status=1; fi
done

head -c 1000 "$work/p.bin" >"$work/short.bin"
if "$mpirun" "$@" -np 2 "$cli" shard-retrieval --patterns "$work/short.bin" --quiet 2>"$work/stderr"; then
  echo "FAILED: a truncated file was accepted"
  status=1
fi
grep -q "truncated" "$work/stderr" || { echo "FAILED: no reason given: $(cat "$work/stderr")"; status=1; }
exit $status
