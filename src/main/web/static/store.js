// What the page knows about each stream, built only from the server's events (emotion and transcript JSON,
// see the README's WebSocket API). Pure: no DOM, so it is unit-tested with node.

import { SILENCE } from './colors.js';

export class StreamState {
  constructor(id) {
    this.id = id;
    this.labels = [];          // the model's label order, from the first non-silent window
    this.windows = [];         // emotion events, oldest first
    this.segments = [];        // final transcript events, oldest first
    this.partial = null;       // latest partial transcript text, or null
    this.latest = null;        // latest emotion event
    this.lastSpoken = null;    // latest emotion event that was not silence
    this.lastSeen = 0;         // Date.now() of the latest event
    this.restarts = 0;
    this.revisions = 0;        // records that revised a window in place
  }

  reset() {
    this.windows = [];
    this.segments = [];
    this.partial = null;
    this.latest = null;
    this.lastSpoken = null;
    this.restarts++;
  }
}

export class Store {
  /** keepMs: how much stream time each stream keeps (the longest chart span). */
  constructor(keepMs = 15 * 60 * 1000) {
    this.keepMs = keepMs;
    this.streams = new Map();
  }

  clear() {
    this.streams.clear();
  }

  stream(id) {
    let s = this.streams.get(id);
    if (!s) {
      s = new StreamState(id);
      this.streams.set(id, s);
    }
    return s;
  }

  /** Applies one event; returns its stream's state, or null for events this page does not use. */
  apply(ev, now = Date.now()) {
    if (!ev || typeof ev.stream !== 'string') return null;
    if (ev.type === 'emotion') return this.emotion(ev, now);
    if (ev.type === 'transcript') return this.transcript(ev, now);
    return null;
  }

  emotion(ev, now) {
    const s = this.stream(ev.stream);
    const last = s.windows[s.windows.length - 1];
    const revision = ev.revision || 0;
    if (last && ev.seq <= last.seq) {
      // a later record of a window already shown (its revision, or the record that closes it): in place
      if (revision > 0 || ev.seq === last.seq) return this.revise(s, ev, now);
      s.reset();                           // a first record with a lower seq: the stream restarted under the same id
    }
    s.windows.push(ev);
    if (s.labels.length === 0 && ev.probabilities && Object.keys(ev.probabilities).length > 0) {
      s.labels = Object.keys(ev.probabilities);
    }
    s.latest = ev;
    if (ev.label !== SILENCE) s.lastSpoken = ev;
    s.lastSeen = now;
    const oldest = ev.end_ms - this.keepMs;
    let drop = 0;
    while (drop < s.windows.length && s.windows[drop].end_ms < oldest) drop++;
    if (drop) s.windows.splice(0, drop);
    while (s.segments.length && s.segments[0].end_ms < oldest) s.segments.shift();
    return s;
  }

  /** Replaces a window's record with a later revision of it (older or repeated records are ignored). */
  revise(s, ev, now) {
    let i = s.windows.length - 1;
    while (i >= 0 && s.windows[i].seq > ev.seq) i--;
    if (i < 0 || s.windows[i].seq !== ev.seq) return s;     // fell out of the kept span (or never seen)
    const before = s.windows[i];
    if ((ev.revision || 0) <= (before.revision || 0)) return s;  // a repeat (replayed history)
    // what the first record said stays visible: the timeline and the transcript show that the window was revised
    ev.firstLabel = before.firstLabel || before.label;
    s.windows[i] = ev;
    if (s.latest && s.latest.seq === ev.seq) s.latest = ev;
    if (s.lastSpoken && s.lastSpoken.seq === ev.seq) s.lastSpoken = ev;
    s.revisions++;
    s.lastSeen = now;
    return s;
  }

  transcript(ev, now) {
    const s = this.stream(ev.stream);
    s.lastSeen = now;
    if (!ev.final) {
      s.partial = ev.text || null;
      return s;
    }
    const last = s.segments[s.segments.length - 1];
    if (last && ev.seq <= last.seq) {
      if (ev.seq === last.seq) return s;
    }
    s.partial = null;
    if (ev.text && ev.text.trim()) s.segments.push(ev);
    return s;
  }

  /** Stream ids, most recently active first. */
  ids() {
    return [...this.streams.values()].sort((a, b) => b.lastSeen - a.lastSeen).map(s => s.id);
  }
}

/**
 * The emotion of a transcript segment: the mean probabilities of the non-silent windows that overlap it,
 * and their top label; null when no window overlaps yet. `pending` counts windows whose transcript is not in yet
 * (a revision may follow), `fused` those whose label used a transcript.
 */
export function segmentEmotion(state, seg) {
  const sum = new Map();
  let n = 0;
  let pending = 0;
  let fused = 0;
  for (const w of state.windows) {
    if (w.end_ms <= seg.start_ms || w.start_ms >= seg.end_ms) continue;
    if (!w.probabilities || Object.keys(w.probabilities).length === 0) continue;
    for (const [k, v] of Object.entries(w.probabilities)) sum.set(k, (sum.get(k) || 0) + v);
    n++;
    if (w.final === false) pending++;
    if (w.modalities && w.modalities.includes('text')) fused++;
  }
  if (n === 0) return null;
  let best = null;
  let bestP = -1;
  for (const [k, v] of sum) {
    if (v > bestP) { best = k; bestP = v; }
  }
  return { label: best, confidence: bestP / n, windows: n, pending, fused };
}

/** How a window's label came about, for the page: 'silence', 'pending' (audio so far), 'fused' or 'audio'. */
export function windowState(w) {
  if (!w || w.label === SILENCE) return 'silence';
  if (w.final === false) return 'pending';
  return w.modalities && w.modalities.includes('text') ? 'fused' : 'audio';
}

/** uPlot's columns for one stream: x in seconds of stream time, one column per label (null = silence). */
export function chartData(state, spanMs) {
  const ws = state.windows;
  const end = ws.length ? ws[ws.length - 1].end_ms : 0;
  const from = end - spanMs;
  const xs = [];
  const cols = state.labels.map(() => []);
  for (const w of ws) {
    if (w.end_ms < from) continue;
    xs.push(w.end_ms / 1000);
    const p = w.probabilities || {};
    state.labels.forEach((l, i) => cols[i].push(l in p ? p[l] : null));
  }
  return [xs, ...cols];
}

/** m:ss (or h:mm:ss) of a stream time in ms. */
export function clock(ms) {
  const t = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = String(t % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
