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
