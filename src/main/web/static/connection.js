// The page's event feed: /ws/events with the recent history, reconnecting with backoff when the server
// goes away. Reports its state (connecting, live, retrying, refused) to the page.

export function socketUrl(path, params = {}) {
  const u = new URL(path, window.location.href);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') u.searchParams.set(k, v);
  return u.toString();
}

export class EventFeed {
  constructor({ token, onEvent, onState, onOpen }) {
    this.token = token;
    this.onEvent = onEvent;
    this.onState = onState;
    this.onOpen = onOpen;
    this.delay = 500;
    this.ws = null;
    this.timer = null;
  }

  start() {
    this.connect();
    // come back at once when the tab or the network comes back
    window.addEventListener('online', () => this.retryNow());
    document.addEventListener('visibilitychange', () => { if (!document.hidden) this.retryNow(); });
  }

  retryNow() {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.connect();
    }
  }

  connect() {
    this.onState('connecting', 'connecting…');
    const ws = new WebSocket(socketUrl('ws/events', { history: 'true', token: this.token }));
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.delay = 500;
      this.onOpen();
      this.onState('live', 'live');
    };
    ws.onmessage = (m) => {
      let ev;
      try { ev = JSON.parse(m.data); } catch { return; }
      this.onEvent(ev);
    };
    ws.onclose = async (e) => {
      if (this.ws !== ws) return;
      let why = e.reason ? ` (${e.reason})` : '';
      if (!opened) {
        const refused = await this.refusal();
        if (refused) why = ` (${refused})`;
      }
      const secs = Math.round(this.delay / 100) / 10;
      this.onState('retrying', `reconnecting in ${secs}s${why}`);
      this.timer = setTimeout(() => { this.timer = null; this.connect(); }, this.delay);
      this.delay = Math.min(this.delay * 2, 10000);
    };
  }

  /** Why a socket was refused, when /health can tell (a missing token); null otherwise. */
  async refusal() {
    try {
      const r = await fetch('health', { cache: 'no-store' });
      const h = await r.json();
      if (h.token_required) return this.token ? 'wrong token?' : 'this server needs ?token=… in the page address';
    } catch {
      return 'server unreachable';
    }
    return null;
  }
}
