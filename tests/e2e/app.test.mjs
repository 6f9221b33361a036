// End-to-end: movie pages, the taste profile, "For you", importing a
// viewing history and shareable links (with the model shown, and to a movie
// the catalogue lacks), on the release site (dist/) served on 127.0.0.1 and
// driven in headless Chromium. Screenshots at phone and desktop widths,
// light and dark, land in tests/e2e/artifacts/.
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
const fixtures = join(repo, 'tests/fixtures/import');

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

// A fresh browser context (own localStorage) on `hash`, collecting errors.
async function open(hash = '', { width = 1280, height = 900, colorScheme = 'light' } = {}) {
  const page = await browser.newPage({ viewport: { width, height }, colorScheme });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(site.url + hash);
  await page.locator('.site-nav').waitFor({ timeout: 30_000 });
  return { page, errors };
}

const title = (page, text) => page.locator('#movie-title', { hasText: text }).waitFor({ timeout: 5_000 });
const texts = (page, selector) => page.locator(selector).allTextContents();

test('search → movie page → neighbour → back, with reasons and the model switch', async () => {
  const { page, errors } = await open();
  await page.locator('#search-input').pressSequentially('heat');
  await page.locator('.suggestion', { hasText: 'Heat (1995)' }).first().click();
  await title(page, 'Heat (1995)');
  assert.match(page.url(), /#\/movie\/6$/);
  assert.ok((await page.locator('.movie .rating').textContent()).includes('average from'));

  // The poster grid: every neighbour has a reason line.
  const cards = page.locator('.neighbours .neighbour');
  assert.ok((await cards.count()) >= 10);
  const reasons = await texts(page, '.neighbours .neighbour-reason');
  assert.equal(reasons.length, await cards.count(), 'one reason per neighbour');

  // The switch: one option per table, the first (default) chosen.
  const options = await texts(page, '.model-option');
  assert.ok(options.length >= 2, `options: ${options}`);
  assert.equal(await page.locator('.model-option input').first().isChecked(), true);
  const story = page.locator('.model-option', { hasText: 'Similar story' });
  if (await story.count()) {
    await story.click();
    await page.locator('#neighbours-heading', { hasText: 'Similar story' }).waitFor();
    const shares = await texts(page, '.neighbours .neighbour-reason');
    assert.ok(shares.every((r) => r.startsWith('shares: ')), `reasons: ${shares}`);
  }
  const fans = page.locator('.model-option', { hasText: 'Fans also liked' });
  if (await fans.count()) {
    await fans.click();
    await page.locator('#neighbours-heading', { hasText: 'Fans also liked' }).waitFor();
    const why = await texts(page, '.neighbours .neighbour-reason');
    assert.ok(why.every((r) => r === 'Fans of Heat (1995) also liked this'), `reasons: ${why}`);
  }

  const next = (await texts(page, '.neighbours .neighbour-title'))[0];
  await page.locator('.neighbours .neighbour-link').first().click();
  await title(page, next);
  assert.doesNotMatch(page.url(), /#\/movie\/6$/);
  await page.goBack();
  await title(page, 'Heat (1995)');
  await page.goBack();
  await page.locator('.hint').waitFor();
  assert.equal(await page.locator('#search-input').inputValue(), 'heat', 'Back restores the typed text');
  assert.match(page.url(), /#\/\?q=heat$/);
  assert.deepEqual(errors, []);
  await page.close();
});

const LIKED = [
  [1, 'Toy Story (1995)'],
  [2571, 'The Matrix (1999)'],
  [318, 'The Shawshank Redemption (1994)'],
];

async function likeThree(page) {
  for (const [id, label] of LIKED) {
    await page.goto(`${site.url}#/movie/${id}`);
    await title(page, label);
    await page.locator('button.like').click();
    await page.locator('button.like[aria-pressed="true"]').waitFor();
  }
}

test('like three movies → "For you" excludes them; a reload keeps the taste set', async () => {
  const { page, errors } = await open();
  await likeThree(page);
  assert.equal((await page.locator('.nav-for-you .badge').textContent()).replace(/\D/g, ''), '3');

  // The start page now shows a glimpse of "For you".
  await page.locator('.nav-search').click();
  await page.locator('.teaser-list .neighbour').first().waitFor({ timeout: 5_000 });
  const glimpse = await texts(page, '.teaser-list .neighbour-title');
  assert.equal(glimpse.length, 6);
  for (const [, label] of LIKED) assert.ok(!glimpse.includes(label), `${label} is liked, not recommended`);

  await page.locator('.nav-for-you').click();
  await page.locator('.for-you-list .neighbour').first().waitFor({ timeout: 5_000 });
  assert.match(page.url(), /#\/for-you\?like=1,2571,318$/);
  assert.deepEqual((await texts(page, '.for-you-list .neighbour-title')).slice(0, 6), glimpse);
  const picks = await texts(page, '.for-you-list .neighbour-title');
  assert.ok(picks.length >= 10, `only ${picks.length} picks`);
  for (const [, label] of LIKED) assert.ok(!picks.includes(label), `${label} is liked, not recommended`);
  assert.deepEqual(await texts(page, '.liked-chips .chip-title'), LIKED.map(([, l]) => l));

  // Not interested: gone from the list, never back.
  const first = picks[0];
  await page.locator('.for-you-list .card-dismiss').first().click();
  await page.locator('.dismissed summary', { hasText: 'Not interested (1)' }).waitFor();
  assert.ok(!(await texts(page, '.for-you-list .neighbour-title')).includes(first));

  await page.reload();
  await page.locator('.for-you-list .neighbour').first().waitFor({ timeout: 30_000 });
  assert.deepEqual(await texts(page, '.liked-chips .chip-title'), LIKED.map(([, l]) => l));
  assert.ok(!(await texts(page, '.for-you-list .neighbour-title')).includes(first));
  assert.equal(await page.locator('.shared-banner').count(), 0, 'my own link is not a shared taste');

  // Removing a chip updates the list and the link.
  await page.locator('.chip-remove[aria-label="Remove Toy Story (1995) from your taste"]').click();
  await page.waitForFunction(() => location.hash === '#/for-you?like=2571,318');
  assert.equal(await page.locator('.liked-chips .chip').count(), 2);
  assert.deepEqual(errors, []);
  await page.close();
});

async function importFile(page, file) {
  await page.goto(`${site.url}#/for-you`);
  await page.locator('#import-file').setInputFiles(join(fixtures, file));
  await page.locator('.import-summary').waitFor({ timeout: 5_000 });
}

test('an IMDb ratings export imports with the right match counts', async () => {
  const { page, errors } = await open();
  await importFile(page, 'imdb_ratings.csv');
  assert.equal(await page.locator('.import-matched-count').textContent(), '5');
  assert.match(await page.locator('.import-summary').textContent(), /5 of 8 films from imdb_ratings\.csv \(IMDb\)/);
  assert.deepEqual(await texts(page, '.import-unmatched li'), [
    'Oppenheimer (2023) — 9/10',
    'Breaking Bad (2008) — 10/10',
    'A Made-Up Film, With a Comma (2019) — 8/10',
  ]);
  assert.equal(await page.locator('#import-threshold').inputValue(), '8');
  await page.locator('.import-add', { hasText: 'Add 4 films to my taste' }).click();
  await page.locator('.import-added', { hasText: 'Added 4 films' }).waitFor();
  assert.deepEqual(await texts(page, '.liked-chips .chip-title'), [
    'Toy Story (1995)',
    'The Shawshank Redemption (1994)',
    'The Matrix (1999)',
    'Heat (1995)',
  ]);
  // A lower threshold adds The Godfather (rated 7) too.
  await page.locator('#import-threshold').selectOption('7');
  await page.locator('.import-add', { hasText: 'Add 5 films' }).click();
  await page.locator('.import-added', { hasText: 'Added 1 film ' }).waitFor();
  assert.equal(await page.locator('.liked-chips .chip').count(), 5);
  await page.locator('.for-you-list .neighbour').first().waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('a Letterboxd ratings.csv imports by title and year', async () => {
  const { page, errors } = await open();
  await importFile(page, 'letterboxd_ratings.csv');
  assert.equal(await page.locator('.import-matched-count').textContent(), '5');
  assert.deepEqual(await texts(page, '.import-unmatched li'), [
    'Parasite (2019) — 5★',
    'Everything Everywhere All at Once (2022) — 4.5★',
  ]);
  assert.equal(await page.locator('#import-threshold').inputValue(), '4');
  await page.locator('.import-add', { hasText: 'Add 4 films to my taste' }).click();
  await page.locator('.import-added', { hasText: 'Added 4 films' }).waitFor();
  const chips = await texts(page, '.liked-chips .chip-title');
  assert.equal(chips.length, 4);
  assert.ok(chips.some((c) => c.startsWith('Amelie')), `chips: ${chips}`);
  assert.ok(chips.includes('The Dark Knight (2008)'), `chips: ${chips}`);
  // Something that is not an export is refused with a message.
  await page.locator('#import-file').setInputFiles({ name: 'notes.csv', mimeType: 'text/csv', buffer: Buffer.from('hello,world\n1,2\n') });
  await page.locator('.import-error[role=alert]').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('a shared link restores the view: a movie, the search text, a taste set', async () => {
  const movie = await open('#/movie/318');
  await title(movie.page, 'The Shawshank Redemption (1994)');
  await movie.page.close();

  const search = await open('#/?q=toy%20sto');
  assert.equal(await search.page.locator('#search-input').inputValue(), 'toy sto');
  await search.page.close();

  const { page, errors } = await open('#/for-you?like=1,318,2571');
  await page.locator('.for-you-list .neighbour').first().waitFor({ timeout: 5_000 });
  await page.locator('.shared-banner', { hasText: 'shared taste: 3 liked films' }).waitFor();
  const picks = await texts(page, '.for-you-list .neighbour-title');
  for (const [, label] of LIKED) assert.ok(!picks.includes(label));
  // Adopting it makes it the visitor's own (and the link stays the same).
  await page.locator('.adopt-shared').click();
  assert.equal(await page.locator('.liked-chips .chip').count(), 3);
  assert.equal(await page.locator('.shared-banner').count(), 0);
  assert.match(page.url(), /#\/for-you\?like=1,318,2571$/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the model on a movie page is in the link: deep link, switch (in place), reload, Back', async () => {
  const { page, errors } = await open('#/movie/1?model=content');
  await title(page, 'Toy Story (1995)');
  const chosen = page.locator('.model-option.chosen');
  assert.equal(await chosen.textContent(), 'Similar story');
  assert.equal(await chosen.locator('input').isChecked(), true);
  assert.equal(await page.locator('.model-option input:checked').count(), 1);
  await page.locator('#neighbours-heading', { hasText: 'Similar story' }).waitFor();
  const story = await texts(page, '.neighbours .neighbour-title');
  assert.ok(story.length >= 10, `story: ${story}`);
  assert.match(page.url(), /#\/movie\/1\?model=content$/, 'the deep link is kept');

  // Switching model rewrites the link in place: no new history entry.
  const entries = await page.evaluate(() => history.length);
  await page.locator('.model-option', { hasText: 'Best match' }).click();
  await page.waitForFunction(() => location.hash === '#/movie/1');
  await page.locator('#neighbours-heading', { hasText: 'Best match' }).waitFor();
  const best = await texts(page, '.neighbours .neighbour-title');
  assert.notDeepEqual(best, story, 'the default list differs from "Similar story"');
  await page.locator('.model-option', { hasText: 'Fans also liked' }).click();
  await page.waitForFunction(() => location.hash === '#/movie/1?model=ratings');
  assert.equal(await page.evaluate(() => history.length), entries);

  // A reload keeps the model.
  await page.reload();
  await title(page, 'Toy Story (1995)');
  assert.equal(await page.locator('.model-option.chosen').textContent(), 'Fans also liked');
  await page.locator('#neighbours-heading', { hasText: 'Fans also liked' }).waitFor();
  assert.match(page.url(), /#\/movie\/1\?model=ratings$/);
  const fans = await texts(page, '.neighbours .neighbour-title');
  assert.notDeepEqual(fans, best);

  // Back and forth: the models stay chosen, and a link to a neighbour keeps it.
  await page.locator('.model-option', { hasText: 'Similar story' }).click();
  await page.waitForFunction(() => location.hash === '#/movie/1?model=content');
  const next = story[0];
  assert.match(await page.locator('.neighbours .neighbour-link').first().getAttribute('href'), /#\/movie\/\d+\?model=content$/);
  await page.locator('.neighbours .neighbour-link').first().click();
  await title(page, next);
  assert.match(page.url(), /#\/movie\/\d+\?model=content$/);
  await page.locator('.model-option', { hasText: 'Best match' }).click();
  await page.waitForFunction(() => /^#\/movie\/\d+$/.test(location.hash));
  await page.goBack();
  await title(page, 'Toy Story (1995)');
  assert.match(page.url(), /#\/movie\/1\?model=content$/, 'Back is the previous movie as it was left');
  assert.equal(await page.locator('.model-option.chosen').textContent(), 'Similar story');
  assert.deepEqual(await texts(page, '.neighbours .neighbour-title'), story);
  assert.deepEqual(errors, []);
  await page.close();

  // An unknown model is the default, and the link says so.
  const odd = await open('#/movie/1?model=nonsense');
  await title(odd.page, 'Toy Story (1995)');
  assert.equal(await odd.page.locator('.model-option.chosen').textContent(), 'Best match');
  await odd.page.waitForFunction(() => location.hash === '#/movie/1');
  assert.deepEqual(await texts(odd.page, '.neighbours .neighbour-title'), best);
  assert.deepEqual(odd.errors, []);
  await odd.page.close();
});

test('a link to a movie the catalogue lacks says so, and search still works', async () => {
  const { page, errors } = await open('#/movie/999999999');
  const note = page.locator('.missing-movie');
  await note.waitFor({ timeout: 5_000 });
  assert.match(await note.textContent(), /No movie with id 999999999 in this catalogue/);
  assert.equal(await page.locator('#movie-title').count(), 0);
  assert.match(page.url(), /#\/movie\/999999999$/, 'the link is left as it was');
  assert.equal(await page.title(), 'No such movie — Reelgraph');
  await page.reload();
  await note.waitFor({ timeout: 30_000 });

  await page.locator('#search-input').pressSequentially('heat');
  await page.locator('.suggestion', { hasText: 'Heat (1995)' }).first().click();
  await title(page, 'Heat (1995)');
  assert.equal(await note.count(), 0);
  assert.match(page.url(), /#\/movie\/6$/);
  await page.goBack();
  await note.waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('a taste saved under an older catalogue drops unknown movies with a note', async () => {
  const { page, errors } = await open();
  await page.evaluate(() => localStorage.setItem('reelgraph.taste', 'reelgraph-taste v1\nliked 1 999999999\n'));
  await page.goto(`${site.url}#/for-you`);
  await page.reload();
  await page.locator('.taste .note', { hasText: '999999999' }).waitFor({ timeout: 30_000 });
  assert.deepEqual(await texts(page, '.liked-chips .chip-title'), ['Toy Story (1995)']);
  assert.deepEqual(errors, []);
  await page.close();
});

test('screenshots at 375 px and 1280 px, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    for (const width of [375, 1280]) {
      const tag = `${width}-${colorScheme}`;
      const { page, errors } = await open('#/movie/6', { width, height: width < 500 ? 812 : 900, colorScheme });
      await title(page, 'Heat (1995)');
      await page.screenshot({ path: join(artifacts, `movie-${tag}.png`) });
      await page.locator('#neighbours-heading').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(artifacts, `movie-grid-${tag}.png`) });
      await page.locator('button.like').click();
      await page.goto(`${site.url}#/movie/1`);
      await title(page, 'Toy Story (1995)');
      await page.locator('button.like').click();
      await page.locator('.nav-for-you').click();
      await page.locator('.for-you-list .neighbour').first().waitFor();
      await page.screenshot({ path: join(artifacts, `for-you-${tag}.png`) });
      await page.locator('.for-you-picks').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(artifacts, `for-you-list-${tag}.png`) });
      await page.locator('#import-file').setInputFiles(join(fixtures, 'imdb_ratings.csv'));
      await page.locator('.import-summary').waitFor();
      await page.locator('.import-unmatched summary').click();
      await page.locator('.import').screenshot({ path: join(artifacts, `import-${tag}.png`) });
      await page.goto(`${site.url}#/`);
      await page.locator('.teaser-list .neighbour').first().waitFor();
      await page.screenshot({ path: join(artifacts, `home-${tag}.png`) });
      await page.locator('#search-input').pressSequentially('god');
      await page.locator('.suggestion').first().waitFor();
      await page.screenshot({ path: join(artifacts, `search-${tag}.png`) });
      // Keyboard focus is visible.
      await page.keyboard.press('Escape');
      await page.keyboard.press('Shift+Tab');
      await page.screenshot({ path: join(artifacts, `focus-${tag}.png`), clip: { x: 0, y: 0, width, height: 200 } });
      assert.deepEqual(errors, []);
      await page.close();
    }
  }
  // Loading skeleton and the failure message (blob held back, then refused).
  const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
  let release;
  const held = new Promise((r) => (release = r));
  await page.route('**/data/reelgraph*.blob.gz', async (route) => {
    await held;
    await route.fulfill({ status: 503, body: 'unavailable' });
  });
  await page.goto(site.url);
  await page.locator('.status.loading .skeleton-card').first().waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(artifacts, 'loading-375-light.png') });
  release();
  await page.locator('.status.error button.retry').waitFor();
  assert.match(await page.locator('.error-message').textContent(), /HTTP 503/);
  await page.screenshot({ path: join(artifacts, 'error-375-light.png') });
  // Retry works once the data is back.
  await page.unroute('**/data/reelgraph*.blob.gz');
  await page.locator('button.retry').click();
  await page.locator('#search-input').waitFor({ timeout: 30_000 });
  await page.close();
});

test('under a sub-path, shared links and in-app links keep the prefix', async () => {
  const subpathDist = process.env.REELGRAPH_SUBPATH_DIST || join(repo, 'target/dist-subpath');
  const sub = await serve(subpathDist, { prefix: '/reelgraph/' });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${sub.url}#/for-you?like=1,318,2571`);
    await page.locator('.for-you-list .neighbour').first().waitFor({ timeout: 30_000 });
    const href = await page.locator('.for-you-list .neighbour-link').first().getAttribute('href');
    assert.match(href, /^\/reelgraph\/#\/movie\/\d+$/);
    await page.locator('.for-you-list .neighbour-link').first().click();
    await page.locator('#movie-title').waitFor();
    assert.ok(page.url().startsWith(`${sub.url}#/movie/`), page.url());
    await page.goBack();
    await page.locator('.for-you-list .neighbour').first().waitFor();
    assert.match(page.url(), /\/reelgraph\/#\/for-you\?like=1,318,2571$/);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    sub.close();
  }
});
