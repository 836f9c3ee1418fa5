// Demo 3, the spectrum slider: W(a) = (1 − a) W_Hebb + a W_PI on the ten first digits; the eigenvalue bars
// (λ₁ and the gap) and where the ten noisy probes end, updated as a moves.
import type { DigitSet } from '../core/digits.js';
import { pickDigits } from '../core/digits.js';
import { drawBars, drawImage, el, imageCanvas, interaction, readout, request, slider } from '../ui';

export function spectrumDemo(root: HTMLElement, digits: DigitSet) {
  const N = digits.pixels;
  const controls = el('div', { class: 'controls' });
  const views = el('div', { class: 'views' });
  root.append(controls, views);
  const a = slider(controls, 'spectrum-a', 'a in W(a) = (1 − a) W_Hebb + a W_PI', 0, 1, 0.01, 0, (v) => v.toFixed(2));
  const noise = slider(controls, 'spectrum-noise', 'Noise (flip probability)', 0, 0.5, 0.01, 0.15, (v) => v.toFixed(2));
  const status = el('p', { class: 'status', role: 'status' });
  controls.append(status);
  const bars = el('canvas', { class: 'bars', role: 'img', 'aria-label': 'the ten eigenvalues of W(a) on the span of the digits, and the bulk' });
  views.append(bars);
  const out = el('div', { class: 'readouts' });
  views.append(out);
  const showL1 = readout(out, 'spectrum-l1', 'λ₁');
  const showL2 = readout(out, 'spectrum-l2', 'λ₂');
  const showGap = readout(out, 'spectrum-gap', 'gap λ₁ / λ₂');
  const showExact = readout(out, 'spectrum-exact', 'probes recalled exactly (of 10)');
  const showNearest = readout(out, 'spectrum-nearest', 'ends nearest their own digit (of 10)');
  const endRow = el('div', { class: 'row' });
  views.append(el('p', { class: 'hint' }, 'Where the ten noisy probes end under W(a)'), endRow);
  const patterns = pickDigits(digits, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

  function update() {
    const done = interaction('spectrum', status);
    request('spectrum', 'spectrum', { neurons: N, count: 10, patterns, noise: Number(noise.value), seed: 42, a: Number(a.value) }, (r) => {
      if (r.error) return void (status.textContent = r.error);
      const ev: number[] = Array.from(r.eigenvalues);
      drawBars(bars, [...ev, r.bulk], [...ev.map((_, j) => `λ${j + 1}`), 'bulk'], Math.min(0, r.bulk), Math.max(1.05, ev[0] * 1.05), (i) => i === 0);
      showL1(ev[0], 4);
      showL2(ev[1], 4);
      showGap(ev[0] / ev[1], 2);
      showExact(r.exact.reduce((s: number, v: number) => s + v, 0));
      showNearest(r.nearestOwn.reduce((s: number, v: number) => s + v, 0));
      endRow.replaceChildren();
      for (let k = 0; k < 10; k++) drawImage(imageCanvas(endRow, r.exact[k] ? 'exact' : '', 'digit small').canvas, r.ends.subarray(k * N, (k + 1) * N));
      done();
    });
  }
  for (const c of [a, noise]) {
    c.addEventListener('input', update);
    c.addEventListener('change', update);
  }
  update();
}
