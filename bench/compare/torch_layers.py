#!/usr/bin/env python3
"""Forward + backward of one Hopfield retrieval, hopfield.nn's fused kernels against plain PyTorch eager.

The case: out = softmax(β Q Kᵀ) V with Q (B, d), K and V (p, d), β = 1/√d, then the gradients of
Σ out ⊙ W with respect to Q, K and V. Both run in the same invocation, interleaved, on the same inputs
(float32, CPU). Each (implementation, p) runs in its own process, so its peak resident memory (ru_maxrss,
minus the process's resident memory before the inputs were made) is its own.

    PYTHONPATH=build/python /usr/bin/python3 bench/compare/torch_layers.py --sizes 1000 10000 100000 1000000

Output: `# key = value` header lines, then CSV: implementation, p, seconds (median), GFLOP/s, peak MiB.
FLOP count: 7 products of 2·p·B·d (2 forward, 5 backward) = 14·p·B·d.
"""
import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time


def measure(implementation: str, count: int, batch: int, width: int, repeats: int, threads: int) -> dict:
    import torch
    from hopfield.nn import functional as F
    torch.set_num_threads(threads)
    F.set_num_threads(threads)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    g = torch.Generator().manual_seed(0)
    q = torch.randn(1, batch, width, generator=g).requires_grad_()
    k = torch.randn(1, count, width, generator=g).requires_grad_()
    v = torch.randn(1, count, width, generator=g).requires_grad_()
    w = torch.randn(1, batch, width, generator=g)
    beta = torch.full((1,), width ** -0.5)

    def step():
        if implementation == "hopfield.nn":
            out = F.retrieve(q, k, v, beta)
        else:
            out = torch.bmm(torch.softmax(torch.bmm(q, k.transpose(1, 2)) * beta.view(-1, 1, 1), dim=-1), v)
        torch.autograd.grad((out * w).sum(), (q, k, v))

    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": statistics.median(times), "peak_mib": (peak - baseline) / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--batch", type=int, default=1024)
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", choices=["hopfield.nn", "torch"], help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only:  # one measurement, in this process
        print(json.dumps(measure(args.only, args.count, args.batch, args.width, args.repeats, args.threads)))
        return 0
    import torch
    print(f"# machine = {platform.processor() or platform.machine()}, {os.cpu_count()} logical CPUs")
    print(f"# load average at start = {os.getloadavg()}")
    print(f"# torch = {torch.__version__}, threads = {args.threads}, d = {args.width}, B = {args.batch},"
          f" repeats = {args.repeats} (median)")
    print("implementation,p,seconds,gflops,peak_mib")
    for count in args.sizes:
        flops = 14.0 * count * args.batch * args.width
        for implementation in ("hopfield.nn", "torch"):
            command = [sys.executable, __file__, "--only", implementation, "--count", str(count), "--batch",
                       str(args.batch), "--width", str(args.width), "--repeats", str(args.repeats), "--threads",
                       str(args.threads)]
            run = subprocess.run(command, capture_output=True, text=True)
            if run.returncode != 0:
                reason = (run.stderr.strip().splitlines() or ["killed (out of memory?)"])[-1]
                print(f"{implementation},{count},failed,,,# {reason}", flush=True)
                continue
            result = json.loads(run.stdout)
            print(f"{implementation},{count},{result['seconds']:.4f},{flops / result['seconds'] / 1e9:.1f},"
                  f"{result['peak_mib']:.0f}", flush=True)
    print(f"# load average at end = {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
