// End-to-end: movie details from TMDB, against the release site (dist/) and
// a local stand-in for TMDB that serves the handwritten fixtures of
// tests/fixtures/tmdb/ under /tmdb-fixture/ on the same origin (so the
// page's Content-Security-Policy 'self' covers it). The client is pointed
// at it through its localStorage overrides, set before the app starts.
//
// With a key, the grid cards ask for their movies too (posters), once seen:
// of Toy Story's neighbours, Toy Story 2, Shrek, Toy Story 3 and Beauty and
// the Beast have fixtures; the others get 404s and keep their placeholders.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dist = process.env.REELGRAPH_DIST || join(repo, 'dist');
const fixtures = join(repo, 'tests/fixtures/tmdb');
const artifacts = join(repo, 'tests/e2e/artifacts');

const KEY = '0123456789abcdef0123456789abcdef';
const OTHER_KEY = 'fedcba9876543210fedcba9876543210';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJyZWVsZ3JhcGgtdGVzdCJ9.c2lnbmF0dXJlLW5vdC1jaGVja2Vk';
// A 2:3 picture for every image URL (served as SVG whatever the name).
const IMAGE = '<svg xmlns="http://www.w3.org/2000/svg" width="185" height="278"><rect width="185" height="278" fill="#a4132e"/></svg>';

let browser;
before(async () => {
  browser = await launch();
  await mkdir(artifacts, { recursive: true });
});
after(async () => browser?.close());

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Waits until no TMDB movie request has arrived for `quietMs`.
async function settled(tmdb, quietMs = 500) {
  let count = -1;
  while (count !== tmdb.movieRequests().length) {
    count = tmdb.movieRequests().length;
    await sleep(quietMs);
  }
  return count;
}

async function waitUntil(cond, what, timeout = 10_000) {
  const end = Date.now() + timeout;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

// A stand-in for TMDB. `answer(id, n, req, url)` decides each movie
// request (n counts that movie's requests from 1) and returns
// { status, body, headers, delayMs }; the default serves the fixture with
// status 200, or 404 if there is none. Every request is recorded.
async function fakeTmdb(answer = () => undefined) {
  const requests = [];
  const perMovie = new Map();
  const handler = async (req, res, path) => {
    if (path.startsWith('/tmdb-fixture/img/')) {
      requests.push({ kind: 'image', path, at: Date.now() });
      res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(IMAGE);
      return true;
    }
    const m = path.match(/^\/tmdb-fixture\/3\/movie\/(\d+)$/);
    if (!m) return false;
    const id = Number(m[1]);
    const url = new URL(req.url, 'http://x');
    const n = (perMovie.get(id) ?? 0) + 1;
    perMovie.set(id, n);
    requests.push({ kind: 'movie', id, n, url, authorization: req.headers.authorization, at: Date.now() });
    let reply = answer(id, n, req, url);
    if (reply === undefined) {
      const key = url.searchParams.get('api_key');
      const bearer = req.headers.authorization;
      if (key !== KEY && key !== OTHER_KEY && bearer !== `Bearer ${TOKEN}`) {
        reply = { status: 401, file: '401.json' };
      } else {
        reply = { status: 200, file: `${id}.json` };
      }
    }
    if (reply.delayMs) await sleep(reply.delayMs);
    let body = reply.body;
    let status = reply.status ?? 200;
    if (body === undefined) {
      try {
        body = await readFile(join(fixtures, reply.file ?? `${id}.json`));
      } catch {
        status = 404;
        body = await readFile(join(fixtures, '404.json'));
      }
    }
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...(reply.headers ?? {}) });
    res.end(body);
    return true;
  };
  const site = await serve(dist, { handler });
  const movieRequests = (id) => requests.filter((r) => r.kind === 'movie' && (id === undefined || r.id === id));
  return { site, requests, movieRequests };
}

// Opens the site with the TMDB client pointed at the fake, optionally with
// a credential already saved, and collects script errors, CSP violations
// and console errors (the browser's "Failed to load resource" notes for the
// fake's 404 movie answers apart, in `notFound`: TMDB not knowing a movie is
// an expected answer).
async function openPage(site, hash, { credential, beforeGoto, deviceScaleFactor = 1 } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor });
  const page = await context.newPage();
  const problems = { pageErrors: [], csp: [], console: [], notFound: [] };
  page.on('pageerror', (e) => problems.pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/Content Security Policy/i.test(m.text())) problems.csp.push(m.text());
    if (/status of 404/.test(m.text()) && /\/tmdb-fixture\/3\/movie\/\d+/.test(m.location().url ?? '')) {
      problems.notFound.push(m.location().url);
      return;
    }
    problems.console.push(m.text());
  });
  const base = new URL(site.url);
  await page.addInitScript(
    ({ api, img, credential }) => {
      localStorage.setItem('reelgraph.tmdb.api_base', api);
      localStorage.setItem('reelgraph.tmdb.image_base', img);
      if (credential) localStorage.setItem('reelgraph.tmdb.credential', credential);
    },
    { api: `${base.origin}/tmdb-fixture`, img: `${base.origin}/tmdb-fixture/img`, credential },
  );
  if (beforeGoto) await beforeGoto(page);
  await page.goto(`${site.url}${hash}`);
  return { page, problems, close: () => context.close() };
}

const title = (page, text) => page.locator('#movie-title', { hasText: text }).waitFor({ timeout: 30_000 });
const details = (page) => page.locator('section.tmdb-details');
// A grid card by its title, and the TMDB poster in it.
const card = (page, text) => page.locator('li.neighbour', { hasText: text });
const gridPosters = (page) => page.locator('li.neighbour img.poster-image');

// The rest of the app still works: search and open another movie.
async function assertUsable(page) {
  const input = page.locator('#search-input');
  await input.fill('');
  await input.pressSequentially('jumanji');
  await page.locator('.suggestion', { hasText: 'Jumanji (1995)' }).first().click();
  await title(page, 'Jumanji (1995)');
}

function assertClean(problems) {
  assert.deepEqual(problems.pageErrors, [], 'no script errors');
  assert.deepEqual(problems.csp, [], 'no Content-Security-Policy violations');
  assert.deepEqual(
    problems.console.filter((t) => /panicked|unreachable|RuntimeError/.test(t)),
    [],
    'no panics',
  );
}

test('with a key, the movie page shows its poster and details from one request', async () => {
  const tmdb = await fakeTmdb();
  const { page, problems, close } = await openPage(tmdb.site, '#/movie/1', { credential: KEY });
  try {
    await title(page, 'Toy Story (1995)');
    const section = details(page);
    await section.waitFor({ timeout: 10_000 });
    assert.equal(await section.locator('.tmdb-tagline').textContent(), 'Hang on for the comedy that goes to infinity and beyond!');
    assert.match(await section.locator('.tmdb-overview').textContent(), /^Led by Woody, Andy's toys live happily/);
    const facts = await section.locator('.tmdb-facts').textContent();
    assert.match(facts, /Released 30 Oct 1995/);
    assert.match(facts, /1 h 21 min/);
    assert.match(facts, /TMDB 8\.0\/10 · 18,253 votes/);
    assert.equal(await section.locator('.tmdb-director-names').textContent(), 'John Lasseter');
    const cast = await section.locator('.tmdb-cast li').allTextContents();
    assert.equal(cast.length, 8, `top-billed cast: ${cast}`);
    assert.equal(cast[0], 'Tom Hanks as Woody (voice)');
    assert.equal(await section.locator('a.tmdb-trailer').getAttribute('href'), 'https://www.youtube.com/watch?v=v-PjgYDrg70');

    const poster = section.locator('img.tmdb-poster');
    const origin = new URL(tmdb.site.url).origin;
    assert.equal(await poster.getAttribute('src'), `${origin}/tmdb-fixture/img/w185/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg`);
    assert.equal(
      await poster.getAttribute('srcset'),
      `${origin}/tmdb-fixture/img/w185/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg 185w, ${origin}/tmdb-fixture/img/w342/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg 342w`,
    );
    assert.equal(await poster.getAttribute('loading'), 'lazy');
    assert.equal(await poster.getAttribute('alt'), 'Poster of Toy Story');
    await page.waitForFunction(() => document.querySelector('img.tmdb-poster')?.naturalWidth > 0, null, { timeout: 5_000 });
    assert.equal(await section.locator('img.tmdb-backdrop').count(), 1);

    // One request for the movie, with credits and videos appended, the key
    // in the query; it went first (grid posters follow).
    const [request, ...more] = tmdb.movieRequests(862);
    assert.equal(more.length, 0, 'one request per movie');
    assert.equal(tmdb.movieRequests()[0].id, 862, 'the movie on screen first');
    assert.equal(request.url.searchParams.get('append_to_response'), 'credits,videos');
    assert.equal(request.url.searchParams.get('api_key'), KEY);
    assert.equal(request.authorization, undefined);

    // The blob's data is still there, and the footer credits TMDB.
    assert.ok((await page.locator('.neighbour-title').count()) > 0 || (await page.locator('.movie-card').count()) > 0);
    assert.match(
      await page.locator('.site-footer').textContent(),
      /This product uses the TMDB API but is not endorsed or certified by TMDB/,
    );
    await page.screenshot({ path: join(artifacts, 'tmdb-details.png'), fullPage: true });
    assertClean(problems);
    assert.deepEqual(problems.console, [], 'no console errors at all');
  } finally {
    await close();
    tmdb.site.close();
  }
});

test('a read-access token is sent as a Bearer header, not in the URL', async () => {
  const tmdb = await fakeTmdb();
  const { page, problems, close } = await openPage(tmdb.site, '#/movie/1', { credential: TOKEN });
  try {
    await details(page).waitFor({ timeout: 30_000 });
    const [request] = tmdb.movieRequests(862);
    assert.equal(request.authorization, `Bearer ${TOKEN}`);
    assert.equal(request.url.searchParams.get('api_key'), null);
    assertClean(problems);
  } finally {
    await close();
    tmdb.site.close();
  }
});

test('without a key nothing is requested and the page says how to add one', async () => {
  const tmdb = await fakeTmdb();
  const { page, problems, close } = await openPage(tmdb.site, '#/movie/1');
  try {
    await title(page, 'Toy Story (1995)');
    const hint = page.locator('.tmdb-hint');
    await hint.waitFor({ timeout: 5_000 });
    assert.match(await hint.textContent(), /need a free TMDB API key/);
    assert.equal(tmdb.movieRequests().length, 0);

    // The hint opens the settings panel; a paste of the wrong shape is refused.
    await hint.locator('button').click();
    const key = page.locator('#tmdb-key');
    await key.waitFor({ state: 'visible', timeout: 5_000 });
    await key.fill('not a key');
    await page.locator('.tmdb-key-form button[type=submit]').click();
    assert.match(await page.locator('.tmdb-key-error').textContent(), /does not look like a TMDB API key/);
    assert.equal(tmdb.movieRequests().length, 0);

    assert.equal(await gridPosters(page).count(), 0, 'placeholders only');

    // A valid key is kept in this browser only, and the details follow,
    // then the grid cards' posters.
    await key.fill(`  ${KEY}  `);
    await page.locator('.tmdb-key-form button[type=submit]').click();
    await details(page).waitFor({ timeout: 10_000 });
    assert.equal(await page.evaluate(() => localStorage.getItem('reelgraph.tmdb.credential')), KEY);
    assert.match(await page.locator('.tmdb-key-status').textContent(), /Using your TMDB API key \(v3\) — TMDB accepts it/);
    // The details push the grid below the fold: its posters come once seen.
    await card(page, 'Toy Story 2 (1999)').scrollIntoViewIfNeeded();
    await card(page, 'Toy Story 2 (1999)').locator('img.poster-image').waitFor({ timeout: 10_000 });
    assert.equal(tmdb.movieRequests()[0].id, 862, 'the movie on screen first');

    // Removable: gone from storage, the hint is back, the posters go and
    // nothing more is asked.
    await page.locator('button.tmdb-remove-key').click();
    await page.locator('.tmdb-hint').waitFor({ timeout: 5_000 });
    assert.equal(await page.evaluate(() => localStorage.getItem('reelgraph.tmdb.credential')), null);
    assert.equal(await gridPosters(page).count(), 0, 'placeholders again');
    const sent = tmdb.movieRequests().length;
    await page.mouse.wheel(0, 2_000);
    await sleep(500);
    assert.equal(tmdb.movieRequests().length, sent, 'no request without a key');
    assert.equal(tmdb.movieRequests(862).length, 1);
    assertClean(problems);
  } finally {
    await close();
    tmdb.site.close();
  }
});

test('401: one clear message, no more requests until the key changes, app usable', async () => {
  const tmdb = await fakeTmdb();
  const { page, problems, close } = await openPage(tmdb.site, '#/movie/1', { credential: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
  try {
    await title(page, 'Toy Story (1995)');
    const rejected = page.locator('.tmdb-rejected');
    await rejected.waitFor({ timeout: 10_000 });
    assert.match(await rejected.textContent(), /TMDB rejected the API key or token/);
    assert.equal(await page.locator('[role=alert]').count(), 1, 'said once');
    await page.screenshot({ path: join(artifacts, 'tmdb-401.png') });

    // Another movie: the message stays single and nothing more is sent.
    await assertUsable(page);
    await sleep(300);
    assert.equal(await page.locator('.tmdb-rejected').count(), 1);
    assert.equal(await page.locator('[role=alert]').count(), 1);
    assert.equal(tmdb.movieRequests().length, 1, 'stopped after the 401');
    assert.equal(await gridPosters(page).count(), 0, 'placeholders only');

    // A new key resumes requests.
    await rejected.locator('button').click();
    await page.locator('#tmdb-key').fill(OTHER_KEY);
    await page.locator('.tmdb-key-form button[type=submit]').click();
    await details(page).waitFor({ timeout: 10_000 });
    assert.equal(await details(page).locator('.tmdb-tagline').textContent(), 'Roll the dice and unleash the excitement!');
    assert.equal(await page.locator('.tmdb-rejected').count(), 0);
    assertClean(problems);
  } finally {
    await close();
    tmdb.site.close();
  }
});

test('404: the movie shows its blob data only, quietly', async () => {
  const tmdb = await fakeTmdb((id) => (id === 862 ? { status: 404, file: '404.json' } : undefined));
  const { page, problems, close } = await openPage(tmdb.site, '#/movie/1', { credential: KEY });
  try {
    await title(page, 'Toy Story (1995)');
    await waitUntil(() => tmdb.movieRequests(862).length === 1, 'the request');
    await page.locator('.tmdb-loading').waitFor({ state: 'detached', timeout: 5_000 });
    assert.equal(await details(page).count(), 0);
    assert.equal(await page.locator('.tmdb-message, .tmdb-note, .tmdb-hint, [role=alert]').count(), 0, 'nothing to say');
    assert.match(await page.locator('.movie-meta').textContent(), /ratings/);
    await assertUsable(page);
    await details(page).waitFor({ timeout: 10_000 });
    assertClean(problems);
  } finally {
    await close();
    tmdb.site.close();
  }
});

test('429: waits for Retry-After, then retries and succeeds', async () => {
  const tmdb = await fakeTmdb((id, n) =>
    n === 1 ? { status: 429, file: '429.json', headers: { 'retry-after': '2' } } : undefined,
  );
  const { page, problems, close } = await openPage(tmdb.site, '#/movie/1', { credential: KEY });
  try {
    await title(page, 'Toy Story (1995)');
    await page.locator('.tmdb-retrying').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('[role=alert]').count(), 0, 'a pause is not an error');
    await details(page).waitFor({ timeout: 10_000 });
    const [first, second, ...more] = tmdb.movieRequests(862);
    assert.equal(more.length, 0);
    assert.ok(second.at - first.at >= 1_900, `retried after ${second.at - first.at} ms, asked for 2 s`);
    assertClean(problems);
  } finally {
    await close();
    tmdb.site.close();
  }
});

test('a slow answer shows a loading state, then the details', async () => {
  const tmdb = await fakeTmdb(() => ({ delayMs: 1_500, status: 200, file: '862.json' }));
  const { page, problems, close } = await openPage(tmdb.site, '#/movie/1', { credential: KEY });
  try {
    await title(page, 'Toy Story (1995)');
    const loading = page.locator('.tmdb-loading');
    await loading.waitFor({ timeout: 5_000 });
    assert.match(await loading.textContent(), /Loading details from TMDB/);
    assert.equal(await details(page).locator('.tmdb-tagline').count(), 0);
    await details(page).locator('.tmdb-tagline').waitFor({ timeout: 10_000 });
    assert.equal(await loading.count(), 0);
    assertClean(problems);
  } finally {
    await close();
    tmdb.site.close();
  }
});

test('a malformed body: a clear message, the app usable, Try again recovers', async () => {
  const tmdb = await fakeTmdb((id, n) =>
    id === 862 && n === 1 ? { status: 200, body: '{"id": 862, "title": "Toy Story", "overview": "Led by' } : undefined,
  );
  const { page, problems, close } = await openPage(tmdb.site, '#/movie/1', { credential: KEY });
  try {
    await title(page, 'Toy Story (1995)');
    const message = page.locator('.tmdb-malformed');
    await message.waitFor({ timeout: 10_000 });
    assert.match(await message.textContent(), /TMDB sent details Reelgraph could not read \(not valid JSON/);
    assert.equal(await page.locator('[role=alert]').count(), 1);
    await message.locator('button.tmdb-retry').click();
    await details(page).waitFor({ timeout: 10_000 });
    assert.equal(tmdb.movieRequests(862).length, 2);
    await assertUsable(page);
    assertClean(problems);
  } finally {
    await close();
    tmdb.site.close();
  }
});

test('offline: falls back quietly, and Try again fetches once the network is back', async () => {
  const tmdb = await fakeTmdb();
  const offline = (page) => page.route('**/tmdb-fixture/3/**', (route) => route.abort('internetdisconnected'));
  const { page, problems, close } = await openPage(tmdb.site, '#/movie/1', { credential: KEY, beforeGoto: offline });
  try {
    await title(page, 'Toy Story (1995)');
    const note = page.locator('.tmdb-unavailable');
    await note.waitFor({ timeout: 10_000 });
    assert.match(await note.textContent(), /unavailable right now/);
    assert.equal(await page.locator('[role=alert]').count(), 0, 'quiet');
    await page.unroute('**/tmdb-fixture/3/**');
    await note.locator('button').click();
    await details(page).waitFor({ timeout: 10_000 });
    assert.equal(tmdb.movieRequests(862).length, 1, 'the aborted request never reached the server');
    assertClean(problems);
  } finally {
    await close();
    tmdb.site.close();
  }
});

test('the cache: a movie seen before is not requested again, even after a reload', async () => {
  const tmdb = await fakeTmdb();
  const { page, problems, close } = await openPage(tmdb.site, '#/movie/1', { credential: KEY });
  try {
    await details(page).locator('.tmdb-tagline', { hasText: 'infinity and beyond' }).waitFor({ timeout: 30_000 });
    await page.evaluate(() => { location.hash = '#/movie/2'; });
    await details(page).locator('.tmdb-tagline', { hasText: 'Roll the dice' }).waitFor({ timeout: 10_000 });
    await page.goBack();
    await details(page).locator('.tmdb-tagline', { hasText: 'infinity and beyond' }).waitFor({ timeout: 10_000 });
    assert.equal(tmdb.movieRequests(862).length, 1, 'memory cache');

    // The persistent cache is written shortly after an answer.
    await page.waitForFunction(() => (localStorage.getItem('reelgraph.tmdb.cache') ?? '').includes('"8844"'), null, { timeout: 5_000 });
    await page.reload();
    await details(page).locator('.tmdb-tagline', { hasText: 'infinity and beyond' }).waitFor({ timeout: 30_000 });
    assert.equal(tmdb.movieRequests(862).length, 1, 'persistent cache');
    assert.equal(tmdb.movieRequests(8844).length, 1);
    assertClean(problems);
  } finally {
    await close();
    tmdb.site.close();
  }
});

const POSTER_PATHS = {
  'Toy Story 2 (1999)': '/2MFIhZAW0CVlEQrFyqwa4U6zqJP.jpg',
  'Shrek (2001)': '/iB64vpL3dIObOtMZgX3RqdVdQDc.jpg',
  'Toy Story 3 (2010)': '/AbbXspMOwdvwWZgVN0nabZq03Ec.jpg',
};
// Neighbours of Toy Story without a fixture (the fake answers 404).
const NO_FIXTURE = { 'Babe (1995)': 9598, 'The Sixth Sense (1999)': 745 };
const WITH_FIXTURE = [863, 808, 10193];
const BEAUTY = 10020; // 'Beauty and the Beast (1991)', in the grid's fourth row

test('grid cards: TMDB posters (w185/w342 srcset, lazy) once seen, placeholders for 404s, cached', async () => {
  const tmdb = await fakeTmdb();
  const { page, problems, close } = await openPage(tmdb.site, '#/movie/1', { credential: KEY });
  const origin = new URL(tmdb.site.url).origin;
  try {
    await details(page).locator('.tmdb-tagline').waitFor({ timeout: 30_000 });
    // The details push the grid below the fold (at 1280×900): only the
    // first row may have been asked for, if it was seen before they came.
    await sleep(300);
    const beforeScrolling = tmdb.movieRequests().length;
    console.log(`# first visit, before scrolling: ${beforeScrolling} TMDB requests`);
    assert.ok(beforeScrolling <= 1 + 5, `at most the movie and the first row: ${beforeScrolling}`);
    await card(page, 'Toy Story 2 (1999)').scrollIntoViewIfNeeded();
    for (const [name, path] of Object.entries(POSTER_PATHS)) {
      const img = card(page, name).locator('img.poster-image');
      await img.waitFor({ timeout: 10_000 });
      assert.equal(await img.getAttribute('src'), `${origin}/tmdb-fixture/img/w185${path}`, name);
      assert.equal(
        await img.getAttribute('srcset'),
        `${origin}/tmdb-fixture/img/w185${path} 185w, ${origin}/tmdb-fixture/img/w342${path} 342w`,
        name,
      );
      assert.match(await img.getAttribute('sizes'), /11rem$/, name);
      assert.equal(await img.getAttribute('loading'), 'lazy');
      assert.equal(await img.getAttribute('decoding'), 'async');
      assert.equal(await img.getAttribute('alt'), '', 'decorative: the card names the movie');
      // Over the placeholder, which stays underneath.
      assert.equal(await card(page, name).locator('.poster .poster-initials').count(), 1);
    }
    await page.waitForFunction(
      () => [...document.querySelectorAll('li.neighbour img.poster-image')].filter((i) => i.naturalWidth > 0).length >= 3,
      null,
      { timeout: 5_000 },
    );
    // A 1x screen takes w185.
    const images = tmdb.requests.filter((r) => r.kind === 'image').map((r) => r.path);
    assert.ok(images.includes(`/tmdb-fixture/img/w185${POSTER_PATHS['Shrek (2001)']}`), images.join(' '));

    // No fixture → 404 → the placeholder stays, quietly.
    for (const [name, id] of Object.entries(NO_FIXTURE)) {
      await waitUntil(() => tmdb.movieRequests(id).length === 1, `${name}'s request`);
      await sleep(100);
      assert.equal(await card(page, name).locator('img').count(), 0, name);
      assert.equal(await card(page, name).locator('.poster-initials').count(), 1, name);
    }
    assert.equal(await page.locator('.tmdb-message, .tmdb-note, [role=alert]').count(), 0, 'nothing to say');

    // Only what is seen: the fourth row has not been asked for yet.
    const firstRow = tmdb.movieRequests().length;
    console.log(`# first row seen: ${firstRow} TMDB requests`);
    assert.ok(firstRow < 1 + 20, `not the whole grid: ${firstRow}`);
    assert.equal(tmdb.movieRequests(BEAUTY).length, 0, 'a card out of view is not asked for');
    await card(page, 'Beauty and the Beast (1991)').scrollIntoViewIfNeeded();
    await card(page, 'Beauty and the Beast (1991)').locator('img.poster-image').waitFor({ timeout: 10_000 });
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await waitUntil(() => tmdb.movieRequests().length === 1 + 20, 'the whole grid once scrolled');
    await sleep(300);
    assert.equal(tmdb.movieRequests().length, 1 + 20, 'one request per movie');

    // Revisit (another movie and back, then a reload): nothing is asked again.
    await page.waitForFunction(() => (localStorage.getItem('reelgraph.tmdb.cache') ?? '').includes('"10020"'), null, { timeout: 5_000 });
    await page.evaluate(() => { location.hash = '#/movie/2'; });
    await title(page, 'Jumanji (1995)');
    await details(page).locator('.tmdb-tagline', { hasText: 'Roll the dice' }).waitFor({ timeout: 10_000 });
    const afterJumanji = await settled(tmdb);
    await page.goBack();
    await title(page, 'Toy Story (1995)');
    await card(page, 'Toy Story 2 (1999)').scrollIntoViewIfNeeded();
    await card(page, 'Toy Story 2 (1999)').locator('img.poster-image').waitFor({ timeout: 10_000 });
    await sleep(300);
    assert.equal(tmdb.movieRequests().length, afterJumanji, 'memory cache');
    await page.waitForFunction(() => (localStorage.getItem('reelgraph.tmdb.cache') ?? '').includes('"8844"'), null, { timeout: 5_000 });
    await page.reload();
    await title(page, 'Toy Story (1995)');
    await details(page).locator('.tmdb-tagline').waitFor({ timeout: 30_000 });
    await card(page, 'Toy Story 3 (2010)').scrollIntoViewIfNeeded();
    await card(page, 'Toy Story 3 (2010)').locator('img.poster-image').waitFor({ timeout: 10_000 });
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await card(page, 'Beauty and the Beast (1991)').locator('img.poster-image').waitFor({ timeout: 10_000 });
    await sleep(300);
    const afterReload = tmdb.movieRequests().length;
    console.log(`# revisit after a reload: ${afterReload - afterJumanji} TMDB requests`);
    assert.equal(afterReload, afterJumanji, 'persistent cache: no request on the revisit');
    for (const id of [862, ...WITH_FIXTURE, BEAUTY, ...Object.values(NO_FIXTURE)]) {
      assert.equal(tmdb.movieRequests(id).length, 1, `movie ${id} asked for once`);
    }
    assert.equal(await gridPosters(page).count(), 4, 'the four with fixtures');
    await page.screenshot({ path: join(artifacts, 'tmdb-grid-posters.png') });
    assertClean(problems);
    assert.deepEqual(problems.console, [], 'no console errors but the 404 answers');
    assert.ok(problems.notFound.length > 0);
  } finally {
    await close();
    tmdb.site.close();
  }
});

test('grid posters on a dense screen load the w342 size', async () => {
  const tmdb = await fakeTmdb();
  const { page, problems, close } = await openPage(tmdb.site, '#/movie/1', { credential: KEY, deviceScaleFactor: 2 });
  try {
    await details(page).locator('.tmdb-tagline').waitFor({ timeout: 30_000 });
    await card(page, 'Shrek (2001)').scrollIntoViewIfNeeded();
    const img = card(page, 'Shrek (2001)').locator('img.poster-image');
    await img.waitFor({ timeout: 10_000 });
    await page.waitForFunction((el) => el.naturalWidth > 0, await img.elementHandle(), { timeout: 5_000 });
    assert.match(await img.evaluate((el) => el.currentSrc), /\/w342\/iB64vpL3dIObOtMZgX3RqdVdQDc\.jpg$/);
    assertClean(problems);
  } finally {
    await close();
    tmdb.site.close();
  }
});
