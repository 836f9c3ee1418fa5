// The WebAssembly core against the native library: the same calls on the same digits and seeds must give
// the same numbers. The native numbers come from web/native/explorer_reference (built in the Release build
// folder); scripts/test_web.sh writes them to the JSON file named by EXPLORER_REFERENCE.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import createHopfieldCore from '../src/wasm/hopfield_core.mjs';
import { parseDigits, pickDigits } from '../src/core/digits.js';

const root = new URL('..', import.meta.url);
const bytes = (path) => {
  const b = readFileSync(new URL(path, root));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
};
const core = await createHopfieldCore({ wasmBinary: bytes('src/wasm/hopfield_core.wasm') });
const digits = parseDigits(bytes('public/digits.bin'));
if (!process.env.EXPLORER_REFERENCE) throw new Error('set EXPLORER_REFERENCE to the native reference JSON');
const reference = JSON.parse(readFileSync(process.env.EXPLORER_REFERENCE, 'utf8'));
const N = digits.pixels;
const ten = pickDigits(digits, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
const one = (k) => pickDigits(digits, [k]);
const sessions = [];
after(() => sessions.forEach((s) => s.delete()));

const noError = (out) => {
  assert.equal(out.error, undefined, out.error);
  return out;
};
const closeTo = (actual, expected, tolerance, what) => {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]));
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance * scale,
      `${what}[${i}]: ${actual[i]} vs native ${expected[i]}`);
  }
};

test('the ten stored digits are the first of each class, in class order', () => {
  assert.deepEqual([...digits.labels.slice(0, 10)], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(N, 784);
});

test('a Hebb recall trajectory: the same probe, states after every sweep and energies as native', () => {
  const ref = reference.hebbTrajectory;
  const probe = noError(core.corrupt({ neurons: N, count: 1, patterns: one(ref.digit), noise: ref.noise, seed: ref.noiseSeed })).patterns;
  assert.deepEqual([...probe], ref.probe);
  const t = noError(core.recallTrajectory({ neurons: N, count: 10, patterns: ten, probe, rule: 'hebb',
    seed: ref.recallSeed, maxSweeps: 100, units: true }));
  assert.equal(t.sweeps, ref.sweeps);
  assert.deepEqual([...t.energies], ref.energies);
  assert.deepEqual([...t.frames], ref.frames.flat());
  // The unit-by-unit replay: every flip lowers the energy (asynchronous dynamics, W_ii = 0) and the last
  // flip lands on the final state's energy.
  assert.ok(t.flipUnits.length > 0);
  let previous = ref.energies[0];
  for (const e of t.flipEnergies) {
    assert.ok(e < previous, `a flip raised the energy: ${previous} -> ${e}`);
    previous = e;
  }
  assert.ok(Math.abs(previous - ref.energies.at(-1)) < 1e-9 * Math.abs(ref.energies.at(-1)), `${previous} vs ${ref.energies.at(-1)}`);
});

test('λ₁ … λ₁₀ of W_Hebb on ten digits (p x p path in wasm) equal the native full N x N spectrum', () => {
  const slider = new core.SpectrumSlider({ neurons: N, count: 10, patterns: ten, noise: 0.15, seed: 42 });
  sessions.push(slider);
  assert.equal(slider.error(), '');
  const hebb = noError(slider.at(0));
  closeTo([...hebb.eigenvalues], reference.hebbEigenvalues, 1e-9, 'λ');
  const pseudoinverse = noError(slider.at(1));
  closeTo([...pseudoinverse.eigenvalues], new Array(10).fill(1), 1e-9, 'λ(W_PI)');
});

test('a modern retrieval: weights, entropy, one step and fixed point as native', () => {
  const ref = reference.modern;
  const probe = core.corrupt({ neurons: N, count: 1, patterns: one(ref.digit), noise: ref.noise, seed: ref.noiseSeed }).patterns;
  const r = noError(core.betaRetrieval({ neurons: N, count: 10, patterns: ten, probe, beta: ref.beta }));
  closeTo([...r.weights], ref.weights, 1e-12, 'weights');
  assert.ok(Math.abs(r.entropy - ref.entropy) < 1e-12);
  closeTo([...r.oneStep], ref.oneStep, 1e-12, 'one step');
  closeTo([...r.fixedPoint], ref.fixedPoint, 1e-12, 'fixed point');
  assert.equal(r.steps, ref.steps);
  assert.equal(r.kind, ref.kind);
  // The single-precision fused kernel (portable path natively) gives the same floats.
  const single = noError(core.recallTrajectory({ neurons: N, count: 10, patterns: ten, probe, rule: 'modern',
    beta: ref.beta, seed: 0, maxSweeps: 1 }));
  closeTo([...single.frames.subarray(N)], ref.oneStepSingle, 1e-6, 'one step (single)');
});

test('a random-features magnetisation point equals the native protocol', () => {
  const ref = reference.randomFeatures;
  const sweep = new core.RandomFeaturesSweep({ neurons: ref.neurons, alphaD: ref.alphaD, sparsity: ref.sparsity,
    coefficients: 'signed', alphaMin: ref.alphaMin, alphaMax: ref.alphaMax, points: ref.points,
    testExamples: ref.testExamples, trainProbes: ref.trainProbes, maxSweeps: 100, seed: ref.seed });
  sessions.push(sweep);
  assert.equal(sweep.error(), '');
  const point = noError(sweep.point('hebb', ref.point));
  assert.equal(point.alpha, ref.alpha);
  assert.equal(point.stored, ref.stored);
  assert.equal(point.features.mean, ref.features);
  assert.equal(point.train.mean, ref.train);
});

test('a point measured set by set (as the page does, in any order) equals the point measured at once', () => {
  const ref = reference.randomFeatures;
  const options = { neurons: ref.neurons, alphaD: ref.alphaD, sparsity: ref.sparsity, coefficients: 'signed',
    alphaMin: ref.alphaMin, alphaMax: ref.alphaMax, points: ref.points, testExamples: ref.testExamples,
    trainProbes: ref.trainProbes, maxSweeps: 100, seed: ref.seed };
  const bySet = new core.RandomFeaturesSweep(options);
  sessions.push(bySet);
  const last = ref.points - 1, cases = [['hebb', 2], ['hebb', last], ['pseudoinverse', 2], ['hebb', 2]];
  const parts = cases.map(() => ({}));
  // Sets interleaved across points and rules, so a network kept from one point cannot serve another.
  for (let set = 0; set < 3; set++)
    cases.forEach(([rule, k], c) => Object.assign(parts[c], noError(bySet.pointSet(rule, k, set))));
  cases.forEach(([rule, k], c) => {
    const whole = new core.RandomFeaturesSweep(options);  // a fresh session: nothing kept from another point
    sessions.push(whole);
    const expected = noError(whole.point(rule, k));
    for (const key of ['train', 'features', 'test']) assert.deepEqual(parts[c][key], expected[key], `${rule} ${k} ${key}`);
    assert.equal(parts[c].stored, expected.stored);
  });
  assert.match(bySet.pointSet('hebb', 0, 3).error, /set 3/);
});

test('attention = Hopfield: one step differs by exactly 0, in wasm as natively', () => {
  const probe = core.corrupt({ neurons: N, count: 1, patterns: one(0), noise: 0.1, seed: 1 }).patterns;
  const r = noError(core.attentionStep({ neurons: N, count: 10, patterns: ten, probe, beta: 0 }));
  assert.equal(r.beta, 1 / 28);
  assert.equal(r.difference, 0);
  assert.equal(r.differenceSingle, 0);
  assert.equal(reference.attentionDifference, 0);
});

test('bad input comes back as an error naming the argument', () => {
  const base = { neurons: N, count: 10, patterns: ten, probe: one(0), seed: 1, maxSweeps: 10 };
  assert.match(core.recallTrajectory({ ...base, rule: 'nonsense' }).error, /rule 'nonsense'/);
  assert.match(core.recallTrajectory({ ...base, rule: 'hebb', maxSweeps: 0 }).error, /maxSweeps/);
  assert.match(core.recallTrajectory({ ...base, count: 11, rule: 'hebb' }).error, /patterns/);
  assert.match(core.corrupt({ ...base, count: 1, patterns: one(0), noise: 2 }).error, /noise = 2/);
  const twice = pickDigits(digits, [0, 0]);
  assert.match(core.recallTrajectory({ ...base, count: 2, patterns: twice, rule: 'pseudoinverse' }).error, /Gram|singular/i);
});
