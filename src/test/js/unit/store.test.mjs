// Unit tests of the dashboard's pure modules (node --test); run by DashboardScriptsTest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store, segmentEmotion, chartData, clock, windowState } from '../../../main/web/static/store.js';
import { canonical, colorOf } from '../../../main/web/static/colors.js';

const emotion = (stream, seq, label, probs) => ({
  type: 'emotion', id: `${stream}:${seq}`, stream, seq, start_ms: seq * 500, end_ms: seq * 500 + 2000,
  label, confidence: probs[label] || 0, probabilities: probs, smoothed_label: label, transcript: null,
  modalities: label === 'silence' ? [] : ['audio'], model: 'm',
});
const silence = (stream, seq) => emotion(stream, seq, 'silence', {});
const provisional = (stream, seq, label, probs) => ({ ...emotion(stream, seq, label, probs), revision: 0, final: false });
const revised = (stream, seq, label, probs, revision = 1, final = true) => ({
  ...emotion(stream, seq, label, probs), revision, final, transcript: 'i told you', modalities: ['audio', 'text'],
});
const transcript = (stream, seq, start, end, text, final = true) => ({
  type: 'transcript', id: `${stream}:t${seq}`, stream, seq, start_ms: start, end_ms: end, text, words: [], final,
});

test('labels come from the first spoken window, in the model order', () => {
  const s = new Store();
  s.apply(silence('a', 0));
  assert.deepEqual(s.stream('a').labels, []);
  s.apply(emotion('a', 1, 'anger', { neutral: 0.2, anger: 0.8 }));
  assert.deepEqual(s.stream('a').labels, ['neutral', 'anger']);
  assert.equal(s.stream('a').latest.label, 'anger');
});

test('the last spoken window survives silence', () => {
  const s = new Store();
  s.apply(emotion('a', 0, 'anger', { anger: 0.9, neutral: 0.1 }));
  s.apply(silence('a', 1));
  assert.equal(s.stream('a').latest.label, 'silence');
  assert.equal(s.stream('a').lastSpoken.label, 'anger');
});

test('a replayed window is ignored; a window with a lower seq restarts the stream', () => {
  const s = new Store();
  s.apply(emotion('a', 5, 'anger', { anger: 1 }));
  s.apply(emotion('a', 5, 'anger', { anger: 1 }));
  assert.equal(s.stream('a').windows.length, 1);
  s.apply(emotion('a', 0, 'neutral', { neutral: 1 }));
  assert.equal(s.stream('a').windows.length, 1);
  assert.equal(s.stream('a').restarts, 1);
});

test('streams are listed most recently active first', () => {
  const s = new Store();
  s.apply(emotion('a', 0, 'anger', { anger: 1 }), 1000);
  s.apply(emotion('b', 0, 'anger', { anger: 1 }), 2000);
  assert.deepEqual(s.ids(), ['b', 'a']);
});

test('old windows fall out of the kept span', () => {
  const s = new Store(10_000);
  for (let i = 0; i < 100; i++) s.apply(emotion('a', i, 'anger', { anger: 1 }));
  const ws = s.stream('a').windows;
  assert.ok(ws[ws.length - 1].end_ms - ws[0].end_ms <= 10_000);
});

test('a segment takes the mean emotion of the windows it overlaps', () => {
  const s = new Store();
  s.apply(emotion('a', 0, 'anger', { anger: 0.9, neutral: 0.1 }));    // 0-2000
  s.apply(emotion('a', 1, 'neutral', { anger: 0.4, neutral: 0.6 }));  // 500-2500
  s.apply(silence('a', 8));                                           // 4000-6000
  const st = s.stream('a');
  const e = segmentEmotion(st, transcript('a', 0, 100, 1800, 'hi'));
  assert.equal(e.label, 'anger');
  assert.equal(e.windows, 2);
  assert.ok(Math.abs(e.confidence - 0.65) < 1e-9);
  assert.equal(segmentEmotion(st, transcript('a', 1, 4100, 5000, 'x')), null, 'silence has no emotion');
});

test('partial transcripts show until the final one arrives; empty finals are skipped', () => {
  const s = new Store();
  s.apply(transcript('a', 0, 0, 900, 'hel', false));
  assert.equal(s.stream('a').partial, 'hel');
  s.apply(transcript('a', 0, 0, 1000, 'hello'));
  assert.equal(s.stream('a').partial, null);
  s.apply(transcript('a', 1, 1000, 1200, '  '));
  assert.deepEqual(s.stream('a').segments.map(t => t.text), ['hello']);
});

test('chart columns: seconds of stream time, a null for silence', () => {
  const s = new Store();
  s.apply(emotion('a', 0, 'anger', { anger: 0.7, neutral: 0.3 }));
  s.apply(silence('a', 1));
  const [xs, anger, neutral] = chartData(s.stream('a'), 60_000);
  assert.deepEqual(xs, [2, 2.5]);
  assert.deepEqual(anger, [0.7, null]);
  assert.deepEqual(neutral, [0.3, null]);
});

test('clock and colours', () => {
  assert.equal(clock(65_000), '1:05');
  assert.equal(clock(3_725_000), '1:02:05');
  assert.equal(canonical('Happy'), 'happiness');
  assert.equal(colorOf('joy'), colorOf('happiness'));
  assert.notEqual(colorOf('anger'), colorOf('sadness'));
  assert.equal(colorOf('whatever'), colorOf('whatever'));
});

test('a revision replaces its window in place; older and repeated records are ignored', () => {
  const s = new Store();
  s.apply(provisional('a', 0, 'neutral', { neutral: 0.6, anger: 0.4 }));
  s.apply(provisional('a', 1, 'neutral', { neutral: 0.6, anger: 0.4 }));
  s.apply(provisional('a', 2, 'neutral', { neutral: 0.6, anger: 0.4 }));
  s.apply(revised('a', 1, 'anger', { neutral: 0.1, anger: 0.9 }));
  const st = s.stream('a');
  assert.deepEqual(st.windows.map(w => w.seq), [0, 1, 2], 'no new window, no restart');
  assert.equal(st.restarts, 0);
  assert.equal(st.windows[1].label, 'anger');
  assert.equal(st.windows[1].firstLabel, 'neutral', 'what it said first is kept');
  assert.equal(windowState(st.windows[1]), 'fused');
  assert.equal(windowState(st.windows[0]), 'pending');
  s.apply(revised('a', 1, 'neutral', { neutral: 1, anger: 0 }, 1));   // a repeat of revision 1: ignored
  assert.equal(st.windows[1].label, 'anger');
  s.apply(revised('a', 2, 'anger', { neutral: 0.2, anger: 0.8 }));    // the latest window revised: "now" follows
  assert.equal(st.latest.label, 'anger');
  assert.equal(st.revisions, 2);
});

test('history replays the latest record per id in publication order: revisions after newer windows', () => {
  const s = new Store();
  s.apply(provisional('a', 5, 'neutral', { neutral: 1 }));
  s.apply(provisional('a', 6, 'neutral', { neutral: 1 }));
  s.apply(revised('a', 5, 'anger', { anger: 1 }));
  assert.deepEqual(s.stream('a').windows.map(w => w.label), ['anger', 'neutral']);
  s.apply(provisional('a', 0, 'neutral', { neutral: 1 }));   // a first record going back: a restart
  assert.equal(s.stream('a').restarts, 1);
});

test('a segment knows whether its windows wait for their transcript or were revised with it', () => {
  const s = new Store();
  s.apply(provisional('a', 0, 'neutral', { neutral: 0.6, anger: 0.4 }));
  s.apply(provisional('a', 1, 'neutral', { neutral: 0.6, anger: 0.4 }));
  const seg = transcript('a', 0, 100, 2200, 'i told you');
  let e = segmentEmotion(s.stream('a'), seg);
  assert.equal(e.pending, 2);
  assert.equal(e.label, 'neutral');
  s.apply(revised('a', 0, 'anger', { neutral: 0.1, anger: 0.9 }));
  s.apply(revised('a', 1, 'anger', { neutral: 0.1, anger: 0.9 }));
  e = segmentEmotion(s.stream('a'), seg);
  assert.equal(e.pending, 0);
  assert.equal(e.fused, 2);
  assert.equal(e.label, 'anger', 'the tag follows the revised windows');
});
