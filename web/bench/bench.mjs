// The WebAssembly kernels against the native library on the same inputs: the same four calls (see
// `benchmark` in web/bindings/explorer_bindings.cpp and `bench` in web/native/explorer_reference.cpp), best
// of REPEATS, one thread. Native numbers come from the JSON file given as the first argument.
//   node bench/bench.mjs native.json [REPEATS]
import { readFileSync } from 'node:fs';
import createHopfieldCore from '../src/wasm/hopfield_core.mjs';

const native = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const repeats = Number(process.argv[3] ?? 5);
const b = readFileSync(new URL('../src/wasm/hopfield_core.wasm', import.meta.url));
const core = await createHopfieldCore({ wasmBinary: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) });
const kernels = {
  'modern-step': 'one modern retrieval step, d = 64, p = 10 000, B = 256 (fused, single precision)',
  'modern-step-dense': 'the same step on the Dense path (Eigen GEMM, single precision)',
  'hebb-recall': 'classical Hebb recall, N = 784, p = 100, 100 probes, 20 % flipped (asynchronous)',
  'hebb-weights': 'Hebb weights, N = 784, p = 100 (double)',
  spectrum: 'eigenvalues of a 300 x 300 Hebb matrix (Eigen, double)',
};
console.log(`# node ${process.version}, repeats = ${repeats}, native kernel path: ${native.active.automatic}`);
console.log('| kernel | native (automatic path) ms | native (portable path) ms | wasm ms | wasm / native | wasm / native portable |');
console.log('|---|---|---|---|---|---|');
for (const [name, what] of Object.entries(kernels)) {
  core.benchmark({ kernel: name, repeats: 1 }); // warm up (first call builds the inputs)
  const r = core.benchmark({ kernel: name, repeats });
  if (r.error) throw new Error(r.error);
  const a = native.automatic[name], p = native.portable[name];
  console.log(`| ${what} | ${a.toFixed(2)} | ${p.toFixed(2)} | ${r.milliseconds.toFixed(2)} | ${(r.milliseconds / a).toFixed(2)} | ${(r.milliseconds / p).toFixed(2)} |`);
}

// The WebAssembly work behind one interaction of each demo at its default size (best of REPEATS; the page
// adds the worker round trip and drawing).
import { parseDigits, pickDigits } from '../src/core/digits.js';
const d = readFileSync(new URL('../public/digits.bin', import.meta.url));
const digits = parseDigits(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength));
const N = digits.pixels, ten = pickDigits(digits, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), three = pickDigits(digits, [0, 1, 7]);
const best = (call) => {
  let ms = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    const out = call();
    if (out?.error) throw new Error(out.error);
    ms = Math.min(ms, performance.now() - start);
  }
  return ms;
};
const probe = core.corrupt({ neurons: N, count: 1, patterns: pickDigits(digits, [0]), noise: 0.15, seed: 42 }).patterns;
const slider = new core.SpectrumSlider({ neurons: N, count: 10, patterns: ten, noise: 0.15, seed: 42 });
const sweep = new core.RandomFeaturesSweep({ neurons: 100, alphaD: 0.05, sparsity: 3, coefficients: 'signed', alphaMin: 0.01,
  alphaMax: 30, points: 10, testExamples: 30, trainProbes: 30, maxSweeps: 100, seed: 42 });
const calls = {
  'live recall (pseudoinverse, 3 digits, sweep by sweep)': () => core.recallTrajectory({ neurons: N, count: 3, patterns: three, probe, rule: 'pseudoinverse', seed: 42, maxSweeps: 100 }),
  'live recall (Hebb, 3 digits, unit by unit)': () => core.recallTrajectory({ neurons: N, count: 3, patterns: three, probe, rule: 'hebb', seed: 42, maxSweeps: 100, units: true }),
  'bias sink (10 digits)': () => core.biasSink({ neurons: N, count: 10, patterns: ten, noise: 0.15, seed: 42, centre: false, zeroField: 'keep' }),
  'spectrum slider (one a)': () => slider.at(0.5),
  'β slider (one β)': () => core.betaRetrieval({ neurons: N, count: 10, patterns: ten, probe, beta: 0.02 }),
  'three phases (one α point, Hebb, N = 100)': () => sweep.point('hebb', 5),
  'attention = Hopfield': () => core.attentionStep({ neurons: N, count: 10, patterns: ten, probe, beta: 0 }),
};
console.log('\n| demo call (WebAssembly, node) | ms |\n|---|---|');
for (const [what, call] of Object.entries(calls)) console.log(`| ${what} | ${best(call).toFixed(1)} |`);
slider.delete();
sweep.delete();
