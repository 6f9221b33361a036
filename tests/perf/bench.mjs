// Browser performance benchmark of the release site (not a test: it prints
// figures, it asserts nothing). Run by scripts/bench-web.sh, which builds
// the site first; or directly: node tests/perf/bench.mjs [dist] [--runs N].
//
// Prints, over several cold loads in headless Chromium on 127.0.0.1:
// - bytes per asset, raw and gzip (level 9, what a static host can serve);
//   the blob is shipped gzipped already (.blob.gz, zopfli), so its raw size
//   is its download, whatever the host does; its inflated size is shown too;
// - time from navigation to the first suggestion, typing a title as soon as
//   the search box exists;
// - blob fetch time (resource timing) and decode time (performance marks
//   the app records in src/io/perf.rs);
// - keystroke → rendered suggestions latency, p50/p95 over typed sequences;
// - the title search alone per keystroke (performance measures the app
//   records around each search).
import { readdir, readFile, stat } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../e2e/server.mjs';
import { launch } from '../e2e/browser.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const dist = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ?? join(repo, 'dist');
const QUERIES = ['toy story', 'the godfather', 'amelie', 'star wars', 'pulp fiction'];

async function* walk(dir) {
  for (const entry of await readdir(dir)) {
    const path = join(dir, entry);
    if ((await stat(path)).isDirectory()) yield* walk(path);
    else yield path;
  }
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const median = (values) => percentile(values, 50);

// Installed before any page script: for each keystroke, the time until the
// app has updated the DOM (the MutationObserver runs right after the update)
// and until the next animation frame (when the browser can paint it; this
// includes waiting for the frame, up to 16.7 ms at 60 Hz).
function instrument() {
  window.__bench = { firstSuggestion: null, latencies: [], frameLatencies: [] };
  let pending = null;
  document.addEventListener('keydown', (e) => { pending = performance.now(); }, true);
  new MutationObserver(() => {
    const list = document.getElementById('suggestions');
    if (!list) return;
    if (window.__bench.firstSuggestion === null && list.querySelector('.suggestion')) {
      requestAnimationFrame(() => { window.__bench.firstSuggestion ??= performance.now(); });
    }
    if (pending !== null) {
      const t0 = pending;
      pending = null;
      window.__bench.latencies.push(performance.now() - t0);
      requestAnimationFrame(() => window.__bench.frameLatencies.push(performance.now() - t0));
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

async function coldLoad(browser, url, query) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(instrument);
  await page.goto(url);
  const input = page.locator('#search-input');
  await input.waitFor({ timeout: 60_000 });
  await input.pressSequentially(query);
  await page.locator('.suggestion').first().waitFor({ timeout: 10_000 });
  await page.waitForFunction(() => window.__bench.firstSuggestion !== null);
  // A few more titles, one key at a time, for the keystroke latency.
  for (const q of QUERIES) {
    await input.fill('');
    await input.pressSequentially(q, { delay: 30 });
  }
  await page.waitForTimeout(100);
  const result = await page.evaluate(() => {
    const blob = performance.getEntriesByType('resource').find((e) => /reelgraph.*\.blob/.test(e.name));
    const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
    return {
      firstSuggestion: window.__bench.firstSuggestion,
      blobFetch: blob ? blob.responseEnd - blob.startTime : NaN,
      decode: mark('reelgraph:blob-decoded') - mark('reelgraph:blob-fetched'),
      // One measure per search the app ran (src/components/search_box.rs).
      searches: performance.getEntriesByName('reelgraph:search').map((e) => e.duration),
      latencies: window.__bench.latencies,
      frameLatencies: window.__bench.frameLatencies,
    };
  });
  await context.close();
  return result;
}

const files = [];
for await (const path of walk(dist)) {
  const body = await readFile(path);
  const name = relative(dist, path);
  // A .gz file is served as it is: gzip -9 of it again would mean nothing.
  const gz = name.endsWith('.gz');
  files.push({
    name,
    raw: body.length,
    gzip: gz ? body.length : gzipSync(body, { level: 9 }).length,
    inflated: gz ? gunzipSync(body).length : body.length,
  });
}
files.sort((a, b) => b.raw - a.raw);
console.log(`# Reelgraph browser benchmark — ${new Date().toISOString()}\n`);
console.log(`dist: ${dist}\n\n| asset | raw | gzip -9 |\n|---|---:|---:|`);
for (const f of files) console.log(`| ${f.name} | ${kb(f.raw)} | ${f.name.endsWith('.gz') ? '(already gzip)' : kb(f.gzip)} |`);
const sum = (pred) => files.filter(pred).reduce((a, f) => ({ raw: a.raw + f.raw, gzip: a.gzip + f.gzip }), { raw: 0, gzip: 0 });
const code = sum((f) => /\.(wasm|js)$/.test(f.name));
const blobs = files.filter((f) => /\.blob(\.gz)?$/.test(f.name));
const blob = sum((f) => blobs.includes(f));
const inflated = blobs.reduce((a, f) => a + f.inflated, 0);
console.log(`| **wasm + JS** | ${kb(code.raw)} | ${kb(code.gzip)} |`);
console.log(`| **blob** (as shipped: ${blobs.map((f) => f.name).join(', ')}; inflates to ${inflated} bytes, ${kb(inflated)}) | ${kb(blob.raw)} (${blob.raw} bytes) | ${kb(blob.gzip)} |`);

const site = await serve(dist);
const browser = await launch();
const loads = [];
try {
  for (let i = 0; i < runs; i++) loads.push(await coldLoad(browser, site.url, QUERIES[i % QUERIES.length]));
} finally {
  await browser.close();
  site.close();
}
const latencies = loads.flatMap((l) => l.latencies);
const frameLatencies = loads.flatMap((l) => l.frameLatencies);
const ms = (v) => `${v.toFixed(1)} ms`;
console.log(`\n${runs} cold loads (fresh browser context each), localhost, no throttling:\n`);
console.log('| measure | median | worst |\n|---|---:|---:|');
for (const [label, key] of [['navigation → first suggestion', 'firstSuggestion'], ['blob fetch', 'blobFetch'], ['blob decode + index', 'decode']]) {
  const values = loads.map((l) => l[key]);
  console.log(`| ${label} | ${ms(median(values))} | ${ms(Math.max(...values))} |`);
}
const spread = (v) => `p50 ${ms(percentile(v, 50))}, p95 ${ms(percentile(v, 95))}, max ${ms(Math.max(...v))}`;
console.log(`\nkeystroke → suggestions in the DOM, ${latencies.length} keystrokes: ${spread(latencies)}`);
console.log(`keystroke → next animation frame after that: ${spread(frameLatencies)}`);
const searches = loads.flatMap((l) => l.searches);
const mean = searches.reduce((a, v) => a + v, 0) / searches.length;
// performance.now() is coarsened (to 0.1 ms without cross-origin isolation),
// so the mean says more than the median here.
console.log(`title search alone (reelgraph:search measures), ${searches.length} searches: mean ${ms(mean)}, ${spread(searches)}`);
