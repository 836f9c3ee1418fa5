#!/usr/bin/env bash
# Experiments whose items map_items spreads over processes, run plainly and under mpirun with 1, 2 and 4
# processes: the JSON must be byte-identical, apart from the wall clock of the random-features experiments,
# classical-critical-capacity and maxcut-gset (random-features-phases' "Cost per α point" table, the others'
# "Wall clock" note, maxcut-gset's cut-against-time figure), which is blanked in both before comparing them.
# Small sizes: the MNIST experiments read the shipped sample (tests/data), maxcut-gset the shipped G-set.
#   check_experiments.sh HOPFIELD_CLI MPIRUN MPIRUN_FLAGS...
set -euo pipefail
cli=$1
mpirun=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sample=$(cd "$(dirname "$0")/../data" && pwd)
gset_data=$(cd "$(dirname "$0")/../../data" && pwd)

runs=(
  "classical-capacity --set max_patterns=12 --set trials=6 --set seed_trials=3"
  "classical-retrieval --set trials=30"
  "modern-capacity"
  "dense-capacity --set trials=4"
  "mnist-hebb-collapse --set data=$sample --set trials=6"
  "mnist-spectrum --set data=$sample --set interpolation_steps=4"
  "mnist-centred --set data=$sample --set trials=6"
  "mnist-pseudoinverse-capacity --set data=$sample --set patterns=10,40 --set fine_patterns=30
   --set protocol_patterns=20 --set draws=2"
  "mnist-beta --set data=$sample --set patterns=40 --set betas_per_decade=1 --set capacity_patterns=10,40,80"
  "random-features-phases --set neurons=200 --set alpha_d=0.1 --set points=5 --set alpha_max=3
   --set test_examples=10 --set control_examples=5 --set span_features=0"
  "random-features-diagram --set neurons=200 --set alpha_d_min=0.05 --set alpha_d_max=0.1
   --set alpha_d_points=3 --set points=4 --set alpha_max=3"
  "random-features-paper --set neurons=200 --set alpha_d=0.05 --set samples=3 --set steps_per_decade=2
   --set first_exponent=-3 --set probes=2"
  "classical-critical-capacity --set neurons=100,200 --set network_budget=800 --set bootstrap=20
   --set probes=10"
  "maxcut-gset --set data=$gset_data --set graphs=G14,G43 --set restarts=2 --set sweeps=50
   --set comparison_graph=G14 --set solvers=descent,annealing --set comparison_restarts=2
   --set comparison_sweeps=50"
)
# The JSON with its wall clock blanked: the seconds of tables titled "wall clock", the seconds in notes, and
# maxcut-gset's cut-against-time figure (restarts finish on several threads, so even the order in which the
# best cut grows follows the clock).
without_wall_clock() {
  /usr/bin/python3 -c 'import json, re, sys
r = json.load(open(sys.argv[1]))
for experiment in r["experiments"]:
    for table in experiment["tables"]:
        if "wall clock" in table["title"].lower():
            seconds = [i for i, c in enumerate(table["columns"]) if "(s)" in c or c.startswith("ms per")]
            for row in table["rows"]:
                for i in seconds: row[i] = None
    for figure in experiment["figures"]:
        if figure["name"] == "maxcut-cut-vs-time":
            for series in figure["series"]: series["x"] = series["y"] = None
print(re.sub(r"Wall clock( of this run)?: [0-9.]+ s", "", json.dumps(r)))' "$1"
}
status=0
for index in "${!runs[@]}"; do
  read -r -d '' -a args <<<"${runs[$index]}" || true
  "$cli" --threads 2 run "${args[@]}" --quiet --json "$work/plain_$index.json"
  for processes in 1 2 4; do
    out="$work/np${processes}_$index.json"
    "$mpirun" "$@" -np "$processes" "$cli" run "${args[@]}" --quiet --json "$out"
    if cmp -s "$work/plain_$index.json" "$out" ||
      { [[ ${args[0]} == random-features-* || ${args[0]} == classical-critical-capacity ||
        ${args[0]} == maxcut-gset ]] &&
        [[ $(without_wall_clock "$work/plain_$index.json") == "$(without_wall_clock "$out")" ]]; }; then
      echo "same JSON: ${args[0]}, $processes process(es)"
    else
      echo "DIFFERENT JSON: ${args[0]}, $processes process(es)"
      diff <(tr ',' '\n' <"$work/plain_$index.json") <(tr ',' '\n' <"$out") | head -20 || true
      status=1
    fi
  done
done
exit $status
