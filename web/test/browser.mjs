// The explorer in a real browser: Debian's chromium, headless, driven by playwright-core. For every demo:
// load with no console error, move each control (sliders from the keyboard) and check that the numbers shown
// are the ones the WebAssembly core computes for those settings (the core loaded here in node), time each
// interaction (input event to painted result, measured in the page) and take screenshots into
// web/test-output/ (not committed).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import createHopfieldCore from '../src/wasm/hopfield_core.mjs';
import { parseDigits, pickDigits } from '../src/core/digits.js';
import { serve } from './static_server.mjs';

const root = new URL('..', import.meta.url).pathname;
const bytes = (path) => {
  const b = readFileSync(join(root, path));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
};
const core = await createHopfieldCore({ wasmBinary: bytes('src/wasm/hopfield_core.wasm') });
const digits = parseDigits(bytes('public/digits.bin'));
const N = digits.pixels;
const ten = pickDigits(digits, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
const shots = join(root, 'test-output');
mkdirSync(shots, { recursive: true });

const server = await serve(join(root, 'dist'));
const url = `http://127.0.0.1:${server.address().port}/`;
const profile = mkdtempSync(join(tmpdir(), 'explorer-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1200, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] ?? (await context.newPage());
const problems = [];
page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));

let failures = 0;
const results = [];
async function check(name, body) {
  current = name;
  try {
    await body();
    results.push(`ok   ${name}`);
  } catch (e) {
    failures++;
    results.push(`FAIL ${name}: ${e.message}`);
  }
}
const timings = () => page.evaluate(() => window.explorerTimings.length);
// Runs `act` and waits until `demo` has drawn a new result.
async function settle(demo, act) {
  const before = await timings();
  await act();
  await page.waitForFunction(([d, n]) => window.explorerTimings.length > n && window.explorerBusy[d] === false
    && window.explorerTimings.slice(n).some((t) => t.demo === d), [demo, before], { timeout: 60000 });
  const ms = await page.evaluate(([d, n]) => window.explorerTimings.slice(n).filter((t) => t.demo === d).at(-1).ms, [demo, before]);
  interactions.push({ demo, check: current, ms });
}
const interactions = [];
let current = '';
const value = (id) => page.locator(`#${id}`).getAttribute('data-value');
const number = async (id) => Number(await value(id));
const near = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: shown ${a}, core ${b}`);
const press = (id, key, times = 1) => async () => {
  for (let i = 0; i < times; i++) await page.locator(`#${id}`).press(key);
};

await page.goto(url);
await page.waitForFunction(() => ['recall', 'sink', 'spectrum', 'beta', 'phases', 'attention', 'capacity']
  .every((d) => window.explorerTimings.some((t) => t.demo === d)), null, { timeout: 120000 });
const loadProblems = problems.length;

// --- 1 live recall ---------------------------------------------------------------------------------------
function expectedRecall(o) {
  const stored = o.stored ?? [0, 1, 7];
  const c = core.corrupt({ neurons: N, count: 1, patterns: pickDigits(digits, [stored[o.probe ?? 0]]), noise: o.noise,
    seed: o.seed, occlude: !!o.occlude, width: 28, top: 14, left: 0, height: 14, blockWidth: 28, fill: -1 });
  return core.recallTrajectory({ neurons: N, count: stored.length, patterns: pickDigits(digits, stored), probe: c.patterns,
    rule: o.rule, beta: o.beta ?? 0.05, interaction: o.interaction ?? 'polynomial', degree: o.degree ?? 3, seed: o.seed, maxSweeps: 100 });
}
async function checkRecall(o, what) {
  const t = expectedRecall(o);
  assert.equal(t.error, undefined);
  near(await number('recall-energy'), t.energies.at(-1), `${what} energy`);
  assert.equal(await number('recall-sweeps'), t.sweeps, `${what} sweeps`);
}
const recall = { rule: 'pseudoinverse', noise: 0.15, seed: 42 };
await check('recall: defaults', () => checkRecall(recall, 'defaults'));
await check('recall: noise slider (keyboard)', async () => {
  await settle('recall', press('recall-noise', 'ArrowRight', 10));
  recall.noise = 0.25;
  await checkRecall(recall, 'noise 0.25');
});
await check('recall: seed slider', async () => {
  await settle('recall', press('recall-seed', 'ArrowRight'));
  recall.seed = 43;
  await checkRecall(recall, 'seed 43');
});
for (const rule of ['hebb', 'storkey', 'dense', 'modern']) {
  await check(`recall: rule ${rule}`, async () => {
    await settle('recall', () => page.selectOption('#recall-rule', rule));
    recall.rule = rule;
    recall.beta = 10 ** -1.3;
    await checkRecall(recall, rule);
  });
}
await check('recall: β slider', async () => {
  await settle('recall', press('recall-beta', 'ArrowRight', 4));
  recall.beta = 10 ** Number(await page.locator('#recall-beta').inputValue());
  await checkRecall(recall, 'β');
});
await check('recall: dense exponential', async () => {
  await settle('recall', () => page.selectOption('#recall-rule', 'dense'));
  await settle('recall', () => page.selectOption('#recall-degree', 'exp'));
  Object.assign(recall, { rule: 'dense', interaction: 'exponential', degree: 2 });
  await checkRecall(recall, 'dense exp');
});
await check('recall: occlusion, Hebb, unit by unit', async () => {
  await settle('recall', () => page.selectOption('#recall-rule', 'hebb'));
  await settle('recall', () => page.locator('#recall-occlude').check());
  await settle('recall', () => page.selectOption('#recall-mode', 'unit'));
  Object.assign(recall, { rule: 'hebb', occlude: true });
  await checkRecall(recall, 'occluded');
});
await check('recall: store another digit from the gallery, probe it', async () => {
  await settle('recall', () => page.click('#recall-store-3'));
  await settle('recall', () => page.selectOption('#recall-probe', '3'));
  Object.assign(recall, { stored: [0, 1, 7, 3], probe: 3 });
  await checkRecall(recall, 'four stored');
});
await check('recall: drawing on the probe inks the pixel and reruns the recall', async () => {
  const before = await number('recall-ink');
  const box = await page.locator('#recall figure canvas').first().boundingBox();
  for (const [fx, fy] of [[0.02, 0.02], [0.98, 0.02]]) {
    await settle('recall', async () => {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
      await page.mouse.down();
      await page.mouse.up();
    });
  }
  await page.waitForFunction((n) => Number(document.querySelector('#recall-ink').dataset.value) !== n, before, { timeout: 20000 });
  const after = await number('recall-ink');
  assert.ok(after > before && after <= before + 2, `ink ${before} -> ${after}`);
});
await page.locator('#recall').screenshot({ path: join(shots, 'recall.png') });

// --- 2 bias sink -----------------------------------------------------------------------------------------
const sink = { noise: 0.15, seed: 42, centre: false, zeroField: 'keep', set: 0 };
async function checkSink(what) {
  const which = Array.from({ length: 10 }, (_, c) => 10 * sink.set + c);
  const r = core.biasSink({ neurons: N, count: 10, patterns: pickDigits(digits, which), noise: sink.noise, seed: sink.seed,
    centre: sink.centre, zeroField: sink.zeroField });
  near(await number('sink-similarity'), r.meanSimilarity, `${what} similarity`);
  assert.equal(await number('sink-distinct'), r.distinct, `${what} distinct`);
  near(await number('sink-overlap'), r.sinkOverlap, `${what} sink overlap`);
}
await check('sink: defaults (the CLI run: similarity 1.000)', async () => {
  await checkSink('defaults');
  assert.ok(await number('sink-similarity') > 0.99);
});
await check('sink: noise slider', async () => {
  await settle('sink', press('sink-noise', 'ArrowLeft', 5));
  sink.noise = 0.1;
  await checkSink('noise 0.10');
});
await check('sink: centring', async () => {
  await settle('sink', () => page.locator('#sink-centre').check());
  sink.centre = true;
  await checkSink('centred');
  assert.ok(await number('sink-distinct') > 1);
});
await check('sink: sign(0) = +1', async () => {
  await settle('sink', () => page.locator('#sink-plus').check());
  sink.zeroField = 'plus';
  await checkSink('plus');
});
await check('sink: another digit set and seed', async () => {
  await settle('sink', () => page.selectOption('#sink-set', '2'));
  await settle('sink', press('sink-seed', 'ArrowRight'));
  Object.assign(sink, { set: 2, seed: 43 });
  await checkSink('set 2');
});
await page.locator('#sink').screenshot({ path: join(shots, 'sink.png') });

// --- 3 spectrum -----------------------------------------------------------------------------------------
const slider = new core.SpectrumSlider({ neurons: N, count: 10, patterns: ten, noise: 0.15, seed: 42 });
async function checkSpectrum(a, what) {
  const r = slider.at(a);
  near(await number('spectrum-l1'), r.eigenvalues[0], `${what} λ1`);
  near(await number('spectrum-l2'), r.eigenvalues[1], `${what} λ2`);
  assert.equal(await number('spectrum-exact'), r.exact.reduce((s, v) => s + v, 0), `${what} exact`);
}
await check('spectrum: a = 0', () => checkSpectrum(0, 'a = 0'));
await check('spectrum: a slider to 1 (End) and back by 0.1', async () => {
  await settle('spectrum', press('spectrum-a', 'End'));
  await checkSpectrum(1, 'a = 1');
  near(await number('spectrum-l1'), 1, 'λ1 of W_PI');
  await settle('spectrum', press('spectrum-a', 'ArrowLeft', 10));
  await checkSpectrum(0.9, 'a = 0.9');
});
slider.delete();
await check('spectrum: noise slider', async () => {
  await settle('spectrum', press('spectrum-noise', 'ArrowRight', 5));
  const s = new core.SpectrumSlider({ neurons: N, count: 10, patterns: ten, noise: 0.2, seed: 42 });
  const r = s.at(0.9);
  s.delete();
  assert.equal(await number('spectrum-exact'), r.exact.reduce((t, v) => t + v, 0));
});
await page.locator('#spectrum').screenshot({ path: join(shots, 'spectrum.png') });

// --- 4 β slider ---------------------------------------------------------------------------------------------
async function checkBeta(what) {
  const logBeta = Number(await page.locator('#beta-beta').inputValue());
  const k = Number(await page.locator('#beta-probe').inputValue());
  const noise = Number(await page.locator('#beta-noise').inputValue());
  const c = core.corrupt({ neurons: N, count: 1, patterns: pickDigits(digits, [k]), noise, seed: 42 });
  const r = core.betaRetrieval({ neurons: N, count: 10, patterns: ten, probe: c.patterns, beta: 10 ** logBeta });
  near(await number('beta-entropy'), r.entropy, `${what} entropy`);
  assert.equal(await value('beta-kind'), r.kind.replace('-', ' '), `${what} kind`);
  return r;
}
await check('β: defaults', () => checkBeta('defaults'));
await check('β: slider down to the average and up to one digit', async () => {
  await settle('beta', press('beta-beta', 'Home'));
  const low = await checkBeta('β = 1e-4');
  assert.ok(low.entropy > 2.2, `entropy at small β ${low.entropy}`);
  await settle('beta', press('beta-beta', 'End'));
  const high = await checkBeta('β = 1');
  assert.ok(high.entropy < 0.01, `entropy at β = 1 ${high.entropy}`);
  await settle('beta', press('beta-beta', 'PageDown'));
  await checkBeta('β page down');
});
await check('β: probe and noise', async () => {
  await settle('beta', () => page.selectOption('#beta-probe', '8'));
  await settle('beta', press('beta-noise', 'ArrowRight', 3));
  await checkBeta('probe 8');
});
await page.locator('#beta').screenshot({ path: join(shots, 'beta.png') });

// --- 5 three phases ---------------------------------------------------------------------------------------
async function checkPhases(o, what) {
  await page.waitForFunction(() => document.querySelectorAll('#phases table.points tr').length >= 3, null, { timeout: 60000 });
  const s = new core.RandomFeaturesSweep({ neurons: o.n, alphaD: o.alphaD, sparsity: o.L, coefficients: 'signed', alphaMin: 0.01,
    alphaMax: 30, points: o.points, testExamples: 30, trainProbes: 30, maxSweeps: 100, seed: 42 });
  const hebb = s.point('hebb', 0), pi = s.point('pseudoinverse', 0);
  s.delete();
  const cells = await page.locator('#phases table.points tr').nth(1).locator('td').allTextContents();
  assert.deepEqual(cells.slice(3), ['train', 'features', 'test'].map((k) => hebb[k].mean.toFixed(3)), `${what} Hebb point 0`);
  const cellsPi = await page.locator('#phases table.points tr').nth(2).locator('td').allTextContents();
  assert.deepEqual(cellsPi.slice(3), ['train', 'features', 'test'].map((k) => pi[k].mean.toFixed(3)), `${what} PI point 0`);
}
const phases = { n: 100, alphaD: 0.05, L: 3, points: 10 };
await check('phases: defaults', () => checkPhases(phases, 'defaults'));
await check('phases: α_D slider', async () => {
  await settle('phases', press('phases-alphad', 'ArrowRight', 2));
  phases.alphaD = 0.06;
  await checkPhases(phases, 'α_D 0.06');
});
await check('phases: L and N', async () => {
  await settle('phases', () => page.selectOption('#phases-l', '5'));
  phases.L = 5;
  await checkPhases(phases, 'L 5');
  await settle('phases', () => page.selectOption('#phases-n', '200'));
  phases.n = 200;
  await checkPhases(phases, 'N 200');
});
await page.waitForFunction(() => document.querySelector('#phases .status').textContent.includes('complete'), null, { timeout: 120000 });
await page.locator('#phases').screenshot({ path: join(shots, 'phases.png') });

// --- attention and capacity --------------------------------------------------------------------------------------------
await check('attention: difference exactly 0 as the query changes', async () => {
  assert.equal(await value('attention-difference'), '0 (exactly)');
  await settle('attention', () => page.selectOption('#attention-probe', '4'));
  await settle('attention', press('attention-noise', 'ArrowRight', 10));
  assert.equal(await value('attention-difference'), '0 (exactly)');
  assert.equal(await value('attention-difference-single'), '0 (exactly)');
});
await page.locator('#attention').screenshot({ path: join(shots, 'attention.png') });
await check('capacity: trials select', async () => {
  await settle('capacity', () => page.selectOption('#capacity-trials', '2'));
  await page.waitForFunction(() => document.querySelector('#capacity-modern').dataset.value !== '', null, { timeout: 60000 });
  const c = core.classicalCapacityPoint({ neurons: 100, patterns: 13, flipFraction: 0.2, trials: 2, seed: 42 });
  near(await number('capacity-classical'), c.accuracy, 'classical p = 13');
  const m = core.modernCapacityPoint({ dimension: 64, patterns: 500, beta: 1, noise: 0.3, trials: 2, seed: 42 });
  near(await number('capacity-modern'), m.retrieved, 'modern p = 500');
});
await page.locator('#capacity').screenshot({ path: join(shots, 'capacity.png') });

// --- phone-sized layout -------------------------------------------------------------------------------------------
await check('phone layout: no horizontal scrolling at 390 px', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page is ${overflow} px wider than the screen`);
  await page.screenshot({ path: join(shots, 'phone.png'), fullPage: false });
});
await check('every control has a label', async () => {
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select')]
    .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map((e) => e.id));
  assert.deepEqual(unlabelled, []);
});
await check('no console error or failed request', () => assert.deepEqual(problems, [], `${loadProblems} at load`));

const all = await page.evaluate(() => window.explorerTimings);
await context.close();
server.close();
rmSync(profile, { recursive: true, force: true });

console.log(results.join('\n'));
console.log('\ntime per interaction (input event to painted result, ms; the first entry of each demo is its load):');
const demos = [...new Set(all.map((t) => t.demo))];
for (const d of demos) {
  const ms = all.filter((t) => t.demo === d).slice(1).map((t) => t.ms).sort((a, b) => a - b);
  if (ms.length === 0) continue;
  console.log(`  ${d.padEnd(10)} n = ${String(ms.length).padStart(2)}  median ${ms[Math.floor(ms.length / 2)].toFixed(1).padStart(6)}  max ${ms.at(-1).toFixed(1).padStart(6)}`);
}
console.log('slowest interactions (ms):');
for (const t of [...interactions].sort((a, b) => b.ms - a.ms).slice(0, 5)) console.log(`  ${t.ms.toFixed(1).padStart(7)}  ${t.check}`);
console.log(`screenshots: ${shots}`);
if (failures > 0) {
  console.error(`${failures} browser check(s) failed`);
  process.exit(1);
}
