// Attention = Hopfield (one step of each, side by side, and their difference) and the classical vs modern
// capacity curves, computed point by point.
import uPlot from 'uplot';
import type { DigitSet } from '../core/digits.js';
import { pickDigits } from '../core/digits.js';
import { drawImage, el, imageCanvas, interaction, readout, request, select, slider } from '../ui';

export function attentionDemo(root: HTMLElement, digits: DigitSet) {
  const N = digits.pixels;
  const controls = el('div', { class: 'controls' });
  const views = el('div', { class: 'views' });
  root.append(controls, views);
  const probe = select(controls, 'attention-probe', 'Query digit', Array.from({ length: 10 }, (_, k) => [String(k), String(k)] as [string, string]), '0');
  const noise = slider(controls, 'attention-noise', 'Noise (flip probability)', 0, 0.5, 0.01, 0.1, (v) => v.toFixed(2));
  const status = el('p', { class: 'status', role: 'status' });
  controls.append(status);
  const pictures = el('div', { class: 'pictures' });
  const query = imageCanvas(pictures, 'query ξ');
  const hop = imageCanvas(pictures, 'Hopfield: X softmax(β Xᵀξ)');
  const att = imageCanvas(pictures, 'attention: V softmax(KᵀQ/√d)');
  views.append(pictures);
  const out = el('div', { class: 'readouts' });
  views.append(out);
  const showBeta = readout(out, 'attention-beta', 'β = 1/√d');
  const showDiff = readout(out, 'attention-difference', 'largest difference, double precision');
  const showDiffSingle = readout(out, 'attention-difference-single', 'largest difference, single precision');
  const patterns = pickDigits(digits, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  function update() {
    const done = interaction('attention', status);
    request('attention', 'attention', { neurons: N, count: 10, patterns, clean: pickDigits(digits, [Number(probe.value)]), noise: Number(noise.value), seed: 1, beta: 0 }, (r) => {
      if (r.error) return void (status.textContent = r.error);
      drawImage(query.canvas, r.probe);
      const lo = Math.min(...r.hopfield), hi = Math.max(...r.hopfield);
      drawImage(hop.canvas, r.hopfield, 28, lo, hi);
      drawImage(att.canvas, r.attention, 28, lo, hi);
      showBeta(r.beta, 5);
      showDiff(r.difference === 0 ? '0 (exactly)' : r.difference.toExponential(2));
      showDiffSingle(r.differenceSingle === 0 ? '0 (exactly)' : r.differenceSingle.toExponential(2));
      done();
    });
  }
  for (const c of [probe, noise]) c.addEventListener('change', update);
  noise.addEventListener('input', update);
  update();
}

export function capacityDemo(root: HTMLElement) {
  const controls = el('div', { class: 'controls' });
  const views = el('div', { class: 'views' });
  root.append(controls, views);
  const trials = select(controls, 'capacity-trials', 'Trials per point', [['2', '2'], ['5', '5'], ['20', '20']], '5');
  const status = el('p', { class: 'status', role: 'status' });
  controls.append(status);
  const classicalBox = el('div', { class: 'chart' }), modernBox = el('div', { class: 'chart' });
  views.append(classicalBox, modernBox);
  const out = el('div', { class: 'readouts' });
  views.append(out);
  const showClassical = readout(out, 'capacity-classical', 'classical, bit accuracy at p = 13');
  const showModern = readout(out, 'capacity-modern', 'modern, retrieved at p = 500');
  let plots: uPlot[] = [];
  const classicalGrid = [1, 3, 5, 7, 9, 10, 11, 13, 15, 17, 20, 25, 30];
  const modernGrid = [5, 10, 20, 50, 100, 200, 500];
  function update() {
    const done = interaction('capacity', status);
    const c: (number | null)[] = classicalGrid.map(() => null), e: (number | null)[] = classicalGrid.map(() => null);
    const m: (number | null)[] = modernGrid.map(() => null);
    // The charts are made once and given new data per point (rebuilding them per point costs more than
    // the point itself).
    const build = () => {
      const w = Math.min(420, classicalBox.clientWidth || 320);
      plots = [
        new uPlot({ width: w, height: 200, title: 'classical Hebb, N = 100, 20 % flipped', scales: { x: { time: false }, y: { auto: false, range: [0, 1.02] } },
          series: [{ label: 'p' }, { label: 'bit accuracy', stroke: '#2563eb', width: 2 }, { label: 'exact', stroke: '#c2410c', width: 2 }] }, [classicalGrid, c, e] as any, classicalBox),
        new uPlot({ width: w, height: 200, title: 'modern, d = 64, β = 1, one step, 30 % noise', scales: { x: { time: false, distr: 3 }, y: { auto: false, range: [0, 1.02] } },
          series: [{ label: 'p' }, { label: 'retrieved', stroke: '#16a34a', width: 2 }] }, [modernGrid, m] as any, modernBox),
      ];
    };
    const draw = () => {
      plots[0].setData([classicalGrid, c, e] as any);
      plots[1].setData([modernGrid, m] as any);
    };
    if (plots.length === 0) build();
    draw();
    let first = true;
    const finish = () => first && ((first = false), done());
    const t = Number(trials.value);
    request('capacity-classical', 'capacity', { model: 'classical', grid: classicalGrid, neurons: 100, flipFraction: 0.2, trials: t, seed: 42 }, (r) => {
      if (r.error || r.point.error) return void (status.textContent = r.error ?? r.point.error);
      c[r.k] = r.point.accuracy;
      e[r.k] = r.point.exact;
      if (r.point.p === 13) showClassical(r.point.accuracy, 4);
      draw();
      finish();
    });
    request('capacity-modern', 'capacity', { model: 'modern', grid: modernGrid, dimension: 64, beta: 1, noise: 0.3, trials: t, seed: 42 }, (r) => {
      if (r.error || r.point.error) return void (status.textContent = r.error ?? r.point.error);
      m[r.k] = r.point.retrieved;
      if (r.point.p === 500) showModern(r.point.retrieved, 4);
      draw();
    });
  }
  trials.addEventListener('change', update);
  update();
}
