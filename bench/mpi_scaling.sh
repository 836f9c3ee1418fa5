#!/usr/bin/env bash
# Strong and weak scaling of the MPI build on one machine, 1 against 2 processes (one thread each), beside
# the single-process figure with 1 and 2 threads from the same run.
#   bash bench/mpi_scaling.sh [BUILD_DIR] [PATTERNS_PER_PROCESS]
# Prints one line per run: what, processes x threads, seconds, pattern-queries per second (shard retrieval) and
# the efficiency against one process with one thread (strong: T1 / (K TK); weak: T1 / TK).
set -euo pipefail
build=${1:-build}
per_process=${2:-500000}
cli=$build/hopfield
mpi=(mpirun --oversubscribe --mca btl self,tcp --mca btl_tcp_if_include lo --mca oob_tcp_if_include lo)
[[ $(id -u) -ne 0 ]] || mpi+=(--allow-run-as-root)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# Shard retrieval: d = 64, B = 1024, one step, fastest of 3 repeats.
retrieval() {  # processes threads patterns
  local json=$work/r.json
  if [[ $1 -eq 1 ]]; then
    OMP_NUM_THREADS=$2 "$cli" shard-retrieval --count "$3" --queries 1024 --steps 1 --repeats 3 --quiet --json "$json"
  else
    OMP_NUM_THREADS=$2 "${mpi[@]}" -x OMP_NUM_THREADS -np "$1" "$cli" shard-retrieval --count "$3" --queries 1024 \
      --steps 1 --repeats 3 --quiet --json "$json"
  fi
  /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["experiments"][0]["tables"][0]["rows"][0]
print(r[8], r[9])' "$json"
}
read -r t1 rate1 < <(retrieval 1 1 "$per_process")
read -r t1x2 rate1x2 < <(retrieval 1 2 "$per_process")
read -r t2 rate2 < <(retrieval 2 1 "$per_process")
read -r t1big rate1big < <(retrieval 1 1 $((2 * per_process)))
read -r t2big rate2big < <(retrieval 2 1 $((2 * per_process)))
read -r t1x2big rate1x2big < <(retrieval 1 2 $((2 * per_process)))
eff() { /usr/bin/python3 -c "print(f'{$1:.2f}')"; }
echo "shard-retrieval p=$((2 * per_process)) (strong): 1x1 ${t1big}s; 1 process x 2 threads ${t1x2big}s (efficiency $(eff "$t1big/(2*$t1x2big)")); 2 processes x 1 ${t2big}s (efficiency $(eff "$t1big/(2*$t2big)")); rates ${rate1big} / ${rate1x2big} / ${rate2big} pattern-queries/s"
echo "shard-retrieval weak, p=$per_process per process: 1x1 ${t1}s; 2 processes x 1 with p=$((2 * per_process)) ${t2big}s (efficiency $(eff "$t1/$t2big")); 1 process x 2 threads with p=$((2 * per_process)) ${t1x2big}s (efficiency $(eff "$t1/$t1x2big"))"

# An experiment's items: classical capacity at N = 1000 (strong: 8 p x 8 trials; weak: 8 trials per process).
capacity() {  # processes threads trials
  local start end
  start=$(date +%s.%N)
  if [[ $1 -eq 1 ]]; then
    OMP_NUM_THREADS=$2 "$cli" run classical-capacity --set neurons=1000 --set patterns=40,60,80,100,120,140,160,180 \
      --set trials="$3" --set seed_trials=1 --quiet
  else
    OMP_NUM_THREADS=$2 "${mpi[@]}" -x OMP_NUM_THREADS -np "$1" "$cli" run classical-capacity --set neurons=1000 \
      --set patterns=40,60,80,100,120,140,160,180 --set trials="$3" --set seed_trials=1 --quiet
  fi
  end=$(date +%s.%N)
  /usr/bin/python3 -c "print(f'{$end - $start:.2f}')"
}
c1=$(capacity 1 1 16)
c1x2=$(capacity 1 2 16)
c2=$(capacity 2 1 16)
c1half=$(capacity 1 1 8)
echo "classical-capacity 8 x 16 cells (strong): 1x1 ${c1}s; 1 process x 2 threads ${c1x2}s (efficiency $(eff "$c1/(2*$c1x2)")); 2 processes x 1 ${c2}s (efficiency $(eff "$c1/(2*$c2)"))"
echo "classical-capacity weak, 8 x 8 cells per process: 1x1 ${c1half}s; 2 processes x 1 (8 x 16) ${c2}s (efficiency $(eff "$c1half/$c2"))"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
