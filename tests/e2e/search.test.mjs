// End-to-end: search as you type on the release site (dist/, or
// REELGRAPH_DIST) with the bundled catalogue, served on 127.0.0.1 and driven
// in headless Chromium — typos, accents, leading articles, a year in the
// query, the keyboard, touch, and how long each search takes in the page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dist = process.env.REELGRAPH_DIST || join(repo, 'dist');
const artifacts = join(repo, 'tests/e2e/artifacts');

let browser;
let site;
before(async () => {
  browser = await launch();
  site = await serve(dist);
  await mkdir(artifacts, { recursive: true });
});
after(async () => {
  site?.close();
  await browser?.close();
});

// A fresh page on the start page, collecting script errors.
async function open(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(site.url);
  const input = page.locator('#search-input');
  await input.waitFor({ timeout: 30_000 });
  return { page, input, errors, close: () => context.close() };
}

// Types `text` key by key into an empty box and returns the suggestion
// titles once the list shows what the last keystroke asked for.
async function suggest(page, input, text) {
  await input.fill('');
  await input.pressSequentially(text);
  await page.waitForFunction(
    (q) => document.getElementById('search-input').value === q,
    text,
  );
  await page.locator('.suggestion').first().waitFor({ timeout: 5_000 });
  return page.locator('.suggestion-title').allTextContents();
}

test('typos, accents, leading articles and years', async () => {
  const { page, input, errors, close } = await open();
  try {
    const shawshank = await suggest(page, input, 'shawshenk');
    assert.equal(shawshank[0], 'The Shawshank Redemption (1994)', `suggestions: ${shawshank}`);

    const amelie = await suggest(page, input, 'amelie');
    assert.match(amelie[0], /^Amelie \(.*Amélie.*\) \(2001\)$/, `suggestions: ${amelie}`);
    assert.equal((await suggest(page, input, 'AMÉLIE'))[0], amelie[0], 'accents and case fold');
    assert.equal((await suggest(page, input, 'amelei'))[0], amelie[0], 'a transposition');

    const godfather = await suggest(page, input, 'godfather');
    assert.equal(godfather[0], 'The Godfather (1972)', `suggestions: ${godfather}`);
    assert.ok(godfather.includes('The Godfather: Part II (1974)'), `suggestions: ${godfather}`);

    const paprika = await suggest(page, input, 'paprika 2006');
    assert.match(paprika[0], /^Paprika .*\(2006\)$/, `suggestions: ${paprika}`);
    assert.ok(paprika.every((t) => t.endsWith('(2006)')), `the year narrows: ${paprika}`);

    // Same-title films are told apart by their years.
    const hamlet = await suggest(page, input, 'hamlet');
    const years = hamlet.filter((t) => /^Hamlet \(\d{4}\)$/.test(t));
    assert.ok(years.length >= 2, `suggestions: ${hamlet}`);
    assert.equal(new Set(years).size, years.length, 'no two identical labels');

    // Nothing matches: a note instead of an empty list.
    await input.fill('');
    await input.pressSequentially('qwxzvq');
    await page.locator('.search-no-match').waitFor({ state: 'visible', timeout: 5_000 });
    assert.equal(await input.getAttribute('aria-expanded'), 'false');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('arrows and Enter open a movie; Escape closes the list', async () => {
  const { page, input, errors, close } = await open();
  try {
    const titles = await suggest(page, input, 'godfather');
    assert.equal(await input.getAttribute('role'), 'combobox');
    assert.equal(await input.getAttribute('aria-controls'), 'suggestions');
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.locator('#suggestions').getAttribute('role'), 'listbox');

    await input.press('ArrowDown');
    await input.press('ArrowDown');
    assert.equal(await input.getAttribute('aria-activedescendant'), 'suggestion-1');
    assert.equal(await page.locator('#suggestion-1').getAttribute('aria-selected'), 'true');
    assert.equal(await page.locator('#suggestion-0').getAttribute('aria-selected'), 'false');
    await input.press('ArrowUp');
    assert.equal(await input.getAttribute('aria-activedescendant'), 'suggestion-0');
    await input.press('ArrowUp');
    assert.equal(
      await input.getAttribute('aria-activedescendant'),
      `suggestion-${titles.length - 1}`,
      'wraps to the bottom',
    );
    await page.screenshot({ path: join(artifacts, 'search-keyboard.png') });

    // Escape closes the list and keeps the text; ArrowDown reopens it.
    await input.press('Escape');
    assert.equal(await input.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('#suggestions').isHidden(), true);
    assert.equal(await input.inputValue(), 'godfather');
    assert.equal(await input.getAttribute('aria-activedescendant'), null);
    await input.press('ArrowDown');
    await input.press('ArrowDown');
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    assert.equal(await input.getAttribute('aria-activedescendant'), 'suggestion-1');

    await input.press('Enter');
    await page.locator('#movie-title', { hasText: titles[1] }).waitFor({ timeout: 5_000 });
    assert.equal(await input.inputValue(), titles[1]);
    assert.match(page.url(), /#\/movie\/\d+$/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a tap on a suggestion opens it on a phone', async () => {
  const { page, input, errors, close } = await open({
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
  });
  try {
    await suggest(page, input, 'toy sto');
    await page.locator('.suggestion', { hasText: 'Toy Story 2 (1999)' }).tap();
    await page.locator('#movie-title', { hasText: 'Toy Story 2 (1999)' }).waitFor({ timeout: 5_000 });
    assert.match(page.url(), /#\/movie\/3114$/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('each search stays far below one frame in the page', async () => {
  const { page, input, close } = await open();
  try {
    for (const q of ['the lord of the rings', 'shawshenk redemption', 'star wars 1977']) {
      await input.fill('');
      await input.pressSequentially(q);
    }
    const durations = await page.evaluate(() =>
      performance.getEntriesByName('reelgraph:search').map((e) => e.duration),
    );
    assert.ok(durations.length >= 50, `${durations.length} searches measured`);
    durations.sort((a, b) => a - b);
    const median = durations[Math.floor(durations.length / 2)];
    const worst = durations[durations.length - 1];
    console.log(`# in-page search: ${durations.length} searches, median ${median.toFixed(2)} ms, max ${worst.toFixed(2)} ms`);
    assert.ok(median < 4, `median ${median} ms`);
    assert.ok(worst < 16, `max ${worst} ms`);
  } finally {
    await close();
  }
});
