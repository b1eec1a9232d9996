// Time from navigation start to the first lead rows in the DOM, in Chromium, with 100,000
// demo leads in the local store: the real renderer (React, virtualised list, web shim) beside
// the floor for the same data path, a static page that fetches the first page from the same
// bridge and writes it with innerHTML.
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../playwright.config.ts';
import { FIRST_ROWS_MARK } from '../renderer/lead-box/first-rows-mark.ts';
import buildRenderer from '../tests/e2e/global-setup.ts';
import { startBridge, type RunningBridge } from '../tests/e2e/bridge.ts';
import { latency, percentile, type BenchResult } from './result.ts';

const LEADS = 100_000;
const SAMPLES = 5;
const PEER_MARK = 'peer:first-rows';

/** The floor: no framework, no virtualisation, one fetch and one innerHTML. */
const PEER_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>peer</title></head><body>
<table><tbody id="rows"></tbody></table>
<script>
const token = new URLSearchParams(location.hash.slice(1)).get('token');
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
fetch('/rpc/leads.query', {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
  body: JSON.stringify({ offset: 0, limit: 100 }),
}).then((r) => r.json()).then((page) => {
  document.getElementById('rows').innerHTML = page.rows.map((row) =>
    '<tr><td>' + esc(row.name) + '</td><td>' + esc(row.company) + '</td><td>' + esc(row.priority) + ' ' + row.score +
    '</td><td>' + esc(row.status) + '</td><td>' + esc(row.source) + '</td><td>' + esc(row.campaign) + '</td></tr>').join('');
  performance.mark('${PEER_MARK}');
});
</script></body></html>`;

async function firstRowsAt(browser: Browser, url: string, mark: string, peer: RunningBridge | null): Promise<number> {
  // A fresh context per load: empty cache and sessionStorage, like opening the app anew.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    if (peer) {
      await page.route(`${peer.base}/peer.html`, (route) => route.fulfill({ contentType: 'text/html', body: PEER_PAGE }));
    }
    await page.goto(url);
    const handle = await page.waitForFunction((name) => performance.getEntriesByName(name)[0]?.startTime, mark, { timeout: 30_000 });
    return (await handle.jsonValue()) as number;
  } finally {
    await context.close();
  }
}

export default async function renderer(): Promise<BenchResult[]> {
  await buildRenderer();
  const bridge = await startBridge();
  const browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true });
  try {
    await bridge.call('workspace.createDemo', { count: LEADS, seed: 42 });
    const ourUrl = bridge.url;
    const peerUrl = `${bridge.base}/peer.html#token=${bridge.token}`;
    // One warm-up each: the bridge's first query on a fresh store pays for its caches.
    await firstRowsAt(browser, ourUrl, FIRST_ROWS_MARK, null);
    await firstRowsAt(browser, peerUrl, PEER_MARK, bridge);
    const ours: number[] = [];
    const peer: number[] = [];
    for (let i = 0; i < SAMPLES; i += 1) {
      ours.push(await firstRowsAt(browser, ourUrl, FIRST_ROWS_MARK, null));
      peer.push(await firstRowsAt(browser, peerUrl, PEER_MARK, bridge));
    }
    return [
      latency(
        'renderer',
        `navigation start to first lead rows, ${LEADS.toLocaleString('en-US')} leads (median of ${SAMPLES} loads)`,
        'ms',
        percentile(ours, 50),
        percentile(peer, 50),
        'static page: fetch first page + innerHTML (the floor)',
        '≤ 500 ms',
      ),
    ];
  } finally {
    await browser.close();
    await bridge.stop();
  }
}
