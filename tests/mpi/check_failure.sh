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

# An output path refused on process 0 stops every process before any work.
"$mpirun" "$@" -np 2 "$cli" run classical-capacity --quiet --json /nonexistent-dir/out.json 2>"$work/stderr"
status=$?
[[ $status -eq 1 ]] || { echo "FAILED: bad --json path: exit status $status, expected 1"; failed=1; }
grep -q "nonexistent-dir" "$work/stderr" || { echo "FAILED: bad --json path not named"; failed=1; }
exit $failed
