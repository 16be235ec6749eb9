// UI benchmark with 10k keys in the vault (BENCH_KEYS to change): keys:list through the IPC router
// beside the same query straight on KeyStore (the router's own cost as a ratio), then, in Debian's
// Chromium through the e2e harness, the real renderer build's first paint of the keys page and one
// filter keystroke. Prints figures against the targets; never part of `npm test`.
// Page-side code is plain strings because this file is type-checked without the DOM library.
import { cpus, loadavg } from 'node:os';
import process from 'node:process';
import { chromium, type Page } from '@playwright/test';
import { createIpcHandlers } from '#desktop/ipc/handlers.js';
import { createIpcRouter } from '#desktop/ipc/router.js';
import {
  buildPageBridge,
  buildRenderer,
  PAGE_BRIDGE_BUNDLE,
  RENDERER_ROOT,
} from '#test/e2e/harness/build.js';
import { startHarness, type Harness } from '#test/e2e/harness/harness.js';
import { heading, median, report, timeMs } from './lib.js';

const KEYS = Number(process.env.BENCH_KEYS ?? 10_000);
const RUNS = 21;
const LOADS = 5;
const PASSWORD = 'correct horse battery staple 42!';
const CHROMIUM = process.env.AIKEY_CHROMIUM ?? '/usr/bin/chromium';
/** Another renderer build to measure instead of building out/renderer (to compare build options). */
const OTHER_RENDERER = process.env.BENCH_RENDERER_ROOT;
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** A key row: the list's rows each carry a Reveal button (see test/e2e/pages/keys-page.ts). */
const KEY_ROW = '[role="row"] button, [role="listitem"] button';

/**
 * Installed before the app's scripts: notes when the first key row has been painted, as
 * performance.now() from navigation start (a frame, then a task, so the paint has happened).
 */
const PAINT_PROBE = `(() => {
  let painted;
  window.__aikeyBench = { keysPainted: new Promise((resolve) => { painted = resolve; }) };
  const observer = new MutationObserver(() => {
    if (!document.querySelector(${JSON.stringify(KEY_ROW)})) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => painted(performance.now());
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document, { childList: true, subtree: true });
})()`;

async function routerFigures(harness: Harness): Promise<void> {
  heading(`keys:list with ${KEYS} keys (median of ${RUNS})`);
  const { desktop, origin } = harness;
  const checked = createIpcRouter(createIpcHandlers(desktop.services), {
    allowedOrigins: [origin],
    checkOutputs: true,
  });
  const direct = () => desktop.wallet.keys.list({});
  // The same rows without the ORM, to show where the time goes (SQLite + cipher vs mapping).
  const rawSql = desktop.wallet.vault.session().sqlite.prepare(
    `SELECT k.id, k.hub_id, h.name, k.provider, k.name, k.masked, k.notes, k.base_url, k.expires_at,
       k.created_at, k.updated_at, k.usage_count, k.last_used_at, k.deleted_at, k.previous_masked,
       k.rotated_at
     FROM keys k JOIN hubs h ON h.id = k.hub_id WHERE k.deleted_at IS NULL
     ORDER BY h.name, k.provider, k.name`,
  );
  const raw = () => rawSql.all();
  const routed = () => desktop.router.invoke('keys:list', origin, {});
  const routedChecked = () => checked.invoke('keys:list', origin, {});
  const sample = async (fn: () => unknown) => {
    for (let i = 0; i < 3; i += 1) await fn();
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i += 1) samples.push(await timeMs(fn));
    return median(samples);
  };
  const sqlOnly = await sample(raw);
  const base = await sample(direct);
  const viaRouter = await sample(routed);
  const withCheck = await sample(routedChecked);
  report('the same query in raw SQL, no ORM (floor)', ms(sqlOnly));
  report('KeyStore.list directly (baseline)', ms(base));
  report('router.invoke("keys:list") as the app runs it', ms(viaRouter), {
    ok: viaRouter <= 20,
    text: '<= 20 ms',
  });
  report('router / direct', `${(viaRouter / base).toFixed(2)}x`);
  report('router with output checking (tests and harness only)', ms(withCheck));
}

interface Load {
  fcp: number;
  keys: number;
  /** When the page asked for keys:list, and how long the answer took over the harness. */
  listAsked: number;
  listTook: number;
}

async function firstPaint(page: Page, url: string): Promise<Load> {
  await page.goto(url);
  // Awaited inside the page: a string predicate for waitForFunction would need eval, which the CSP forbids.
  return page.evaluate<Load>(`(async () => {
    const keys = await window.__aikeyBench.keysPainted;
    const list = performance.getEntriesByType('resource').find((e) => e.name.includes('/__ipc/keys%3Alist'));
    return {
      keys,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      listAsked: list?.startTime ?? NaN,
      listTook: list ? list.responseEnd - list.startTime : NaN,
    };
  })()`);
}

/**
 * One keystroke in the search box (the filter runs in the renderer, over the loaded list):
 * performance.now() around the input event until the next animation frame starts, the issue's
 * measure, and until that frame has been painted (a task after the frame), what the eye waits for.
 */
async function keystroke(page: Page, text: string): Promise<{ frame: number; painted: number }> {
  return page.evaluate<{ frame: number; painted: number }>(`(async () => {
    const input = document.querySelector('input[aria-label="Search keys"]')
      ?? [...document.querySelectorAll('input')].find((el) => el.labels?.[0]?.textContent?.trim() === 'Search keys');
    if (!input) throw new Error('no "Search keys" box');
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    const start = performance.now();
    setValue.call(input, ${JSON.stringify(text)});
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const frame = performance.now() - start;
    await new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = resolve;
      channel.port2.postMessage(null);
    });
    return { frame, painted: performance.now() - start };
  })()`);
}

async function chromiumFigures(harness: Harness): Promise<void> {
  heading(`Chromium (${CHROMIUM}), the real renderer build, ${KEYS} keys`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    await page.addInitScript({ path: PAGE_BRIDGE_BUNDLE });
    await page.addInitScript({ content: PAINT_PROBE });
    await firstPaint(page, harness.url);
    const loads: Load[] = [];
    for (let i = 0; i < LOADS; i += 1) loads.push(await firstPaint(page, harness.url));
    const keysPaint = median(loads.map((l) => l.keys));
    report(`first contentful paint (median of ${LOADS})`, ms(median(loads.map((l) => l.fcp))));
    report(`keys page painted with rows (median of ${LOADS})`, ms(keysPaint), {
      ok: keysPaint <= 300,
      text: '<= 300 ms',
    });
    const asked = median(loads.map((l) => l.listAsked));
    const took = median(loads.map((l) => l.listTook));
    report('  of which: page asks for keys:list at', ms(asked));
    report('  of which: keys:list over the harness (HTTP + JSON)', ms(took));
    report('  of which: the rest (parse, render, paint)', ms(keysPaint - asked - took));

    // Each stroke changes what matches ("service 00001234": "1" matches thousands, "1234" one key).
    const strokes: { frame: number; painted: number }[] = [];
    for (const word of ['1234', '9876']) {
      for (let i = 1; i <= word.length; i += 1) strokes.push(await keystroke(page, word.slice(0, i)));
      for (let i = word.length - 1; i >= 0; i -= 1) strokes.push(await keystroke(page, word.slice(0, i)));
    }
    const frame = median(strokes.map((s) => s.frame));
    report(`filter keystroke to next frame (median of ${strokes.length})`, ms(frame), {
      ok: frame <= 16,
      text: '<= 16 ms',
    });
    report('filter keystroke to next frame, worst', ms(Math.max(...strokes.map((s) => s.frame))));
    report('filter keystroke until painted (median)', ms(median(strokes.map((s) => s.painted))));
  } finally {
    await browser.close();
  }
}

if (OTHER_RENDERER === undefined) buildRenderer();
await buildPageBridge();
let harness: Harness | undefined;
const seedMs = await timeMs(async () => {
  harness = await startHarness({
    rendererRoot: OTHER_RENDERER ?? RENDERER_ROOT,
    vaultPassword: PASSWORD,
    generatedKeys: KEYS,
    checkOutputs: false,
  });
});
if (harness === undefined) throw new Error('the harness did not start');
console.log(`(vault with ${KEYS} keys seeded in ${(seedMs / 1000).toFixed(1)} s)`);
// The machine is shared: say how busy it was, since every figure below scales with it.
console.log(
  `(load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} cores)`,
);
try {
  await routerFigures(harness);
  await chromiumFigures(harness);
} finally {
  await harness.close();
}
