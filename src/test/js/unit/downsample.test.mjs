import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Downsampler, toS16le } from '../../../main/web/static/downsample.js';

const tone = (hz, rate, n) => Float32Array.from({ length: n }, (_, i) => Math.sin(2 * Math.PI * hz * i / rate));
const rms = (x) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

function run(d, signal, chunk) {
  const out = [];
  for (let i = 0; i < signal.length; i += chunk) out.push(...d.process(signal.subarray(i, i + chunk)));
  return Float32Array.from(out);
}

test('48 kHz to 16 kHz keeps a 1 kHz tone and the duration', () => {
  const out = run(new Downsampler(48000, 16000), tone(1000, 48000, 48000), 128);
  assert.ok(Math.abs(out.length - 16000) < 200, `got ${out.length} samples`);
  const mid = out.subarray(2000, 14000);
  assert.ok(Math.abs(rms(mid) - Math.SQRT1_2) < 0.02, `rms ${rms(mid)}`);
});

test('tones above 8 kHz do not fold back into the speech band', () => {
  const out = run(new Downsampler(48000, 16000), tone(12000, 48000, 48000), 128);
  assert.ok(rms(out.subarray(2000, 14000)) < 0.01, `rms ${rms(out.subarray(2000, 14000))}`);
});

test('chunk size does not change the output', () => {
  const x = tone(440, 44100, 20000);
  const a = run(new Downsampler(44100, 16000), x, 128);
  const b = run(new Downsampler(44100, 16000), x, 1000);
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-6);
});

test('16-bit little-endian conversion clamps', () => {
  const v = new DataView(toS16le(Float32Array.of(0, 1, -1, 2, 0.5)));
  assert.deepEqual([0, 2, 4, 6, 8].map(o => v.getInt16(o, true)), [0, 32767, -32768, 32767, 16383]);
});
