// Demo 1, live recall: store digits from the gallery or drawn by hand, pick the rule, corrupt a probe (noise,
// occlusion, drawing on it) and watch the library's asynchronous dynamics, sweep by sweep or unit by unit,
// with the energy and the overlap with every stored digit plotted as they go.
import uPlot from 'uplot';
import type { DigitSet } from '../core/digits.js';
import { pickDigits } from '../core/digits.js';
import { checkbox, drawImage, el, imageCanvas, interaction, readout, request, select, slider } from '../ui';

const GALLERY = 30; // the first three images of every class

export function recallDemo(root: HTMLElement, digits: DigitSet) {
  const N = digits.pixels;
  const stored: { label: string; pattern: Float64Array; index: number }[] = [];
  const controls = el('div', { class: 'controls' });
  const views = el('div', { class: 'views' });
  root.append(controls, views);

  // Gallery: a button per digit toggles whether it is stored.
  const gallery = el('div', { class: 'gallery', role: 'group', 'aria-label': 'digits to store' });
  controls.append(el('p', { class: 'hint' }, 'Store digits (click to toggle), or draw one below:'), gallery);
  const galleryButtons: HTMLButtonElement[] = [];
  for (let k = 0; k < GALLERY; k++) {
    const button = el('button', { class: 'thumb', 'aria-pressed': 'false', id: `recall-store-${k}`,
      'aria-label': `store digit ${digits.labels[k]} (MNIST test image ${digits.indices[k]})` });
    const canvas = el('canvas');
    drawImage(canvas, pickDigits(digits, [k]));
    button.append(canvas);
    button.addEventListener('click', () => toggleStored(k));
    gallery.append(button);
    galleryButtons.push(button);
  }
  const pad = el('div', { class: 'pad-row' });
  const drawPad = el('canvas', { class: 'pad', width: '28', height: '28', 'aria-label': 'drawing pad: draw a digit with the mouse or a finger' });
  const drawn = new Float64Array(N).fill(-1);
  drawImage(drawPad, drawn);
  paint(drawPad, drawn, () => drawImage(drawPad, drawn));
  const storeDrawn = el('button', { id: 'recall-store-drawing' }, 'Store drawing');
  const clearDrawn = el('button', {}, 'Clear');
  pad.append(drawPad, el('div', {}, ''), storeDrawn, clearDrawn);
  controls.append(pad);
  storeDrawn.addEventListener('click', () => {
    stored.push({ label: 'drawn', pattern: drawn.slice(), index: -1 });
    update();
  });
  clearDrawn.addEventListener('click', () => {
    drawn.fill(-1);
    drawImage(drawPad, drawn);
  });

  const rule = select(controls, 'recall-rule', 'Rule', [['hebb', 'Hebb'], ['storkey', 'Storkey'],
    ['pseudoinverse', 'Pseudoinverse'], ['modern', 'Modern (β)'], ['dense', 'Dense (n)']], 'pseudoinverse');
  const beta = slider(controls, 'recall-beta', 'β (modern), log₁₀', -3, 0, 0.05, -1.3, (v) => `β = ${10 ** v < 0.01 ? (10 ** v).toExponential(1) : (10 ** v).toFixed(3)}`);
  const degree = select(controls, 'recall-degree', 'n (dense)', [['2', 'n = 2'], ['3', 'n = 3'], ['4', 'n = 4'], ['6', 'n = 6'], ['exp', 'exponential']], '3');
  const probeOf = select(controls, 'recall-probe', 'Probe', [], '0');
  const noise = slider(controls, 'recall-noise', 'Noise (flip probability)', 0, 0.5, 0.01, 0.15, (v) => v.toFixed(2));
  const occlude = checkbox(controls, 'recall-occlude', 'Occlude the lower half');
  const seed = slider(controls, 'recall-seed', 'Seed', 0, 99, 1, 42);
  const mode = select(controls, 'recall-mode', 'Animate', [['sweep', 'sweep by sweep'], ['unit', 'unit by unit']], 'sweep');
  const replay = el('button', { id: 'recall-play' }, 'Replay');
  controls.append(replay);
  const status = el('p', { class: 'status', role: 'status' });
  controls.append(status);

  const pictures = el('div', { class: 'pictures' });
  const probeView = imageCanvas(pictures, 'probe (draw on it)');
  const stateView = imageCanvas(pictures, 'state');
  views.append(pictures);
  const storedRow = el('div', { class: 'row' });
  views.append(el('p', { class: 'hint' }, 'Stored:'), storedRow);
  const out = el('div', { class: 'readouts' });
  views.append(out);
  const showSweeps = readout(out, 'recall-sweeps', 'sweeps (steps)');
  const showOutcome = readout(out, 'recall-outcome', 'ends at');
  const showEnergy = readout(out, 'recall-energy', 'final energy');
  const showOverlap = readout(out, 'recall-overlap', 'overlap with the probed digit');
  const showNearest = readout(out, 'recall-nearest', 'nearest stored digit');
  const showInk = readout(out, 'recall-ink', 'ink pixels in the probe');
  const energyBox = el('div', { class: 'chart', 'aria-label': 'energy trace' });
  const overlapBox = el('div', { class: 'chart', 'aria-label': 'overlaps with the stored digits' });
  views.append(energyBox, overlapBox);

  let probeEdits = new Map<number, number>();
  paint(probeView.canvas, null, (i, v) => {
    probeEdits.set(i, v);
    update();
  });
  let animation = 0;
  let energyPlot: uPlot | null = null, overlapPlot: uPlot | null = null;
  let last: any = null;

  function toggleStored(k: number) {
    const at = stored.findIndex((s) => s.index === k);
    if (at >= 0) stored.splice(at, 1);
    else stored.push({ label: String(digits.labels[k]), pattern: pickDigits(digits, [k]), index: k });
    update();
  }

  function refreshStored() {
    galleryButtons.forEach((b, k) => b.setAttribute('aria-pressed', String(stored.some((s) => s.index === k))));
    storedRow.replaceChildren();
    stored.forEach((s, j) => drawImage(imageCanvas(storedRow, `${j}: ${s.label}`, 'digit small').canvas, s.pattern));
    const before = probeOf.value;
    probeOf.replaceChildren(...stored.map((s, j) => el('option', { value: String(j) }, `stored ${j} (${s.label})`)));
    probeOf.value = before !== '' && Number(before) < stored.length ? before : '0';
  }

  function update() {
    refreshStored();
    beta.parentElement!.hidden = rule.value !== 'modern';
    degree.parentElement!.hidden = rule.value !== 'dense';
    if (stored.length === 0) {
      status.textContent = 'Store at least one digit.';
      return;
    }
    const done = interaction('recall', status);
    const patterns = new Float64Array(stored.length * N);
    stored.forEach((s, j) => patterns.set(s.pattern, j * N));
    const probe = stored[Number(probeOf.value)].pattern.slice();
    const params: any = {
      neurons: N, count: stored.length, patterns, probe, rule: rule.value, beta: 10 ** Number(beta.value),
      interaction: degree.value === 'exp' ? 'exponential' : 'polynomial', degree: degree.value === 'exp' ? 2 : Number(degree.value),
      seed: Number(seed.value), maxSweeps: 100, units: mode.value === 'unit', noise: Number(noise.value), occlude: occlude.checked,
      corruption: { noise: Number(noise.value), seed: Number(seed.value), occlude: occlude.checked, width: 28, top: 14, left: 0, height: 14, blockWidth: 28, fill: -1 },
    };
    request('recall', 'recall', params, (result) => {
      if (result.error) {
        status.textContent = result.error;
        window.explorerBusy.recall = false;
        return;
      }
      // Pixels drawn on the probe stay drawn: they are applied to the corrupted probe and the recall rerun.
      if (probeEdits.size > 0 && !params.edited) {
        const edited = result.probe.slice();
        probeEdits.forEach((v, i) => (edited[i] = v));
        params.edited = true;
        params.probe = edited;
        params.noise = 0;
        params.occlude = false;
        request('recall', 'recall', params, (r) => show(r, done));
        return;
      }
      show(result, done);
    });
  }

  function show(result: any, done: () => void) {
    if (result.error) {
      status.textContent = result.error;
      return;
    }
    last = result;
    const p = stored.length, frames = result.sweeps + 1;
    drawImage(probeView.canvas, result.frames.subarray(0, N));
    const final = result.frames.subarray(result.sweeps * N);
    const overlaps = result.overlaps.subarray(result.sweeps * p);
    let nearest = 0;
    for (let j = 1; j < p; j++) if (overlaps[j] > overlaps[nearest]) nearest = j;
    showSweeps(result.sweeps);
    showOutcome(result.outcome);
    showEnergy(result.energies[frames - 1], 4);
    showOverlap(overlaps[Number(probeOf.value)], 4);
    showNearest(`${nearest} (${stored[nearest].label})`);
    showInk(result.frames.subarray(0, N).filter((v: number) => v > 0).length);
    drawImage(stateView.canvas, final, 28, result.kind === 'binary' ? -1 : Math.min(...final), result.kind === 'binary' ? 1 : Math.max(...final));
    done();
    animate(result);
  }

  // The whole trajectory as plot series: one point per sweep (step), or per flip in unit-by-unit mode.
  function curves(result: any, unitMode: boolean) {
    const p = stored.length;
    const points = unitMode ? result.flipUnits.length + 1 : result.sweeps + 1;
    const x = Array.from({ length: points }, (_, k) => k);
    const energy = unitMode ? [result.energies[0], ...result.flipEnergies] : Array.from(result.energies as Float64Array);
    const overlaps = Array.from({ length: p }, (_, j) =>
      x.map((k) => (unitMode ? (k === 0 ? result.overlaps[j] : result.flipOverlaps[(k - 1) * p + j]) : result.overlaps[k * p + j])));
    return { x, energy, overlaps };
  }

  // The energy and overlap plots, drawn up to `shown` points as the animation advances.
  function plots(result: any, unitMode: boolean) {
    const p = stored.length;
    const c = curves(result, unitMode);
    const width = Math.min(520, energyBox.clientWidth || 320);
    const xLabel = unitMode ? 'flip' : result.kind === 'binary' ? 'sweep' : 'step';
    const xRange: [number, number] = [0, Math.max(1, c.x.length - 1)];
    const lo = Math.min(...c.energy), hi = Math.max(...c.energy), pad = Math.max(1e-9, (hi - lo) * 0.05);
    energyPlot?.destroy();
    overlapPlot?.destroy();
    energyPlot = new uPlot({ width, height: 160, title: `energy after each ${xLabel}`,
      scales: { x: { time: false, auto: false, range: xRange }, y: { auto: false, range: [lo - pad, hi + pad] } },
      series: [{ label: xLabel }, { label: 'E', stroke: '#2563eb', width: 2 }] }, [[0], [c.energy[0]]], energyBox);
    const series: uPlot.Series[] = [{ label: xLabel }];
    for (let j = 0; j < p; j++)
      series.push({ label: `${j}:${stored[j].label}`, stroke: `hsl(${(360 * j) / p}, 70%, 45%)`, width: j === Number(probeOf.value) ? 3 : 1 });
    overlapPlot = new uPlot({ width, height: 180, title: result.kind === 'binary' ? 'overlap m with each stored digit' : 'cosine with each stored digit',
      scales: { x: { time: false, auto: false, range: xRange }, y: { auto: false, range: [-1, 1] } }, series },
      [[0], ...c.overlaps.map((o) => [o[0]])] as any, overlapBox);
    return (shown: number) => {
      energyPlot!.setData([c.x.slice(0, shown), c.energy.slice(0, shown)]);
      overlapPlot!.setData([c.x.slice(0, shown), ...c.overlaps.map((o) => o.slice(0, shown))] as any);
    };
  }

  // Replays the trajectory on the state canvas and the plots: one frame per sweep, or one flip at a time
  // (the flips the recall made in a sweep, in the order that sweep visited the units).
  function animate(result: any) {
    cancelAnimationFrame(animation);
    const state = Float64Array.from(result.frames.subarray(0, N));
    const binary = result.kind === 'binary';
    const unitMode = binary && !!result.flipUnits;
    const showPlots = plots(result, unitMode);
    let step = 0, lastTime = 0;
    const total = unitMode ? result.flipUnits.length : result.sweeps;
    const perFrame = unitMode ? Math.max(1, Math.ceil(total / 90)) : 1;
    const tick = (time: number) => {
      if (time - lastTime < (unitMode ? 16 : 350)) {
        animation = requestAnimationFrame(tick);
        return;
      }
      lastTime = time;
      for (let s = 0; s < perFrame && step < total; s++, step++) {
        if (unitMode) state[result.flipUnits[step]] *= -1;
        else state.set(result.frames.subarray((step + 1) * N, (step + 2) * N));
      }
      const lo = binary ? -1 : Math.min(...state), hi = binary ? 1 : Math.max(...state);
      drawImage(stateView.canvas, state, 28, lo, hi);
      showPlots(step + 1);
      stateView.caption.textContent = unitMode ? `state: flip ${step} of ${total}` : `state after ${step} of ${total} ${binary ? 'sweeps' : 'steps'}`;
      if (step < total) animation = requestAnimationFrame(tick);
    };
    showPlots(1);
    animation = requestAnimationFrame(tick);
  }

  for (const c of [rule, beta, degree, probeOf, noise, occlude, seed, mode]) c.addEventListener('change', () => {
    if (c !== (probeOf as any)) probeEdits = new Map();
    update();
  });
  for (const c of [beta, noise, seed]) c.addEventListener('input', () => update());
  replay.addEventListener('click', () => last && animate(last));
  for (const k of [0, 1, 7]) stored.push({ label: String(digits.labels[k]), pattern: pickDigits(digits, [k]), index: k });
  update();
}

/** Pointer drawing on a 28 x 28 canvas: ink with the primary button or a finger (shift: erase). */
function paint(canvas: HTMLCanvasElement, values: Float64Array | null, changed: (i: number, v: number) => void) {
  let down = false;
  const at = (event: PointerEvent) => {
    const box = canvas.getBoundingClientRect();
    const x = Math.floor(((event.clientX - box.left) / box.width) * 28), y = Math.floor(((event.clientY - box.top) / box.height) * 28);
    if (x < 0 || y < 0 || x >= 28 || y >= 28) return;
    const v = event.shiftKey ? -1 : 1;
    for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
      const i = Math.min(27, y + dy) * 28 + Math.min(27, x + dx);
      if (values) values[i] = v;
      if (values) changed(i, v);
    }
    if (!values) changed(y * 28 + x, v);
  };
  canvas.style.touchAction = 'none';
  canvas.addEventListener('pointerdown', (e) => {
    down = true;
    canvas.setPointerCapture(e.pointerId);
    at(e);
  });
  canvas.addEventListener('pointermove', (e) => down && values && at(e));
  canvas.addEventListener('pointerup', () => (down = false));
}
