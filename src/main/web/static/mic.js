// The "Start microphone" button: getUserMedia -> AudioWorklet (mono, 16 kHz, 16-bit PCM) -> /ws/audio.
// Stopping sends {"type":"end"} so the server flushes the last window and transcript, then closes.
import { socketUrl } from './connection.js';

const MAX_BUFFERED = 1 << 20;  // bytes waiting in the browser: past this, chunks are dropped, not queued

export class Microphone {
  constructor({ token, onState, onLevel }) {
    this.token = token;
    this.onState = onState;
    this.onLevel = onLevel;
    this.running = false;
    this.dropped = 0;
  }

  async start(stream) {
    if (this.running) return;
    if (!window.isSecureContext || !navigator.mediaDevices || !window.AudioWorkletNode) {
      throw new Error('the browser only gives the microphone to pages on https or localhost');
    }
    this.running = true;
    this.stream = stream;
    this.onState('starting', 'Starting…');
    try {
      this.media = await navigator.mediaDevices.getUserMedia({
        audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: true },
      });
      this.ctx = new AudioContext();
      await this.ctx.audioWorklet.addModule('mic-worklet.js');
      this.ws = await this.open(stream);
      const source = this.ctx.createMediaStreamSource(this.media);
      this.node = new AudioWorkletNode(this.ctx, 'pcm16k', { processorOptions: { chunkSamples: 1600 } });
      this.node.port.onmessage = (e) => this.send(e.data);
      // a silent path to the output keeps the graph pulling the worklet in every browser
      const mute = this.ctx.createGain();
      mute.gain.value = 0;
      source.connect(this.node).connect(mute).connect(this.ctx.destination);
      await this.ctx.resume();
      this.onState('live', 'Stop microphone');
    } catch (e) {
      this.teardown();
      throw e;
    }
  }

  open(stream) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(socketUrl('ws/audio', { stream, rate: 16000, token: this.token }));
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(new Error('could not open the audio socket'));
      ws.onclose = (e) => {
        if (this.ws === ws && this.running) {
          const msg = e.code === 1000 ? null : `audio socket closed (${e.code}${e.reason ? ': ' + e.reason : ''})`;
          this.teardown();
          this.onState('idle', 'Start microphone', msg);
        }
      };
    });
  }

  send({ pcm, rms }) {
    this.onLevel(rms);
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED) {
      this.dropped++;
      return;
    }
    ws.send(pcm);
  }

  /** Ends the stream: the server flushes it and closes the socket (or we do after 5 s). */
  stop() {
    if (!this.running) return;
    const ws = this.ws;
    this.stopCapture();
    this.running = false;
    this.onState('idle', 'Start microphone');
    if (ws && ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify({ type: 'end' }));
      setTimeout(() => { if (ws.readyState !== WebSocket.CLOSED) ws.close(1000, 'done'); }, 5000);
    }
    this.ws = null;
  }

  stopCapture() {
    if (this.node) { this.node.port.postMessage('stop'); this.node.disconnect(); }
    if (this.media) this.media.getTracks().forEach(t => t.stop());
    if (this.ctx) this.ctx.close().catch(() => {});
    this.node = this.media = this.ctx = null;
    this.onLevel(0);
  }

  teardown() {
    this.stopCapture();
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) this.ws.close();
    this.ws = null;
    this.running = false;
  }
}
