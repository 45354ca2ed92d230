// Browser test of the dashboard, run by DashboardBrowserTest (JUnit starts the server):
//   node dashboard.browser.cjs <dashboard url> <speech.wav> <output dir>
// Chromium's fake capture device plays the WAV as the microphone; the test presses the real
// "Start microphone" button (getUserMedia -> AudioWorklet -> /ws/audio), then checks that the
// label, the chart and the transcript update, and saves screenshots. Prints one JSON line of results.
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
    await page.screenshot({ path: path.join(outDir, 'dashboard.png'), fullPage: true });

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
