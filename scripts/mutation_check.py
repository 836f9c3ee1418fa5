#!/usr/bin/python3
"""A small mutation check: does the test suite catch deliberate bugs in the kernels, the models and the experiments?

Each mutant replaces one exact piece of source text (a flipped comparison, a dropped term, a broken index),
rebuilds the test program, runs the tests named for it, and restores the file. A mutant is "caught" when at least
one test fails (or the build fails), "missed" otherwise. The tree is restored after every mutant, also on Ctrl-C.

    /usr/bin/python3 scripts/mutation_check.py [BUILD_DIR [WORDS]]  # default build-mutants (configured if absent);
                                                                    # WORDS: only mutants whose meaning has them
"""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

# (file, original text, mutated text, gtest filter, what the mutant breaks)
MUTANTS = [
    ("src/kernels/packed_kernels.inl", "if (row_bit(row, mu)) sum += overlaps[mu];",
     "if (!row_bit(row, mu)) sum += overlaps[mu];", "Kernels.*:Classical*",
     "portable sum over set bits takes the clear bits"),
    ("src/kernels/packed_kernels.inl", "half = _mm_add_epi32(half, _mm_shuffle_epi32(half, 0xb1));", "",
     "Kernels.*:Classical*", "AVX2 sum over set bits leaves out half of its lanes"),
    ("src/kernels/packed_kernels.inl", "return static_cast<std::int32_t>(n - 2 * differ);",
     "return static_cast<std::int32_t>(n - differ);", "Kernels.*:Classical*:BinaryPatterns.*",
     "packed overlap drops the factor 2"),
    ("src/kernels/coupling_kernels.inl", "const __m256i step = _mm256_add_epi16(_mm256_add_epi16(byte, byte), parity_v);",
     "const __m256i step = _mm256_add_epi16(byte, parity_v);", "Kernels.*:PackedCouplings.*:Classical*",
     "AVX2 byte-coupling step loses its doubling"),
    ("src/kernels/fused_avx2.inl", "poly = _mm256_fmadd_ps(poly, r, _mm256_set1_ps(4.1665795894e-2f));",
     "poly = _mm256_fmadd_ps(poly, r, _mm256_set1_ps(4.1e-2f));", "Kernels.*:Modern*:Attention*",
     "fused exp polynomial coefficient off"),
    ("src/kernels/fused_avx2.inl", "const KernelIndex items = smaller(fused_block_rows, panel.count - start);",
     "const KernelIndex items = smaller(fused_block_rows, panel.count - start - 1);",
     "Kernels.*:Modern*:Attention*", "fused kernel skips the last stored item of each block"),
    ("src/kernels/kernels_portable.cpp", "rescale[b] = std::exp(running_max[b] - maximum);",
     "rescale[b] = 1.0f;", "Kernels.*", "portable online softmax forgets to rescale"),
    ("src/kernels.cpp", "if (cpu_has_avx2()) return KernelPath::Avx2;", "",
     "Kernels.*", "dispatch never picks AVX2"),
    ("src/softmax_retrieval.cpp", "maxCoeff", "minCoeff", "Modern*:Attention*:Kernels.*",
     "softmax shifted by the minimum instead of the maximum"),
    ("src/kernels/dense_kernels.inl", "total = _mm_cvtsd_f64(halves) + _mm_cvtsd_f64(_mm_unpackhi_pd(halves, halves));",
     "total = _mm_cvtsd_f64(halves);", "Kernels.*:Classical*", "AVX2 dot product drops half of its partial sums"),
    ("src/classical_fields.hpp", "return field * state_i < 0.0;", "return field * state_i <= 0.0;",
     "Classical*:Dense*:Kernels.*", "a unit with zero field flips (the tie rule broken)"),
    ("src/recall_driver.hpp", "return Rng(derive_seed(seed, static_cast<std::uint64_t>(k)));",
     "return Rng(derive_seed(seed, static_cast<std::uint64_t>(k / 2)));", "Classical*:Dense*:Kernels.*",
     "two probes share one update order (per-probe seeds broken)"),
    ("experiments/read_offs.cpp", "scores[i] >= threshold", "scores[i] > threshold",
     "ReadOffs.*:ClassicalCapacity*:ModernExperiments.*:Experiment*", "capacity read-off excludes the threshold"),
    ("experiments/capacity_protocol.hpp", "scores.exact += recalled == targets.col(k);",
     "scores.exact += recalled != targets.col(k);", "ClassicalCapacity*:Experiment*:ModernExperiments.*",
     "capacity protocol counts the failures as exact recalls"),
    ("src/random_features.cpp", "return rising ? value >= level : value < level;",
     "return rising ? value > level : value < level;", "RandomFeatures.*",
     "phase boundary read-off excludes the level"),
]


def run(command, cwd, log):
    with open(log, "a") as out:
        return subprocess.run(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT).returncode


def main():
    build = ROOT / (sys.argv[1] if len(sys.argv) > 1 else "build-mutants")
    log = build / "mutation_check.log"
    if not (build / "build.ninja").exists():
        build.mkdir(exist_ok=True)
        run(["cmake", "-S", str(ROOT), "-B", str(build), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
             "-DHOPFIELD_BUILD_TESTS=ON"], ROOT, log)
    if run(["cmake", "--build", str(build), "--target", "hopfield_tests"], ROOT, log) != 0:
        sys.exit("mutation_check: the unmutated tree does not build; see " + str(log))
    results = []
    only = sys.argv[2] if len(sys.argv) > 2 else ""
    for path, original, mutated, tests, meaning in MUTANTS:
        if only not in meaning:
            continue
        source = ROOT / path
        text = source.read_text()
        if text.count(original) < 1:
            results.append(("stale", path, meaning))
            continue
        try:
            source.write_text(text.replace(original, mutated, 1))
            if run(["cmake", "--build", str(build), "--target", "hopfield_tests"], ROOT, log) != 0:
                verdict = "caught (build)"
            else:
                failed = run([str(build / "tests" / "hopfield_tests"), "--gtest_filter=" + tests,
                              "--gtest_brief=1"], build, log)
                verdict = "caught" if failed else "MISSED"
        finally:
            source.write_text(text)
        results.append((verdict, path, meaning))
        print(f"{verdict:15} {path}: {meaning}", flush=True)
    run(["cmake", "--build", str(build), "--target", "hopfield_tests"], ROOT, log)
    caught = sum(1 for verdict, _, _ in results if verdict.startswith("caught"))
    print(f"{caught} of {len(results)} mutants caught")
    sys.exit(0 if caught == len(results) else 1)


if __name__ == "__main__":
    main()
