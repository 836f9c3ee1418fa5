// Shared pieces of the page: the worker client (latest request per channel wins), labelled controls,
// digit images on canvases, bar charts, and the per-interaction timing the browser test reads.
import MyWorker from './worker.ts?worker';

type Listener = (result: any, done: boolean) => void;
const worker = new MyWorker();
const listeners = new Map<string, { id: number; listener: Listener }>();
let nextId = 1;

worker.onmessage = (event: MessageEvent) => {
  const { id, channel, result, done } = event.data;
  const current = listeners.get(channel);
  if (current && current.id === id) current.listener(result, done);
};

/** Sends a request; answers to older requests on the same channel are dropped (and the worker skips them). */
export function request(channel: string, kind: string, params: any, listener: Listener) {
  const id = nextId++;
  listeners.set(channel, { id, listener });
  worker.postMessage({ id, channel, kind, params });
}

// --- timings: from the input event to the painted result ---------------------------------------------
declare global {
  interface Window {
    explorerTimings: { demo: string; ms: number }[];
    explorerBusy: Record<string, boolean>;
  }
}
window.explorerTimings = [];
window.explorerBusy = {};

/** Marks the start of an interaction of `demo`; call the returned function once its result is drawn. */
export function interaction(demo: string, status: HTMLElement) {
  const start = performance.now();
  window.explorerBusy[demo] = true;
  status.textContent = 'computing…';
  return () =>
    requestAnimationFrame(() => {
      const ms = performance.now() - start;
      window.explorerTimings.push({ demo, ms });
      window.explorerBusy[demo] = false;
      status.textContent = `updated in ${ms.toFixed(0)} ms`;
    });
}

// --- controls --------------------------------------------------------------------------------------------
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text = '') {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text) e.textContent = text;
  return e;
}

/** A labelled range input with its value shown; `format` turns the slider value into the shown text. */
export function slider(parent: HTMLElement, id: string, label: string, min: number, max: number, step: number,
  value: number, format: (v: number) => string = (v) => String(v)) {
  const row = el('div', { class: 'control' });
  const lab = el('label', { for: id }, label);
  const input = el('input', { type: 'range', id, min: String(min), max: String(max), step: String(step), value: String(value) });
  const out = el('output', { for: id, id: `${id}-value` }, format(value));
  input.addEventListener('input', () => {
    out.textContent = format(Number(input.value));
    input.setAttribute('aria-valuetext', out.textContent);
  });
  input.setAttribute('aria-valuetext', format(value));
  row.append(lab, input, out);
  parent.append(row);
  return input;
}

export function select(parent: HTMLElement, id: string, label: string, options: [string, string][], value: string) {
  const row = el('div', { class: 'control' });
  const lab = el('label', { for: id }, label);
  const s = el('select', { id });
  for (const [v, t] of options) s.append(el('option', { value: v }, t));
  s.value = value;
  row.append(lab, s);
  parent.append(row);
  return s;
}

export function checkbox(parent: HTMLElement, id: string, label: string, checked = false) {
  const row = el('div', { class: 'control' });
  const input = el('input', { type: 'checkbox', id });
  input.checked = checked;
  row.append(input, el('label', { for: id }, label));
  parent.append(row);
  return input;
}

/** A read-out: the text shown, and the full-precision number in data-value (the browser test reads it). */
export function readout(parent: HTMLElement, id: string, label: string) {
  const row = el('div', { class: 'readout' });
  const value = el('span', { id, 'data-value': '' });
  row.append(el('span', { class: 'readout-label' }, `${label}: `), value);
  parent.append(row);
  return (v: number | string, digits = 3) => {
    value.dataset.value = String(v);
    value.textContent = typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(digits)) : v;
  };
}

// --- pictures ------------------------------------------------------------------------------------------
/** Draws a 28 x 28 image: ±1 values (or any values, scaled from min to max) as ink on paper. */
export function drawImage(canvas: HTMLCanvasElement, values: ArrayLike<number>, side = 28, lo = -1, hi = 1) {
  canvas.width = side;
  canvas.height = side;
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(side, side);
  for (let i = 0; i < side * side; i++) {
    const t = Math.min(1, Math.max(0, (values[i] - lo) / (hi - lo)));
    const shade = Math.round(255 * (1 - t));
    image.data.set([shade, shade, Math.min(255, shade + 20), 255], 4 * i);
  }
  ctx.putImageData(image, 0, 0);
}

export function imageCanvas(parent: HTMLElement, label: string, cls = 'digit') {
  const figure = el('figure', { class: cls });
  const canvas = el('canvas', { role: 'img', 'aria-label': label });
  figure.append(canvas, el('figcaption', {}, label));
  parent.append(figure);
  return { canvas, caption: figure.querySelector('figcaption')! };
}

/** Vertical bars (values from lo to hi) with labels underneath; `highlight` bars drawn in the accent. */
export function drawBars(canvas: HTMLCanvasElement, values: number[], labels: string[], lo: number, hi: number,
  highlight: (i: number) => boolean = () => false) {
  const w = (canvas.width = canvas.clientWidth * devicePixelRatio || 300);
  const h = (canvas.height = canvas.clientHeight * devicePixelRatio || 150);
  const ctx = canvas.getContext('2d')!;
  ctx.clearRect(0, 0, w, h);
  const bottom = h - 18 * devicePixelRatio, top = 6 * devicePixelRatio;
  const y = (v: number) => bottom - ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (bottom - top);
  const slot = w / values.length;
  ctx.font = `${11 * devicePixelRatio}px sans-serif`;
  ctx.textAlign = 'center';
  values.forEach((v, i) => {
    ctx.fillStyle = highlight(i) ? '#c2410c' : '#2563eb';
    const y0 = y(Math.max(lo, 0)), y1 = y(v);
    ctx.fillRect(i * slot + slot * 0.15, Math.min(y0, y1), slot * 0.7, Math.max(1, Math.abs(y1 - y0)));
    ctx.fillStyle = '#333';
    ctx.fillText(labels[i], i * slot + slot / 2, h - 4 * devicePixelRatio);
  });
}

/** A p x p matrix with values in [−1, 1] as a heat map (blue −1, white 0, red +1). */
export function drawMatrix(canvas: HTMLCanvasElement, values: ArrayLike<number>, p: number) {
  canvas.width = p;
  canvas.height = p;
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(p, p);
  for (let a = 0; a < p; a++)
    for (let b = 0; b < p; b++) {
      const v = Math.max(-1, Math.min(1, values[a + b * p]));
      const rgb = v >= 0 ? [255, 255 * (1 - v), 255 * (1 - v)] : [255 * (1 + v), 255 * (1 + v), 255];
      image.data.set([...rgb.map(Math.round), 255], 4 * (a * p + b));
    }
  ctx.putImageData(image, 0, 0);
}

export const format = (v: number, digits = 3) => (Number.isInteger(v) ? String(v) : v.toFixed(digits));
