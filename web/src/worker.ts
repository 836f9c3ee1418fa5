// The Web Worker that runs the WebAssembly core, so the page never freezes. Each request names a channel
// (one per demo control group); a newer request on a channel makes the older one stale: it is skipped if
// it has not started, and a long one (a sweep computed point by point) stops at its next point.
import createHopfieldCore from './wasm/hopfield_core.mjs';
import type { HopfieldCore } from './wasm/hopfield_core.mjs';
import wasmUrl from './wasm/hopfield_core.wasm?url';

export interface Request {
  id: number;
  channel: string;
  kind: string;
  params: any;
}

const corePromise: Promise<HopfieldCore> = createHopfieldCore({
  locateFile: (path: string) => (path.endsWith('.wasm') ? wasmUrl : path),
});
const latest = new Map<string, number>();
const queue: Request[] = [];
let running = false;
let spectrum: { key: string; session: any } | null = null;
let features: { key: string; session: any } | null = null;

const stale = (r: Request) => latest.get(r.channel) !== r.id;
// Yields to the event loop (so a newer request can arrive and make the running sweep stale) through a
// message to itself: setTimeout(0) would wait at least 4 ms once nested, at every point of a sweep.
const yielder = new MessageChannel();
const resumes: (() => void)[] = [];
yielder.port1.onmessage = () => resumes.shift()?.();
const pause = () => new Promise<void>((resolve) => {
  resumes.push(resolve);
  yielder.port2.postMessage(null);
});
const post = (r: Request, result: any, done = true) => {
  const transfer: Transferable[] = [];
  self.postMessage({ id: r.id, channel: r.channel, result, done }, { transfer });
};

function spectrumSession(core: HopfieldCore, params: any) {
  const key = JSON.stringify({ ...params, a: undefined, patterns: Array.from(params.patterns.slice(0, 8)), n: params.patterns.length });
  if (!spectrum || spectrum.key !== key) {
    spectrum?.session.delete();
    spectrum = { key, session: new core.SpectrumSlider(params) };
  }
  return spectrum.session;
}

// A sweep, point by point: each point is posted as soon as it is computed.
async function pointByPoint(r: Request, points: number, compute: (k: number) => any) {
  for (let k = 0; k < points; k++) {
    if (stale(r)) return;
    post(r, { k, point: compute(k) }, k === points - 1);
    await pause();
  }
}

async function handle(core: HopfieldCore, r: Request) {
  const p = r.params;
  switch (r.kind) {
    case 'recall': {
      let probe = p.probe;
      if (p.noise > 0 || p.occlude) {
        const c = core.corrupt({ ...p.corruption, neurons: p.neurons, count: 1, patterns: p.probe });
        if (c.error) return post(r, c);
        probe = c.patterns;
      }
      const t = core.recallTrajectory({ ...p, probe });
      t.probe = probe;
      return post(r, t);
    }
    case 'sink':
      return post(r, core.biasSink(p));
    case 'spectrum': {
      const session = spectrumSession(core, p);
      const error = session.error();
      return post(r, error ? { error } : session.at(p.a));
    }
    case 'beta': {
      const c = core.corrupt({ neurons: p.neurons, count: 1, patterns: p.clean, noise: p.noise, seed: p.seed });
      if (c.error) return post(r, c);
      const out = core.betaRetrieval({ ...p, probe: c.patterns });
      out.probe = c.patterns;
      return post(r, out);
    }
    case 'attention': {
      const c = core.corrupt({ neurons: p.neurons, count: 1, patterns: p.clean, noise: p.noise, seed: p.seed });
      if (c.error) return post(r, c);
      const out = core.attentionStep({ ...p, probe: c.patterns });
      out.probe = c.patterns;
      return post(r, out);
    }
    case 'phases': {
      const key = JSON.stringify({ ...p, rules: undefined });
      if (!features || features.key !== key) {
        features?.session.delete();
        features = { key, session: new core.RandomFeaturesSweep(p) };
      }
      const session = features.session;
      const error = session.error();
      if (error) return post(r, { error });
      const alphas = session.alphas();
      const rules: string[] = p.rules;
      // Point by point, and within a point set by set (train, features, test), yielding in between: a newer
      // request waits for one set's dynamics at most, not for a whole point at large α.
      const points = alphas.length * rules.length;
      for (let k = 0; k < points; k++) {
        const rule = rules[k % rules.length], index = Math.floor(k / rules.length);
        const point: any = { rule };
        for (let set = 0; set < 3; set++) {
          if (stale(r)) return;
          const part = session.pointSet(rule, index, set);
          if (part.error) return post(r, part);
          Object.assign(point, part);
          if (part.skipped) break;
          await pause();
        }
        if (stale(r)) return;
        post(r, { k, point }, k === points - 1);
      }
      return;
    }
    case 'capacity': {
      const grid: number[] = p.grid;
      return pointByPoint(r, grid.length, (k) =>
        p.model === 'classical'
          ? { p: grid[k], ...core.classicalCapacityPoint({ ...p, patterns: grid[k] }) }
          : { p: grid[k], ...core.modernCapacityPoint({ ...p, patterns: grid[k] }) },
      );
    }
    default:
      return post(r, { error: `unknown request '${r.kind}'` });
  }
}

async function pump() {
  if (running) return;
  running = true;
  const core = await corePromise;
  while (queue.length > 0) {
    const r = queue.shift()!;
    if (stale(r)) continue;
    try {
      await handle(core, r);
    } catch (failure) {
      post(r, { error: String(failure) });
    }
  }
  running = false;
}

self.onmessage = (event: MessageEvent<Request>) => {
  latest.set(event.data.channel, event.data.id);
  queue.push(event.data);
  void pump();
};
