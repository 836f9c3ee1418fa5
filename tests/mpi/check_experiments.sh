#!/usr/bin/env bash
# Experiments whose items map_items spreads over processes, run plainly and under mpirun with 1, 2 and 4
# processes: the JSON must be byte-identical (none of these has a wall-clock column).
#   check_experiments.sh HOPFIELD_CLI MPIRUN MPIRUN_FLAGS...
set -euo pipefail
cli=$1
mpirun=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

runs=(
  "classical-capacity --set max_patterns=12 --set trials=6 --set seed_trials=3"
  "classical-retrieval --set trials=30"
  "modern-capacity"
  "dense-capacity --set trials=4"
)
status=0
for index in "${!runs[@]}"; do
  read -r -a args <<<"${runs[$index]}"
  "$cli" --threads 2 run "${args[@]}" --quiet --json "$work/plain_$index.json"
  for processes in 1 2 4; do
    out="$work/np${processes}_$index.json"
    "$mpirun" "$@" -np "$processes" "$cli" run "${args[@]}" --quiet --json "$out"
    if cmp -s "$work/plain_$index.json" "$out"; then
      echo "same JSON: ${args[0]}, $processes process(es)"
    else
      echo "DIFFERENT JSON: ${args[0]}, $processes process(es)"
      diff <(tr ',' '\n' <"$work/plain_$index.json") <(tr ',' '\n' <"$out") | head -20 || true
      status=1
    fi
  done
done
exit $status
