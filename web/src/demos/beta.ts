// Demo 4, the β slider: the modern network on the ten first digits; the softmax retrieval weights of a
// noisy probe as bars with their entropy, the one-step retrieval (= attention) morphing from the average to
// the nearest digit, and the kind of fixed point the iteration reaches.
import type { DigitSet } from '../core/digits.js';
import { pickDigits } from '../core/digits.js';
import { drawBars, drawImage, el, imageCanvas, interaction, readout, request, select, slider } from '../ui';

export function betaDemo(root: HTMLElement, digits: DigitSet) {
  const N = digits.pixels;
  const controls = el('div', { class: 'controls' });
  const views = el('div', { class: 'views' });
  root.append(controls, views);
  const beta = slider(controls, 'beta-beta', 'β (log₁₀ scale)', -4, 0, 0.02, -1.7, (v) => `β = ${(10 ** v).toPrecision(3)}`);
  const probe = select(controls, 'beta-probe', 'Probe digit', Array.from({ length: 10 }, (_, k) => [String(k), String(k)] as [string, string]), '3');
  const noise = slider(controls, 'beta-noise', 'Noise (flip probability)', 0, 0.5, 0.01, 0.15, (v) => v.toFixed(2));
  const status = el('p', { class: 'status', role: 'status' });
  controls.append(status);
  const bars = el('canvas', { class: 'bars', role: 'img', 'aria-label': 'softmax retrieval weights over the ten stored digits' });
  views.append(bars);
  const pictures = el('div', { class: 'pictures' });
  const probeView = imageCanvas(pictures, 'noisy probe');
  const oneStep = imageCanvas(pictures, 'one step (attention)');
  const fixed = imageCanvas(pictures, 'fixed point');
  views.append(pictures);
  const out = el('div', { class: 'readouts' });
  views.append(out);
  const showEntropy = readout(out, 'beta-entropy', 'entropy of the weights (nats; log 10 = 2.303)');
  const showTop = readout(out, 'beta-top', 'largest weight');
  const showKind = readout(out, 'beta-kind', 'fixed point');
  const showCarrying = readout(out, 'beta-carrying', 'digits carrying 90 % of the mass at the fixed point');
  const patterns = pickDigits(digits, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

  function update() {
    const done = interaction('beta', status);
    const k = Number(probe.value);
    request('beta', 'beta', { neurons: N, count: 10, patterns, clean: pickDigits(digits, [k]), noise: Number(noise.value), seed: 42, beta: 10 ** Number(beta.value) }, (r) => {
      if (r.error) return void (status.textContent = r.error);
      const w: number[] = Array.from(r.weights);
      drawBars(bars, w, w.map((_, j) => String(j)), 0, 1, (j) => j === k);
      drawImage(probeView.canvas, r.probe);
      const range = (v: Float64Array) => [Math.min(...v), Math.max(...v)];
      drawImage(oneStep.canvas, r.oneStep, 28, ...(range(r.oneStep) as [number, number]));
      drawImage(fixed.canvas, r.fixedPoint, 28, ...(range(r.fixedPoint) as [number, number]));
      showEntropy(r.entropy, 4);
      showTop(Math.max(...w), 4);
      showKind(r.kind.replace('-', ' '));
      showCarrying(r.carrying);
      done();
    });
  }
  for (const c of [beta, probe, noise]) c.addEventListener('change', update);
  for (const c of [beta, noise]) c.addEventListener('input', update);
  update();
}
