#!/usr/bin/env bash
# A failure on one process ends every process, with that process's message, and leaves no output file.
# Process 1 is given a parameter it refuses (mpirun's MPMD syntax: one command line per process), after
# process 0 has started computing; the run must end (CTest's timeout catches a hang) with exit status 1.
#   check_failure.sh HOPFIELD_CLI MPIRUN MPIRUN_FLAGS...
set -uo pipefail
cli=$1
mpirun=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args=(run classical-capacity --set max_patterns=12 --set trials=6 --quiet --json "$work/out.json")

"$mpirun" "$@" -np 1 "$cli" "${args[@]}" : -np 1 "$cli" "${args[@]}" --set trials=0 \
  >"$work/stdout" 2>"$work/stderr"
status=$?
cat "$work/stderr"
failed=0
[[ $status -eq 1 ]] || { echo "FAILED: exit status $status, expected 1"; failed=1; }
grep -q "process 1 of 2 failed" "$work/stderr" || { echo "FAILED: the failing process is not named"; failed=1; }
grep -q "parameter 'trials'" "$work/stderr" || { echo "FAILED: process 1's message is missing"; failed=1; }
[[ ! -e $work/out.json ]] || { echo "FAILED: an output file was written"; failed=1; }
[[ -z $(ls "$work" | grep -v '^std') ]] || { echo "FAILED: files left behind: $(ls "$work")"; failed=1; }

# Promptly: the other process stops between two of its items, not at the end of its share. Its share here
# is 50 000 trials of about 25 ms each (20 minutes on one core); the run must end within 60 s (mpirun's own
# start and end take about 2 s). Process 1 fails in one run, process 0 in the other.
long=(run classical-capacity --set neurons=1000 --set patterns=150 --set probes=20 --set seed_trials=1
  --set trials=100000 --quiet --json "$work/long.json")
for failing in 1 0; do
  if [[ $failing -eq 1 ]]; then
    lines=(-np 1 "$cli" "${long[@]}" : -np 1 "$cli" "${long[@]}" --set trials=0)
  else
    lines=(-np 1 "$cli" "${long[@]}" --set trials=0 : -np 1 "$cli" "${long[@]}")
  fi
  start=$(date +%s)
  timeout 60 "$mpirun" "$@" "${lines[@]}" >"$work/stdout" 2>"$work/stderr"
  status=$?
  seconds=$(($(date +%s) - start))
  echo "process $failing failed: the run ended after $seconds s with exit status $status"
  [[ $status -ne 124 ]] || { echo "FAILED: still running after 60 s (process $failing failed)"; failed=1; }
  [[ $status -eq 1 ]] || { echo "FAILED: exit status $status, expected 1"; cat "$work/stderr"; failed=1; }
  if [[ $failing -eq 1 ]]; then
    grep -q "process 1 of 2 failed" "$work/stderr" || { echo "FAILED: process 1 is not named"; failed=1; }
  fi
  grep -q "parameter 'trials'" "$work/stderr" || { echo "FAILED: the failing message is missing"; failed=1; }
  [[ ! -e $work/long.json ]] || { echo "FAILED: an output file was written"; failed=1; }
  [[ -z $(ls "$work" | grep -v '^std') ]] || { echo "FAILED: files left behind: $(ls "$work")"; failed=1; }
done

# An output path refused on process 0 stops every process before any work.
"$mpirun" "$@" -np 2 "$cli" run classical-capacity --quiet --json /nonexistent-dir/out.json 2>"$work/stderr"
status=$?
[[ $status -eq 1 ]] || { echo "FAILED: bad --json path: exit status $status, expected 1"; failed=1; }
grep -q "nonexistent-dir" "$work/stderr" || { echo "FAILED: bad --json path not named"; failed=1; }
exit $failed
