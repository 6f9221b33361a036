// End-to-end: the release site (dist/, built by scripts/test.sh) served on
// 127.0.0.1 and driven in headless Chromium, as a visitor would use it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dist = process.env.REELGRAPH_DIST || join(repo, 'dist');
// The same site built with `--public-url /reelgraph/` (as for GitHub Pages).
const subpathDist = process.env.REELGRAPH_SUBPATH_DIST || join(repo, 'target/dist-subpath');
const artifacts = join(repo, 'tests/e2e/artifacts');

let browser;
before(async () => {
  browser = await launch();
  await mkdir(artifacts, { recursive: true });
});
after(async () => browser?.close());

// Opens a page, collecting script errors. `blobBody` replaces the bytes of
// the blob the site fetches (its gzip copy, whatever its hashed name) to
// hand the app a damaged file.
async function openPage(url, { blobBody } = {}) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  if (blobBody !== undefined) {
    await page.route('**/data/reelgraph*.blob.gz', (route) => route.fulfill({ status: 200, body: blobBody }));
  }
  await page.goto(url);
  return { page, errors };
}

test('typing a title suggests it, and choosing it lists similar movies', async () => {
  const site = await serve(dist);
  try {
    const { page, errors } = await openPage(site.url);
    const input = page.locator('#search-input');
    await input.waitFor({ timeout: 30_000 });
    await input.pressSequentially('toy sto');

    const first = page.locator('.suggestion').first();
    await assert.doesNotReject(
      first.locator('.suggestion-title', { hasText: 'Toy Story (1995)' }).waitFor({ timeout: 5_000 }),
    );
    const suggested = await page.locator('.suggestion-title').allTextContents();
    assert.equal(suggested[0], 'Toy Story (1995)', `suggestions: ${suggested}`);
    assert.ok(suggested.includes('Toy Story 2 (1999)'), `suggestions: ${suggested}`);

    await first.click();
    await page.locator('#movie-title', { hasText: 'Toy Story (1995)' }).waitFor({ timeout: 5_000 });
    const neighbours = await page.locator('.neighbour-title').allTextContents();
    assert.ok(neighbours.length >= 10, `only ${neighbours.length} neighbours`);
    assert.ok(!neighbours.includes('Toy Story (1995)'), 'a movie is not its own neighbour');
    assert.ok(neighbours.includes('Toy Story 2 (1999)'), `neighbours: ${neighbours}`);
    await page.screenshot({ path: join(artifacts, 'toy-story.png'), fullPage: true });

    // A neighbour opens its own page.
    await page.locator('.neighbour-link', { hasText: 'Toy Story 2 (1999)' }).click();
    await page.locator('#movie-title', { hasText: 'Toy Story 2 (1999)' }).waitFor({ timeout: 5_000 });
    assert.match(page.url(), /#\/movie\/3114$/, 'the URL names the movie');
    assert.equal(await page.title(), 'Toy Story 2 (1999) — Reelgraph');

    // Back returns to the previous movie, Forward comes back.
    await page.goBack();
    await page.locator('#movie-title', { hasText: 'Toy Story (1995)' }).waitFor({ timeout: 5_000 });
    await page.goForward();
    await page.locator('#movie-title', { hasText: 'Toy Story 2 (1999)' }).waitFor({ timeout: 5_000 });

    assert.deepEqual(errors, []);
  } finally {
    site.close();
  }
});

test('keyboard: arrows and Enter pick a suggestion, Escape closes the list', async () => {
  const site = await serve(dist);
  try {
    const { page } = await openPage(site.url);
    const input = page.locator('#search-input');
    await input.waitFor({ timeout: 30_000 });
    await input.pressSequentially('godfather');
    await page.locator('.suggestion').first().waitFor();
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    await input.press('Escape');
    assert.equal(await input.getAttribute('aria-expanded'), 'false');
    assert.equal(await input.inputValue(), 'godfather', 'Escape closes the list, keeps the text');
    await input.press('ArrowDown');
    await input.press('ArrowDown');
    const second = (await page.locator('.suggestion-title').allTextContents())[1];
    assert.equal(await input.getAttribute('aria-activedescendant'), 'suggestion-1');
    await input.press('Enter');
    await page.locator('#movie-title', { hasText: second }).waitFor({ timeout: 5_000 });
  } finally {
    site.close();
  }
});

test('a corrupt blob shows a clear error and a retry button, and nothing crashes', async () => {
  const site = await serve(dist);
  try {
    const { page, errors } = await openPage(site.url, { blobBody: Buffer.from('not a blob at all') });
    const alert = page.locator('[role=alert] .error-message');
    await alert.waitFor({ timeout: 30_000 });
    assert.match(await alert.textContent(), /not a Reelgraph data file/);
    assert.equal(await page.locator('button.retry').count(), 1);
    await page.screenshot({ path: join(artifacts, 'corrupt-blob.png') });
    assert.deepEqual(errors.filter((e) => /panicked|unreachable/.test(e)), []);
  } finally {
    site.close();
  }
});

test('a truncated .gz download shows a clear error and a retry button', async () => {
  const site = await serve(dist);
  try {
    const shipped = (await readdir(join(dist, 'data'))).filter((f) => /^reelgraph-[0-9a-f]{16}\.blob\.gz$/.test(f));
    assert.equal(shipped.length, 1, `dist/data: ${shipped}`);
    const gz = await readFile(join(dist, 'data', shipped[0]));
    assert.deepEqual([...gz.subarray(0, 2)], [0x1f, 0x8b], 'the site ships gzip');
    const { page, errors } = await openPage(site.url, { blobBody: gz.subarray(0, gz.length >> 1) });
    const alert = page.locator('[role=alert] .error-message');
    await alert.waitFor({ timeout: 30_000 });
    assert.match(await alert.textContent(), /^Could not read the movie data: the download is not valid gzip/);
    assert.equal(await page.locator('button.retry').count(), 1);
    assert.deepEqual(errors.filter((e) => /panicked|unreachable/.test(e)), []);
  } finally {
    site.close();
  }
});

test('the site built for a sub-path works when served under it', async () => {
  const site = await serve(subpathDist, { prefix: '/reelgraph/' });
  try {
    const { page, errors } = await openPage(site.url);
    const input = page.locator('#search-input');
    await input.waitFor({ timeout: 30_000 });
    // The blob's name carries its content hash, and it resolves under the prefix.
    const blobUrl = await page.locator('#reelgraph-blob').evaluate((link) => link.href);
    assert.match(blobUrl, /\/reelgraph\/data\/reelgraph-[0-9a-f]{16}\.blob\.gz$/);
    assert.ok(blobUrl.startsWith(site.url), blobUrl);
    await input.pressSequentially('amelie');
    await page.locator('.suggestion-title', { hasText: 'Amélie' }).first().waitFor({ timeout: 5_000 });
    assert.deepEqual(errors, []);
    // A deep link loaded directly (as after a reload or from a shared link).
    const deep = await openPage(`${site.url}#/movie/858`);
    await deep.page.locator('#movie-title', { hasText: 'The Godfather (1972)' }).waitFor({ timeout: 30_000 });
    assert.ok((await deep.page.locator('.neighbour-title').count()) > 0);
    assert.deepEqual(deep.errors, []);
    // Nothing is served outside the prefix, so every request above used it.
    const outside = await fetch(site.url.replace('/reelgraph/', '/index.html'));
    assert.equal(outside.status, 404);
  } finally {
    site.close();
  }
});
