// Browser test of the dashboard, run by DashboardBrowserTest (JUnit starts the server):
//   node dashboard.browser.cjs <dashboard url> <speech.wav> <output dir>
// Chromium's fake capture device plays the WAV as the microphone; the test presses the real
// "Start microphone" button (getUserMedia -> AudioWorklet -> /ws/audio), then checks that the
// label, the chart and the transcript update and that windows are revised in place, and saves screenshots.
// Then two streams at once through /ws/audio (the page follows one and names it), the big label and the time
// axis at 1280 px, and a window whose revision changes its label: for that, the script prints
// "STEP ready-revision" and "STEP saw-provisional" and JUnit publishes the two records of the window.
// Prints one JSON line of results last.
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [url, wav, outDir] = process.argv.slice(2);
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

function fail(msg) {
  console.error('FAIL: ' + msg);
  process.exitCode = 1;
}

(async () => {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}%noloop`, '--autoplay-policy=no-user-gesture-required'],
  });
  const result = { errors: [] };
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: 'dark' });
    await context.grantPermissions(['microphone'], { origin: new URL(url).origin });
    const page = await context.newPage();
    page.on('pageerror', (e) => result.errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') result.errors.push(m.text()); });

    await page.goto(url);
    await page.waitForSelector('#conn[data-state="live"]', { timeout: 15000 });
    result.connected = true;

    await page.click('#mic');
    await page.waitForSelector('#mic[data-state="live"]', { timeout: 15000 });
    result.micStream = await page.$eval('#stream-select', (s) => s.value);

    // label and chart update while the speech plays
    await page.waitForFunction(() => {
      const l = document.querySelector('#label').dataset.label;
      return l && l !== 'silence' && Number(document.querySelector('#chart').dataset.points) >= 4;
    }, null, { timeout: 60000 });
    result.labelWhileSpeaking = await page.$eval('#label', (e) => e.dataset.label);

    // let the rest of the sentence play, then stop: the server flushes the last window and the transcript
    await page.waitForTimeout(Number(process.env.SPEECH_MS || 6000));
    await page.click('#mic');
    await page.waitForSelector('#transcript li.segment', { timeout: 60000 });
    await page.waitForTimeout(500);

    result.label = await page.$eval('#label', (e) => e.dataset.label);
    result.confidence = await page.$eval('#confidence', (e) => e.textContent);
    result.points = await page.$eval('#chart', (e) => Number(e.dataset.points));
    result.series = await page.$$eval('#chart .u-legend .u-series', (els) => els.length - 1);
    result.segments = await page.$$eval('#transcript li.segment', (els) => els.map((li) => ({
      label: li.dataset.label, text: li.querySelector('.text').textContent,
    })));
    result.bars = await page.$$eval('#bars li[data-label]', (els) => els.length);
    // the real pipeline revised windows of this stream in place once their transcript was final
    await page.waitForFunction((id) => {
      const st = window.emostream.store.streams.get(id);
      return st && st.revisions > 0 && st.windows.some((w) => w.modalities && w.modalities.includes('text'));
    }, result.micStream, { timeout: 30000 });
    result.micRevisions = await page.evaluate((id) => window.emostream.store.streams.get(id).revisions, result.micStream);
    result.chartFused = await page.$eval('#chart', (e) => Number(e.dataset.fused));
    result.segmentStates = await page.$$eval('#transcript li.segment', (els) => els.map((li) => li.dataset.state));
    await page.screenshot({ path: path.join(outDir, 'dashboard.png'), fullPage: true });

    // 1280 px: the big label stays on one line for every label, the last time label is not clipped
    result.labelFit = await page.evaluate(() => {
      const el = document.querySelector('#label');
      const out = {};
      for (const l of ['happiness', 'surprise', 'disgust', 'boredom', 'sadness', 'neutral', 'anger', 'fear']) {
        el.textContent = l;
        window.emostream.fitLabel(el);
        const lineHeight = parseFloat(getComputedStyle(el).fontSize) * 1.5;
        out[l] = el.scrollWidth <= el.clientWidth + 1 && el.getBoundingClientRect().height <= lineHeight;
      }
      return out;
    });
    result.lastTickOverflow = await page.evaluate(() => window.emostream.timeline.lastTickOverflow());

    // two streams at once, in real time, with the page following the active stream: it names the one it shows
    // and does not flip between them
    await page.selectOption('#stream-select', '');
    const wavBytes = fs.readFileSync(wav);
    const rate = wavBytes.readUInt32LE(24);
    const pcm = wavBytes.subarray(44, 44 + Math.min(wavBytes.length - 44, rate * 2 * 5) & ~1).toString('base64');
    const samples = [];
    const sending = page.evaluate(async ({ pcm, rate }) => {
      const bytes = Uint8Array.from(atob(pcm), (c) => c.charCodeAt(0));
      const send = (id, delayMs) => new Promise((resolve, reject) => {
        const u = new URL(`ws/audio?stream=${id}&rate=${rate}`, window.location.href);
        u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
        const ws = new WebSocket(u);
        ws.binaryType = 'arraybuffer';
        ws.onerror = () => reject(new Error('audio socket failed'));
        ws.onopen = () => setTimeout(() => {
          const frame = Math.round(rate / 10) * 2;   // 100 ms
          let off = 0;
          const timer = setInterval(() => {
            if (off >= bytes.length) {
              clearInterval(timer);
              ws.send(JSON.stringify({ type: 'end' }));
              ws.onclose = () => resolve();
              return;
            }
            ws.send(bytes.slice(off, off + frame));
            off += frame;
          }, 100);
        }, delayMs);
      });
      await Promise.all([send('duo-a', 0), send('duo-b', 250)]);
    }, { pcm, rate });
    let sent = false;
    sending.then(() => { sent = true; }, () => { sent = true; });
    const t0 = Date.now();
    while (!sent && Date.now() - t0 < 60000) {   // while both streams are live (about 5 s of audio each)
      await page.waitForTimeout(200);
      samples.push({ at: Date.now(), shown: await page.$eval('#shown-stream', (e) => e.textContent) });
    }
    await sending;
    // while both streams are surely live: the 3 s after the first of them appeared (each sends about 5 s); after
    // that, the followed one may end first, and handing over to the other is right
    const first = samples.find((x) => x.shown.includes('duo-'));
    const shownDuo = first ? samples.filter((x) => x.at - first.at <= 3000 && x.shown.includes('duo-')).map((x) => x.shown) : [];
    let flips = 0;
    for (let i = 1; i < shownDuo.length; i++) if (shownDuo[i] !== shownDuo[i - 1]) flips++;
    result.followSamples = shownDuo.length;
    result.followFlips = flips;
    result.followOption = await page.$eval('#stream-select', (s) => s.options[0].textContent);

    // a window's label changes in place when its revision arrives (records published by JUnit, see the top)
    console.log('STEP ready-revision');
    await page.waitForFunction(() => [...document.querySelectorAll('#stream-select option')].some((o) => o.value === 'rev-demo'),
      null, { timeout: 20000 });
    await page.selectOption('#stream-select', 'rev-demo');
    await page.waitForSelector('#label[data-seq="7"][data-state="pending"]', { timeout: 20000 });
    result.provisionalLabel = await page.$eval('#label', (e) => e.dataset.label);
    result.provisionalChip = await page.$eval('#transcript li.segment .chip', (e) => e.dataset.state).catch(() => null);
    console.log('STEP saw-provisional');
    await page.waitForSelector('#label[data-seq="7"][data-state="fused"]', { timeout: 20000 });
    result.revisedLabel = await page.$eval('#label', (e) => e.dataset.label);
    result.revisedFrom = await page.$eval('#modalities', (e) => e.textContent);
    result.revisedChip = await page.$eval('#transcript li.segment .chip', (e) => ({ state: e.dataset.state, text: e.textContent }));
    result.revisedChartFused = await page.$eval('#chart', (e) => Number(e.dataset.fused));
    result.revisedWindows = await page.evaluate(() => window.emostream.store.streams.get('rev-demo').windows.length);
    await page.screenshot({ path: path.join(outDir, 'dashboard-revised.png'), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(outDir, 'dashboard-phone.png'), fullPage: true });
    result.phoneOverflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  } catch (e) {
    fail(e.message);
    try {
      const pages = browser.contexts().flatMap((c) => c.pages());
      if (pages[0]) await pages[0].screenshot({ path: path.join(outDir, 'dashboard-failure.png'), fullPage: true });
    } catch { /* best effort */ }
  } finally {
    console.log(JSON.stringify(result));
    await browser.close();
  }
})();
