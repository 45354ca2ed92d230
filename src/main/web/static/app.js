// The dashboard: follows /ws/events, shows the selected stream's current emotion, probabilities, timeline and
// transcript, and streams this browser's microphone to /ws/audio on demand.
import { Store, segmentEmotion, chartData, clock, windowState } from './store.js';
import { colorOf, SILENCE } from './colors.js';
import { EventFeed } from './connection.js';
import { Microphone } from './mic.js';
import { Timeline } from './chart.js';

const $ = (id) => document.getElementById(id);
const page = new URLSearchParams(window.location.search);
const token = page.get('token') || '';

const store = new Store();
const timeline = new Timeline($('chart'));
let selected = page.get('stream') || '';  // '' follows the active stream
let followed = '';                        // the stream followed while nothing is selected
const STICKY_MS = 4000;                   // a followed stream is kept while its events keep coming
let spanSec = 300;
let pending = false;
let knownIds = '';

function scheduleRender() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => { pending = false; render(); });
}

/**
 * The stream shown: the selected one, or else the followed one, which is kept while it is active (so two concurrent
 * streams do not take turns on screen) and handed over to the most recently active stream when it goes quiet.
 */
function current(now = Date.now()) {
  if (selected) return store.streams.get(selected) || null;
  const kept = followed && store.streams.get(followed);
  if (kept && now - kept.lastSeen < STICKY_MS) return kept;
  const ids = store.ids();
  followed = ids.length ? ids[0] : '';
  return followed ? store.streams.get(followed) : null;
}

function notice(text) {
  const n = $('notice');
  n.hidden = !text;
  n.textContent = text || '';
}

// ------------------------------------------------------------------ rendering

function renderStreams(st) {
  const ids = store.ids().slice().sort();
  if (selected && !ids.includes(selected)) ids.push(selected);
  const shown = st ? st.id : '';
  const name = $('shown-stream');
  name.textContent = shown ? `· ${shown}` : '';
  name.title = shown ? (selected ? 'the selected stream' : 'following the active stream') : '';
  const key = ids.join('\n') + '\n' + (selected ? '' : shown);
  if (key === knownIds) return;
  knownIds = key;
  const sel = $('stream-select');
  sel.replaceChildren();
  const follow = new Option(!ids.length ? 'waiting for a stream…' : shown && !selected ? `follow active (${shown})`
    : 'follow active', '');
  sel.add(follow);
  for (const id of ids) sel.add(new Option(id, id));
  sel.value = selected;
}

/** The big label on one line: shrinks the font for a label too long for the card (never breaks a word). */
function fitLabel(el) {
  el.style.fontSize = '';
  let size = parseFloat(getComputedStyle(el).fontSize);
  while (el.scrollWidth > el.clientWidth + 1 && size > 18) {
    size -= 2;
    el.style.fontSize = `${size}px`;
  }
}

function renderNow(st) {
  const ev = st && st.latest;
  const label = $('label');
  if (!ev) {
    label.textContent = '—';
    label.dataset.label = '';
    label.style.setProperty('--c', 'var(--muted)');
    $('confidence').textContent = st ? 'waiting for the first window' : 'no events yet';
    $('confidence-bar').style.width = '0';
    for (const id of ['smoothed', 'modalities', 'window', 'model']) $(id).textContent = '—';
    return;
  }
  const silent = ev.label === SILENCE;
  label.textContent = ev.label;
  label.dataset.label = ev.label;
  label.dataset.state = windowState(ev);
  label.dataset.seq = String(ev.seq);
  fitLabel(label);
  label.classList.toggle('silent', silent);
  label.style.setProperty('--c', colorOf(ev.label));
  const last = st.lastSpoken;
  $('confidence').textContent = !silent ? `${Math.round(ev.confidence * 100)}% confidence`
    : last ? `no speech · last: ${last.label} ${Math.round(last.confidence * 100)}%` : 'no speech yet';
  const bar = $('confidence-bar');
  bar.style.width = silent ? '0' : `${Math.round(ev.confidence * 100)}%`;
  bar.style.background = colorOf(ev.label);
  const smoothed = $('smoothed');
  smoothed.textContent = ev.smoothed_label || '—';
  smoothed.style.color = ev.smoothed_label ? colorOf(ev.smoothed_label) : '';
  const state = windowState(ev);
  $('modalities').textContent = !ev.modalities || !ev.modalities.length ? 'voice gate: silence'
    : ev.modalities.join(' + ') + (state === 'pending' ? ' · transcript pending' : ev.revision ? ` · revised (r${ev.revision})` : '');
  $('modalities').dataset.state = state;
  $('asr').hidden = !(ev.asr_lag_ms != null || ev.asr_skipped);
  $('asr').textContent = ev.asr_skipped ? 'speech recognition skipped this audio (overloaded)'
    : ev.asr_lag_ms != null ? `speech recognition ${(ev.asr_lag_ms / 1000).toFixed(1)} s behind` : '';
  $('window').textContent = `${clock(ev.start_ms)}–${clock(ev.end_ms)} · #${ev.seq}`;
  $('model').textContent = ev.model || '—';
  $('model').title = ev.model || '';
}

function renderBars(st) {
  const ul = $('bars');
  const labels = st ? st.labels : [];
  // during silence the bars keep the last spoken window, dimmed
  const shown = st && st.latest && st.latest.label !== SILENCE ? st.latest : st && st.lastSpoken;
  const probs = (shown && shown.probabilities) || {};
  ul.classList.toggle('stale', !!(st && st.latest && shown !== st.latest));
  if (ul.children.length !== labels.length || [...ul.children].some((li, i) => li.dataset.label !== labels[i])) {
    ul.replaceChildren(...labels.map(l => {
      const li = document.createElement('li');
      li.dataset.label = l;
      li.style.setProperty('--c', colorOf(l));
      li.innerHTML = '<span class="name"></span><span class="track"><span class="fill"></span></span><span class="pct"></span>';
      li.querySelector('.name').textContent = l;
      return li;
    }));
    if (labels.length === 0) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = 'Probabilities appear with the first spoken window.';
      ul.replaceChildren(li);
    }
  }
  const top = shown ? shown.label : null;
  for (const li of ul.querySelectorAll('li[data-label]')) {
    const p = probs[li.dataset.label];
    li.querySelector('.fill').style.width = p == null ? '0' : `${(p * 100).toFixed(1)}%`;
    li.querySelector('.pct').textContent = p == null ? '–' : `${Math.round(p * 100)}%`;
    li.classList.toggle('top', li.dataset.label === top);
  }
}

function renderChart(st) {
  if (!st || st.labels.length === 0) {
    timeline.update([], [[]], [], spanSec);
    return;
  }
  const data = chartData(st, spanSec * 1000);
  const from = st.windows.length - data[0].length;
  const shown = st.windows.slice(from);
  timeline.update(st.labels, data, shown.map(w => w.label), spanSec, shown.map(windowState));
}

function renderTranscript(st) {
  const ol = $('transcript');
  const stick = ol.scrollHeight - ol.scrollTop - ol.clientHeight < 24;
  const segs = st ? st.segments.slice(-80) : [];
  if (segs.length === 0) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = st ? 'Nothing said yet…' : 'The transcript of the selected stream appears here.';
    ol.replaceChildren(li);
  } else {
    ol.replaceChildren(...segs.map(seg => {
      const emo = segmentEmotion(st, seg);
      const li = document.createElement('li');
      li.className = 'segment';
      const t = document.createElement('time');
      t.textContent = clock(seg.start_ms);
      const chip = document.createElement('span');
      chip.className = 'chip';
      chip.textContent = emo ? emo.label : '…';
      chip.style.setProperty('--c', emo ? colorOf(emo.label) : 'var(--muted)');
      // pending: some of its windows still wait for this transcript; fused: the label uses it
      const chipState = !emo ? 'none' : emo.pending ? 'pending' : emo.fused ? 'fused' : 'audio';
      chip.dataset.state = chipState;
      if (emo) {
        chip.title = `${Math.round(emo.confidence * 100)}% over ${emo.windows} window(s)`
          + (chipState === 'pending' ? ' · updating with the transcript…'
            : chipState === 'fused' ? ' · revised with the transcript' : ' · from the audio');
      }
      li.dataset.label = emo ? emo.label : '';
      li.dataset.state = chipState;
      const text = document.createElement('span');
      text.className = 'text';
      text.textContent = seg.text;
      li.append(t, chip, text);
      return li;
    }));
  }
  const partial = $('partial');
  partial.hidden = !(st && st.partial);
  partial.textContent = st && st.partial ? st.partial : '';
  if (stick) ol.scrollTop = ol.scrollHeight;
}

function render() {
  const st = current();
  renderStreams(st);
  renderNow(st);
  renderBars(st);
  renderChart(st);
  renderTranscript(st);
}

// ------------------------------------------------------------------ connection

const feed = new EventFeed({
  token,
  onEvent: (ev) => { if (store.apply(ev)) scheduleRender(); },
  onOpen: () => { store.clear(); knownIds = null; scheduleRender(); },  // history follows: rebuild from it
  onState: (state, text) => {
    $('conn').dataset.state = state;
    $('conn-text').textContent = text;
  },
});

// ------------------------------------------------------------------ controls

$('stream-select').addEventListener('change', (e) => {
  selected = e.target.value;
  scheduleRender();
});

for (const b of document.querySelectorAll('.seg button')) {
  b.addEventListener('click', () => {
    spanSec = Number(b.dataset.span);
    for (const o of document.querySelectorAll('.seg button')) o.setAttribute('aria-pressed', String(o === b));
    scheduleRender();
  });
}

const micButton = $('mic');
const mic = new Microphone({
  token,
  onState: (state, text, error) => {
    micButton.dataset.state = state;
    micButton.setAttribute('aria-pressed', String(state === 'live'));
    $('mic-text').textContent = text;
    if (error) notice(error);
  },
  onLevel: (rms) => {
    $('mic-level').style.width = `${Math.min(100, Math.round(Math.sqrt(rms) * 160))}%`;
  },
});

micButton.addEventListener('click', async () => {
  if (mic.running) {
    mic.stop();
    return;
  }
  notice(null);
  const id = 'browser-' + Math.random().toString(36).slice(2, 6);
  selected = id;
  knownIds = null;
  scheduleRender();
  try {
    await mic.start(id);
  } catch (e) {
    notice(`Microphone: ${e.message || e}`);
    micButton.dataset.state = 'idle';
    $('mic-text').textContent = 'Start microphone';
  }
});

// a followed stream that went quiet hands over even when no event comes
setInterval(() => { if (!selected && followed) scheduleRender(); }, 1000);

window.emostream = { store, feed, mic, timeline, fitLabel };  // for the browser test and curious users
feed.start();
render();
