// Demo 2, the bias sink: ten digits stored with the Hebb rule, their noisy probes, where each ends, the
// similarity matrix of the end states and the mean pattern beside the sink; centring and sign(0) = +1.
import type { DigitSet } from '../core/digits.js';
import { pickDigits } from '../core/digits.js';
import { checkbox, drawImage, drawMatrix, el, imageCanvas, interaction, readout, request, select, slider } from '../ui';

const CATEGORY = ['own digit', 'its negation', 'another digit', "another's negation"];

export function sinkDemo(root: HTMLElement, digits: DigitSet) {
  const N = digits.pixels;
  const controls = el('div', { class: 'controls' });
  const views = el('div', { class: 'views' });
  root.append(controls, views);
  const set = select(controls, 'sink-set', 'Digits', Array.from({ length: 5 }, (_, j) => [String(j), j === 0 ? 'first of each class (as the CLI)' : `image ${j + 1} of each class`] as [string, string]), '0');
  const noise = slider(controls, 'sink-noise', 'Noise (flip probability)', 0, 0.5, 0.01, 0.15, (v) => v.toFixed(2));
  const seed = slider(controls, 'sink-seed', 'Seed', 0, 99, 1, 42);
  const centre = checkbox(controls, 'sink-centre', 'Centre the patterns (subtract the mean pattern)');
  const plus = checkbox(controls, 'sink-plus', 'sign(0) = +1 (instead of: a unit with field 0 keeps its state)');
  const status = el('p', { class: 'status', role: 'status' });
  controls.append(status);

  const rows = el('div', { class: 'grid-rows' });
  const probeRow = el('div', { class: 'row' }), endRow = el('div', { class: 'row' });
  rows.append(el('p', { class: 'hint' }, 'Noisy probes'), probeRow, el('p', { class: 'hint' }, 'Where each ends'), endRow);
  views.append(rows);
  const side = el('div', { class: 'pictures' });
  const matrix = imageCanvas(side, 'similarity of the end states', 'digit matrix');
  const mean = imageCanvas(side, 'mean pattern');
  const sink = imageCanvas(side, 'sign(mean) — the sink');
  views.append(side);
  const out = el('div', { class: 'readouts' });
  views.append(out);
  const showSimilarity = readout(out, 'sink-similarity', 'mean pairwise similarity of the end states');
  const showDistinct = readout(out, 'sink-distinct', 'distinct end states');
  const showSinkOverlap = readout(out, 'sink-overlap', 'mean overlap with sign(mean)');
  const showOwn = readout(out, 'sink-own', 'recalls equal to their own digit');
  const showNegated = readout(out, 'sink-negated', 'ends nearest a negation');

  function update() {
    const done = interaction('sink', status);
    const j = Number(set.value);
    const which = Array.from({ length: 10 }, (_, c) => 10 * j + c);
    const params = { neurons: N, count: 10, patterns: pickDigits(digits, which), noise: Number(noise.value),
      seed: Number(seed.value), centre: centre.checked, zeroField: plus.checked ? 'plus' : 'keep' };
    request('sink', 'sink', params, (r) => {
      if (r.error) return void (status.textContent = r.error);
      probeRow.replaceChildren();
      endRow.replaceChildren();
      for (let k = 0; k < 10; k++) {
        drawImage(imageCanvas(probeRow, String(digits.labels[which[k]]), 'digit small').canvas, r.probes.subarray(k * N, (k + 1) * N));
        drawImage(imageCanvas(endRow, CATEGORY[r.categories[k]], 'digit small').canvas, r.ends.subarray(k * N, (k + 1) * N));
      }
      drawMatrix(matrix.canvas, r.similarity, 10);
      drawImage(mean.canvas, r.mean);
      drawImage(sink.canvas, Array.from(r.mean as Float64Array, (v) => (v >= 0 ? 1 : -1)));
      showSimilarity(r.meanSimilarity);
      showDistinct(r.distinct);
      showSinkOverlap(r.sinkOverlap);
      showOwn(r.exact.reduce((a: number, b: number) => a + b, 0));
      showNegated(Array.from(r.categories as Float64Array).filter((c) => c === 1 || c === 3).length);
      done();
    });
  }
  for (const c of [set, noise, seed, centre, plus]) c.addEventListener('change', update);
  for (const c of [noise, seed]) c.addEventListener('input', update);
  update();
}
