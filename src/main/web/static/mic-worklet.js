// Runs on the audio thread: mixes the microphone to mono, converts it to 16 kHz and posts ~100 ms chunks of
// 16-bit little-endian PCM (plus their level) to the page, which sends them to /ws/audio.
import { Downsampler, toS16le } from './downsample.js';

class Pcm16kProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const o = (options && options.processorOptions) || {};
    this.down = new Downsampler(sampleRate, 16000);
    this.chunk = new Float32Array(o.chunkSamples || 1600);
    this.fill = 0;
    this.stopped = false;
    this.port.onmessage = (e) => { if (e.data === 'stop') this.stopped = true; };
  }

  process(inputs) {
    const input = inputs[0];
    if (input && input.length > 0 && input[0]) {
      let mono = input[0];
      if (input.length > 1) {
        mono = new Float32Array(input[0].length);
        for (const ch of input) for (let i = 0; i < ch.length; i++) mono[i] += ch[i] / input.length;
      }
      const out = this.down.process(mono);
      for (let i = 0; i < out.length; i++) {
        this.chunk[this.fill++] = out[i];
        if (this.fill === this.chunk.length) this.post();
      }
    }
    return !this.stopped;
  }

  post() {
    let sum = 0;
    for (let i = 0; i < this.chunk.length; i++) sum += this.chunk[i] * this.chunk[i];
    const pcm = toS16le(this.chunk);
    this.port.postMessage({ pcm, rms: Math.sqrt(sum / this.chunk.length) }, [pcm]);
    this.fill = 0;
  }
}

registerProcessor('pcm16k', Pcm16kProcessor);
