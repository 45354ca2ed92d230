// Streaming sample-rate conversion for the microphone (e.g. 48 kHz -> 16 kHz): windowed-sinc interpolation
// with the low-pass below the target Nyquist, so nothing above 8 kHz folds back into the speech band.
// Used inside the AudioWorklet; pure, so it is unit-tested with node.

export class Downsampler {
  constructor(inRate, outRate = 16000, zeroCrossings = 12) {
    this.inRate = inRate;
    this.outRate = outRate;
    this.step = inRate / outRate;
    this.passthrough = inRate === outRate;
    this.cutoff = 0.92 * Math.min(1, outRate / inRate);  // of the input Nyquist
    this.half = Math.ceil(zeroCrossings / this.cutoff);   // taps each side, input samples
    this.buf = new Float32Array(4096);
    this.bufStart = -this.half;  // absolute index of buf[0]; starts with `half` zeros of history
    this.bufLen = this.half;
    this.t = 0;                  // absolute input position of the next output sample
  }

  /** Feeds input samples; returns the output samples that are complete. */
  process(input) {
    if (this.passthrough) return Float32Array.from(input);
    this.append(input);
    const last = this.bufStart + this.bufLen - 1;
    const out = [];
    const h = this.half;
    const c = this.cutoff;
    while (Math.floor(this.t) + h <= last) {
      const base = Math.floor(this.t);
      let acc = 0;
      let norm = 0;
      for (let j = base - h + 1; j <= base + h; j++) {
        const d = this.t - j;
        const x = d / h;
        const w = 0.42 + 0.5 * Math.cos(Math.PI * x) + 0.08 * Math.cos(2 * Math.PI * x);  // Blackman
        const k = (d === 0 ? 1 : Math.sin(Math.PI * c * d) / (Math.PI * c * d)) * w;
        acc += k * this.buf[j - this.bufStart];
        norm += k;
      }
      out.push(acc / norm);
      this.t += this.step;
    }
    this.discardBefore(Math.floor(this.t) - h + 1);
    return Float32Array.from(out);
  }

  append(input) {
    if (this.bufLen + input.length > this.buf.length) {
      const bigger = new Float32Array(Math.max(this.buf.length * 2, this.bufLen + input.length));
      bigger.set(this.buf.subarray(0, this.bufLen));
      this.buf = bigger;
    }
    this.buf.set(input, this.bufLen);
    this.bufLen += input.length;
  }

  discardBefore(abs) {
    const drop = Math.min(this.bufLen, abs - this.bufStart);
    if (drop > 0) {
      this.buf.copyWithin(0, drop, this.bufLen);
      this.bufLen -= drop;
      this.bufStart += drop;
    }
  }
}

/** Floats in [-1, 1] to 16-bit signed little-endian PCM bytes. */
export function toS16le(samples) {
  const out = new ArrayBuffer(samples.length * 2);
  const view = new DataView(out);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.max(-1, Math.min(1, samples[i]));
    view.setInt16(2 * i, v < 0 ? v * 32768 : v * 32767, true);
  }
  return out;
}
