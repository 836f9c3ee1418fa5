// Demo 5, the three phases: the random-features model with the chosen N, α_D and L; the train, feature and
// test magnetisations after the full dynamics, for Hebb and the pseudoinverse, built up point by point over
// a log grid of α = p / N. Nothing is drawn that was not computed: no phase bands.
import uPlot from 'uplot';
import { el, interaction, readout, request, select, slider } from '../ui';

const SETS = ['train', 'features', 'test'] as const;
const COLOURS = { train: '#2563eb', features: '#16a34a', test: '#c2410c' };

export function phasesDemo(root: HTMLElement) {
  const controls = el('div', { class: 'controls' });
  const views = el('div', { class: 'views' });
  root.append(controls, views);
  const neurons = select(controls, 'phases-n', 'N (neurons)', [['100', '100'], ['200', '200'], ['400', '400']], '100');
  const alphaD = slider(controls, 'phases-alphad', 'α_D = D / N', 0.01, 0.1, 0.005, 0.05, (v) => v.toFixed(3));
  const sparsity = select(controls, 'phases-l', 'L (features per example)', [['1', '1'], ['3', '3'], ['5', '5']], '3');
  const points = select(controls, 'phases-points', 'α grid points', [['7', '7'], ['10', '10'], ['13', '13']], '10');
  const status = el('p', { class: 'status', role: 'status' });
  controls.append(status);
  const chartBox = el('div', { class: 'chart wide', 'aria-label': 'final magnetisations against α' });
  views.append(chartBox);
  const out = el('div', { class: 'readouts' });
  views.append(out);
  const showD = readout(out, 'phases-d', 'D (features)');
  const showPoints = readout(out, 'phases-done', 'points computed');
  const showLast = readout(out, 'phases-last', 'last point');
  const table = el('table', { class: 'points' });
  views.append(table);
  let plot: uPlot | null = null;

  function update() {
    const done = interaction('phases', status);
    const started = performance.now();
    const n = Number(neurons.value);
    const params = { neurons: n, alphaD: Number(alphaD.value), sparsity: Number(sparsity.value), coefficients: 'signed',
      alphaMin: 0.01, alphaMax: 30, points: Number(points.value), testExamples: 30, trainProbes: 30, maxSweeps: 100, seed: 42,
      rules: ['hebb', 'pseudoinverse'] };
    showD(Math.max(1, Math.round(params.alphaD * n)));
    const grid = Array.from({ length: params.points }, (_, k) => params.alphaMin * (params.alphaMax / params.alphaMin) ** (k / (params.points - 1)));
    const curves: Record<string, (number | null)[]> = {};
    for (const rule of params.rules) for (const s of SETS) curves[`${rule} ${s}`] = grid.map(() => null);
    table.replaceChildren(el('tr', {}, ''));
    table.firstChild!.replaceWith(Object.assign(el('tr'), { innerHTML: '<th>rule</th><th>α</th><th>p</th><th>train m</th><th>features m</th><th>test m</th>' }));
    let count = 0, first = true;
    draw(grid, curves);
    request('phases', 'phases', params, (r, last) => {
      if (r.error) return void (status.textContent = r.error);
      const { k, point } = r;
      const index = Math.floor(k / params.rules.length);
      count++;
      if (!point.skipped) for (const s of SETS) if (point[s]) curves[`${point.rule} ${s}`][index] = point[s].mean;
      const row = el('tr');
      row.innerHTML = `<td>${point.rule}</td><td>${point.alpha.toPrecision(3)}</td><td>${point.stored}</td>` +
        SETS.map((s) => `<td>${point.skipped ? 'p > N' : point[s] ? point[s].mean.toFixed(3) : '—'}</td>`).join('');
      table.append(row);
      showPoints(count);
      showLast(point.skipped ? `${point.rule} α = ${point.alpha.toPrecision(3)}: skipped (p > N)` : `${point.rule} α = ${point.alpha.toPrecision(3)}: test m = ${point.test ? point.test.mean.toFixed(3) : '—'}`);
      draw(grid, curves);
      if (first) {
        first = false;
        done();
      }
      // The time to the whole curve, beside the interaction's time to its first point (the browser test
      // reports both).
      if (last) {
        status.textContent += ' — sweep complete';
        requestAnimationFrame(() => window.explorerTimings.push({ demo: 'phases-curve', ms: performance.now() - started }));
      }
    });
  }

  // The chart is made once per grid and then only given new data: rebuilding it for every point would cost
  // the page a few milliseconds per point, on the main thread.
  let plotGrid = '';
  function draw(grid: number[], curves: Record<string, (number | null)[]>) {
    const data: any[] = [grid, ...Object.values(curves)];
    const key = `${grid.join(',')}|${Object.keys(curves).join(',')}`;
    if (plot && plotGrid === key) return plot.setData(data);
    const series: uPlot.Series[] = [{ label: 'α' }];
    for (const name of Object.keys(curves)) {
      const [rule, set] = name.split(' ') as [string, (typeof SETS)[number]];
      series.push({ label: `${rule === 'hebb' ? 'Hebb' : 'PI'} ${set}`, stroke: COLOURS[set], width: 2, dash: rule === 'hebb' ? undefined : [6, 4], spanGaps: false });
    }
    plot?.destroy();
    plotGrid = key;
    plot = new uPlot({ width: Math.min(640, chartBox.clientWidth || 340), height: 260, title: 'final magnetisation m after the dynamics',
      scales: { x: { time: false, distr: 3 }, y: { auto: false, range: [-0.1, 1.05] } }, axes: [{ label: 'α = p / N' }, { label: 'm' }], series }, data, chartBox);
  }
  for (const c of [neurons, alphaD, sparsity, points]) c.addEventListener('change', update);
  update();
}
