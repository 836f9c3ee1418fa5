#!/usr/bin/python3
"""Side by side, from one run on one machine: our library against numpy and PyTorch doing the same work.

    bash bench/compare/run.sh [--repeats 5] [--cases classical,modern]

Ours runs through the Google Benchmark binary (build-bench/bench/hopfield_bench, JSON output); the peers
through peers.py in a fresh interpreter per measurement, interleaved with ours, at 1 and 2 threads. Torch runs
with the default allocator and with GLIBC_TUNABLES that raise glibc's mmap and trim thresholds, so large
buffers stay in the heap instead of being returned to the system and faulted in again on reuse; the better
of the two is its figure. Medians of the repeats; ratio = theirs/ours.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BINARY = os.path.join(ROOT, "build-bench", "bench", "hopfield_bench")
TUNABLES = "glibc.malloc.mmap_threshold=2147483647:glibc.malloc.trim_threshold=4294967295"

# name -> (our benchmark, how many units of "work" one of our iterations does, the peers' case)
CASES = {
    "classical": [("classical-async-784", "BM_ClassicalRecall/N:784/p:100/rule:0/probes:1000/real_time", 1000)],
    "modern": [("modern-step-d64-p100000-B1024", "BM_ModernStepFused/d:64/p:100000/B:1024/real_time", 1)],
}


def environment(threads, extra=None):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads), HOPFIELD_BENCH_LIMITS="0")
    env.update(extra or {})
    return env


def ours(benchmark, per, threads):
    out = subprocess.run([BINARY, f"--benchmark_filter=^{benchmark}$", "--benchmark_format=json"],
                         env=environment(threads), capture_output=True, text=True, check=True)
    text = "\n".join(line for line in out.stdout.splitlines() if not line.startswith("# "))
    runs = [b for b in json.loads(text)["benchmarks"] if b["name"] == benchmark]
    if not runs:
        return None
    seconds = runs[0]["real_time"] * {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[runs[0]["time_unit"]]
    return seconds / per


def peers(case, threads, tunables):
    extra = {"GLIBC_TUNABLES": TUNABLES} if tunables else {}
    out = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "peers.py"), case, "1"], env=environment(threads, extra),
                         capture_output=True, text=True, check=True)
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def limits():
    out = subprocess.run([BINARY, "--benchmark_filter=^$"], env=dict(os.environ, OMP_NUM_THREADS="2"),
                         capture_output=True, text=True, check=True)
    return {k.strip("# "): float(v) for k, v in (line.split("=") for line in out.stdout.splitlines() if line.startswith("# "))}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cases", default="classical,modern")
    parser.add_argument("--json", default=os.path.join(ROOT, "out", "compare.json"))
    args = parser.parse_args()
    if not os.path.exists(BINARY):
        sys.exit(f"compare.py: {BINARY} not found; build with -DHOPFIELD_BUILD_BENCH=ON (run.sh does)")
    machine = limits()
    print("# " + ", ".join(f"{k} = {v}" for k, v in machine.items()), flush=True)
    results = []
    for group in args.cases.split(","):
        for name, benchmark, per in CASES[group]:
            for threads in (1, 2):
                samples = {"ours": []}
                blas = ""
                for repeat in range(args.repeats):
                    value = ours(benchmark, per, threads)
                    if value is None:
                        print(f"  {name}: our benchmark {benchmark} is not built; skipped")
                        break
                    samples["ours"].append(value)
                    for tunables in ((False, True) if group == "modern" else (False,)):
                        for line in peers(group, threads, tunables):
                            if line["case"] != name:
                                continue
                            label = line["peer"] + (" (mmap tunables)" if tunables else "")
                            samples.setdefault(label, []).extend(line["seconds"])
                            blas = line["blas"]
                    print(f"  {name} threads={threads} repeat {repeat + 1}/{args.repeats}", file=sys.stderr, flush=True)
                if not samples["ours"]:
                    continue
                ours_median = statistics.median(samples["ours"])
                for peer, values in samples.items():
                    median = statistics.median(values)
                    results.append({"case": name, "threads": threads, "peer": peer, "median_seconds": median,
                                    "ratio_theirs_over_ours": median / ours_median, "samples": values, "blas": blas})
    print(f"\n| case | threads | implementation | median time per unit | theirs / ours |\n|---|---|---|---|---|")
    for r in results:
        print(f"| {r['case']} | {r['threads']} | {r['peer']} | {r['median_seconds'] * 1e3:.4g} ms | "
              f"{r['ratio_theirs_over_ours']:.1f}x |")
    if results:
        print(f"\npeers' BLAS: {results[-1]['blas']}")
    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json + ".tmp", "w") as handle:
        json.dump({"machine": machine, "results": results}, handle, indent=1)
    os.replace(args.json + ".tmp", args.json)


if __name__ == "__main__":
    main()
