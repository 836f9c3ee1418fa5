// The explorer page: loads the digit subset and builds the demos; all computation happens in the worker.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { parseDigits } from './core/digits.js';
import { recallDemo } from './demos/recall';
import { sinkDemo } from './demos/sink';
import { spectrumDemo } from './demos/spectrum';
import { betaDemo } from './demos/beta';
import { phasesDemo } from './demos/phases';
import { attentionDemo, capacityDemo } from './demos/extras';
import { el } from './ui';

const SECTIONS: [string, string, string][] = [
  ['recall', '1 · Live recall', 'Store digits, pick a learning rule, corrupt a probe and watch the asynchronous dynamics: the energy never rises, and the overlaps show which memory wins. With Hebb on MNIST digits the state often falls into the bias sink (demo 2); the pseudoinverse and the modern network recall.'],
  ['sink', '2 · The bias sink', 'Ten digits stored with the Hebb rule: their noisy probes all end in nearly the same state, close to the sign of the mean pattern, because MNIST digits share most of their background. Centring removes the sink; with sign(0) = +1 centred recalls land on negations.'],
  ['spectrum', '3 · Hebb ↔ pseudoinverse spectrum', 'W(a) = (1 − a)·W_Hebb + a·W_PI. At a = 0 one eigenvalue (along the mean pattern) towers over the rest; at a = 1 all ten equal 1 and every digit is a fixed point.'],
  ['beta', '4 · The β slider', 'The modern Hopfield update ξ ← X softmax(β Xᵀξ): small β averages all stored digits, large β picks the nearest. The fixed point is classified by how many digits carry 90 % of the softmax mass.'],
  ['phases', '5 · Three phases (random features)', 'Examples ξ = sign(F c) mix L of D random features. As α = p/N grows, stored examples stop being attractors (storage), features become attractors (learning), then unseen test examples do too (generalisation). The curves are computed now, point by point, with the full dynamics; no phase bands are drawn in.'],
  ['attention', 'Attention = Hopfield', 'One modern Hopfield step and scaled dot-product attention with Q = ξ, K = V = X and β = 1/√d, computed by two different library functions.'],
  ['capacity', 'Classical vs modern capacity', 'The classical network (Hebb, N = 100) loses patterns beyond about 0.14 N; the modern network (d = 64) retrieves hundreds in one step.'],
];

async function start() {
  const response = await fetch(new URL('digits.bin', document.baseURI));
  if (!response.ok) throw new Error(`digits.bin: HTTP ${response.status}`);
  const digits = parseDigits(await response.arrayBuffer());
  const app = document.getElementById('app')!;
  app.replaceChildren();
  const builders: Record<string, (root: HTMLElement) => void> = {
    recall: (r) => recallDemo(r, digits),
    sink: (r) => sinkDemo(r, digits),
    spectrum: (r) => spectrumDemo(r, digits),
    beta: (r) => betaDemo(r, digits),
    phases: (r) => phasesDemo(r),
    attention: (r) => attentionDemo(r, digits),
    capacity: (r) => capacityDemo(r),
  };
  for (const [id, title, text] of SECTIONS) {
    const section = el('section', { id, 'aria-labelledby': `${id}-title` });
    section.append(el('h2', { id: `${id}-title` }, title), el('p', { class: 'intro' }, text));
    const body = el('div', { class: 'demo' });
    section.append(body);
    app.append(section);
    builders[id](body);
  }
  document.getElementById('data-note')!.textContent =
    `Digits: ${digits.count} images of the MNIST test set (Y. LeCun, C. Cortes and C. J. C. Burges), the first ` +
    `${digits.count / 10} of each class in file order, binarised at pixel/255 > 0.5 by the library's reader ` +
    `(the first ten are the ones the command-line experiments store with selection "first"). Models: Hopfield (1982); ` +
    `Personnaz, Guyon & Dreyfus (1985); Storkey (1997); Krotov & Hopfield (2016); Ramsauer et al. (2020); ` +
    `Kalaj, Lauditi, Perugini, Lucibello, Malatesta & Negri (2024).`;
}

start().catch((failure) => {
  document.getElementById('app')!.textContent = `The explorer could not start: ${failure}`;
  console.error(failure);
});
