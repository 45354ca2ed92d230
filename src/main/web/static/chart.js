// The timeline: each emotion's probability per window over the last minutes (uPlot), with a ribbon along
// the bottom in the colour of each window's label, so silence and changes of mood read at a glance. A window whose
// transcript is still pending is faded; one revised with its transcript gets a mark above its block.
import uPlot from './vendor/uPlot.esm.js';
import { colorOf, SILENCE } from './colors.js';
import { clock } from './store.js';

const RIBBON_PX = 7;
const MARK_PX = 3;
// room right of the plot for half of the last time label ("15:00"), which is centred on its tick
const PAD_RIGHT = 26;

function css(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

export class Timeline {
  constructor(el) {
    this.el = el;
    this.plot = null;
    this.labels = [];
    this.spanSec = 300;
    this.windowLabels = [];
    this.windowStates = [];
    new ResizeObserver(() => this.resize()).observe(el);
  }

  size() {
    const w = Math.max(200, this.el.clientWidth);
    return { width: w, height: w < 560 ? 200 : 260 };
  }

  resize() {
    if (this.plot) this.plot.setSize(this.size());
  }

  build(labels) {
    if (this.plot) this.plot.destroy();
    this.labels = labels;
    const axis = { stroke: css('--muted'), grid: { stroke: css('--grid'), width: 1 }, ticks: { stroke: css('--grid') } };
    const opts = {
      ...this.size(),
      padding: [8, PAD_RIGHT, 0, 0],
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      legend: { live: true },
      scales: {
        x: { time: false, range: (u, min, max) => [Math.max(0, max - this.spanSec), Math.max(max, min + 10)] },
        y: { range: [0, 1] },
      },
      axes: [
        // whole seconds and minutes only, so every tick reads as a clean m:ss
        { ...axis, values: (u, ticks) => ticks.map(t => clock(t * 1000)), space: 60,
          incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600] },
        { ...axis, values: (u, ticks) => ticks.map(t => Math.round(t * 100) + '%'), size: 52, space: 40 },
      ],
      series: [
        { label: 'time', value: (u, v) => (v == null ? '–' : clock(v * 1000)) },
        ...labels.map(l => ({
          label: l,
          stroke: colorOf(l),
          width: 2,
          points: { show: false },
          spanGaps: false,
          value: (u, v) => (v == null ? '–' : Math.round(v * 100) + '%'),
        })),
      ],
      hooks: { draw: [u => this.drawRibbon(u)] },
    };
    this.plot = new uPlot(opts, [[], ...labels.map(() => [])], this.el);
  }

  drawRibbon(u) {
    const xs = u.data[0];
    if (!xs || xs.length === 0) return;
    const ctx = u.ctx;
    const dpr = uPlot.pxRatio;
    const h = RIBBON_PX * dpr;
    const y = u.bbox.top + u.bbox.height - h;
    // a window's block runs from the previous window's end; the typical hop bounds the first block and gaps
    const steps = xs.slice(1).map((x, i) => x - xs[i]).sort((a, b) => a - b);
    const hop = steps.length ? Math.max(0.05, steps[steps.length >> 1]) : 0.5;
    ctx.save();
    for (let i = 0; i < xs.length; i++) {
      const from = i > 0 ? Math.max(xs[i - 1], xs[i] - hop) : xs[i] - hop;
      const x0 = u.valToPos(from, 'x', true);
      const x1 = u.valToPos(xs[i], 'x', true);
      const left = Math.max(x0, u.bbox.left);
      if (x1 <= left) continue;
      const label = this.windowLabels[i];
      const state = this.windowStates[i];
      ctx.globalAlpha = label === SILENCE ? 0.35 : state === 'pending' ? 0.4 : 0.95;
      ctx.fillStyle = colorOf(label);
      ctx.fillRect(left, y, x1 - left + 0.5, h);
      if (state === 'fused') {
        ctx.globalAlpha = 0.9;
        ctx.fillRect(left, y - (MARK_PX + 2) * dpr, x1 - left + 0.5, MARK_PX * dpr);
      }
    }
    ctx.restore();
  }

  /** How far (CSS px) the last x-axis label reaches past the chart's right edge; 0 or less when it is whole. */
  lastTickOverflow() {
    const u = this.plot;
    const axis = u && u.axes[0];
    if (!axis || !axis._splits || !axis._values || axis._splits.length === 0) return 0;
    let last = -1;
    axis._splits.forEach((v, i) => { if (axis._values[i] != null && axis._values[i] !== '') last = i; });
    if (last < 0) return 0;
    const ctx = u.ctx;
    ctx.save();
    ctx.font = Array.isArray(axis.font) ? axis.font[0] : ctx.font;
    const half = ctx.measureText(String(axis._values[last])).width / 2 / uPlot.pxRatio;
    ctx.restore();
    const x = u.valToPos(axis._splits[last], 'x') + u.bbox.left / uPlot.pxRatio;
    return x + half - u.width;
  }

  /**
   * labels: the model's order; data: [xs, ...columns]; windowLabels: each window's label; windowStates: each
   * window's 'pending', 'fused', 'audio' or 'silence' (store.windowState).
   */
  update(labels, data, windowLabels, spanSec, windowStates = []) {
    this.spanSec = spanSec;
    if (!this.plot || labels.length !== this.labels.length || labels.some((l, i) => l !== this.labels[i])) {
      this.build(labels);
    }
    this.windowLabels = windowLabels;
    this.windowStates = windowStates;
    this.plot.setData(data);
    this.el.dataset.points = String(data[0].length);
    this.el.dataset.pending = String(windowStates.filter(s => s === 'pending').length);
    this.el.dataset.fused = String(windowStates.filter(s => s === 'fused').length);
  }
}
