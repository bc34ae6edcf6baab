// The embed path in a real Chromium: examples/embed.html, <movie-similar> on a static site and
// from file://, hostile titles, corrupt models, the model load time; and the Promise API with
// its Worker. Run: node --test tests/e2e/   (needs a built web/dist/ and build-wasm/movie2vec-node.js)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { access, copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium } from '../../tools/chromium.mjs';
import { startServer } from '../../tools/serve.mjs';
import { Movie2Vec } from '../../web/api/movie2vec.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEB = path.join(ROOT, 'web');
const DIST = path.join(WEB, 'dist');
const moduleFactory = createRequire(import.meta.url)(path.join(ROOT, 'build-wasm/movie2vec-node.js'));
const sample = (name) => readFile(path.join(WEB, 'sample/ml-latest-small', name));

let webServer;
let siteServer;
let browser;
let site;             // a temporary "static site": the embed files, models and pages
let model;            // example-model.m2v bytes
let reference;        // the full module holding the same model, for expected answers

// A model file written by hand from model_file.h's layout, so the page's loader is checked
// against the format, not only against the C++ writer: count x dim float32 vectors.
function crc32(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xEDB88320 & -(c & 1));
  }
  return ~c >>> 0;
}
function encodeModel(movies, dim) {
  const enc = new TextEncoder();
  const parts = [];
  const head = new DataView(new ArrayBuffer(20));
  [0x4D, 0x32, 0x56, 0].forEach((b, i) => head.setUint8(i, b));
  head.setUint32(4, 1, true);
  head.setUint32(8, 0, true);
  head.setUint32(12, movies.length, true);
  head.setUint32(16, dim, true);
  parts.push(new Uint8Array(head.buffer));
  for (const m of movies) {
    const title = enc.encode(m.title);
    const entry = new DataView(new ArrayBuffer(9 + title.length));
    entry.setInt32(0, m.movieId, true);
    entry.setInt16(4, m.year, true);
    entry.setUint16(6, title.length, true);
    new Uint8Array(entry.buffer).set(title, 8);
    entry.setUint8(8 + title.length, 0);
    parts.push(new Uint8Array(entry.buffer));
  }
  const vectors = new Float32Array(movies.length * dim);
  movies.forEach((m, i) => vectors.set(m.vector, i * dim));
  parts.push(new Uint8Array(vectors.buffer));
  const size = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size + 4);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  new DataView(out.buffer).setUint32(size, crc32(out.subarray(0, size)), true);
  return out;
}

// 10,000 movies x 64 dims; movie 2's vector is movie 1's plus a little noise, so it must be
// movie 1's nearest neighbour.
function bigModel() {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
  const movies = [];
  for (let i = 1; i <= 10000; i++) {
    const vector = Array.from({ length: 64 }, random);
    if (i === 2) movies[0].vector.forEach((v, d) => { vector[d] = v + 0.01 * random(); });
    movies.push({ movieId: i, year: 1900 + (i % 120), title: `Film number ${i} (${1900 + (i % 120)})`, vector });
  }
  return encodeModel(movies, 64);
}

before(async () => {
  for (const file of ['movie-similar.mjs', 'movie-similar.wasm', 'movie-similar.js', 'movie2vec.mjs', 'movie2vec.js']) {
    await access(path.join(DIST, file)).catch(() => {
      throw new Error(`web/dist/${file} is missing: build first with ./build-wasm.sh build`);
    });
  }
  // The example model that examples/embed.html shows (the build makes it; made here if missing).
  const examplePath = path.join(DIST, 'example-model.m2v');
  model = await readFile(examplePath).catch(async () => {
    const api = await Movie2Vec.create({ moduleFactory });
    await api.loadRatings(await sample('ratings.csv'));
    await api.loadMovies(await sample('movies.csv'));
    await api.train({ dim: 32, epochs: 40, seed: 1 });
    const bytes = await api.saveModel({ int8: true });
    api.close();
    await writeFile(examplePath, bytes);
    return Buffer.from(bytes);
  });
  reference = await Movie2Vec.loadModel(model, { moduleFactory });

  site = await mkdtemp(path.join(tmpdir(), 'm2v-site-'));
  for (const file of ['movie-similar.mjs', 'movie-similar.wasm', 'movie-similar.js']) await copyFile(path.join(DIST, file), path.join(site, file));
  await writeFile(path.join(site, 'model.m2v'), model);
  const corrupt = Buffer.from(model);
  corrupt[corrupt.length - 10] ^= 1;
  await writeFile(path.join(site, 'corrupt.m2v'), corrupt);
  await writeFile(path.join(site, 'big.m2v'), bigModel());
  await writeFile(path.join(site, 'hostile.m2v'), await hostileModel());

  webServer = await startServer({ root: WEB, port: 0, host: '127.0.0.1' });
  siteServer = await startServer({ root: site, port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await webServer?.close();
  await siteServer?.close();
  reference?.close();
  if (site) await rm(site, { recursive: true, force: true });
});

// Titles that would run script if they were ever parsed as HTML.
const HOSTILE = '<img src=x onerror="window.__pwned=1">Evil & "Co" (1999)';
async function hostileModel() {
  const api = await Movie2Vec.create({ moduleFactory });
  try {
    await api.loadRatings('userId,movieId,rating,timestamp\n1,7,4,1\n1,8,4,2\n1,9,4,3\n2,7,4,1\n2,8,4,2\n2,9,3,3\n');
    await api.loadMovies(`movieId,title,genres\n7,Plain (1990),Drama\n8,"${HOSTILE.replaceAll('"', '""')}",Comedy\n9,<script>window.__pwned=2</script>,Drama\n`);
    await api.train({ dim: 4, epochs: 2 });
    return await api.saveModel();
  } finally {
    api.close();
  }
}

async function openPage(url, { origin } = {}) {
  const context = await browser.newContext();
  const requests = [];
  const errors = [];
  context.on('request', (request) => requests.push(request.url()));
  if (origin) {
    await context.route('**/*', (route) => {
      const u = route.request().url();
      return u.startsWith('data:') || u.startsWith('blob:') || u.startsWith(origin) ? route.continue() : route.abort();
    });
  }
  const page = await context.newPage();
  // A missing resource is checked through its response (the console line does not name it);
  // the browser's own favicon.ico request is no concern of the page.
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  return { context, page, requests, errors };
}

async function listOf(page, selector = 'movie-similar') {
  await page.waitForFunction((s) => [...document.querySelectorAll(s)].every((e) => ['ready', 'error'].includes(e.getAttribute('state'))),
    selector, { timeout: 30_000 });
  return page.$$eval(`${selector} li`, (items) => items.map((li) => ({ movieId: Number(li.dataset.movieId), title: li.textContent })));
}

const expected = async (movie, k) => (await reference.similar(movie, k)).map(({ movieId, title }) => ({ movieId, title }));

test('the embed stays within its budget: movie-similar.mjs + .wasm at most 300 KB before compression', async () => {
  const { stat } = await import('node:fs/promises');
  const bytes = (await stat(path.join(DIST, 'movie-similar.mjs'))).size + (await stat(path.join(DIST, 'movie-similar.wasm'))).size;
  console.log(`# embed: movie-similar.mjs + movie-similar.wasm = ${bytes} bytes`);
  assert.ok(bytes <= 300_000, `${bytes} bytes`);
});

test('examples/embed.html?movie=1 lists the model\'s 10 nearest movies, with only the embed module', async () => {
  const origin = new URL(webServer.url).origin;
  const { context, page, requests, errors } = await openPage(`${webServer.url}examples/embed.html?movie=1`, { origin: origin + '/' });
  try {
    const items = await listOf(page);
    assert.deepEqual(items, await expected(1, 10));
    assert.equal(await page.getAttribute('movie-similar', 'state'), 'ready');
    // The small module only: nothing of the training module is fetched.
    const names = requests.map((u) => new URL(u).pathname);
    assert.ok(names.includes('/dist/movie-similar.wasm'), names.join(' '));
    assert.ok(!names.some((n) => /movie2vec(-single)?\.(js|wasm|mjs)$/.test(n)), names.join(' '));
    // Each title links to the same page for that movie.
    const second = items[1];
    await page.click(`movie-similar li[data-movie-id="${second.movieId}"] a`);
    await page.waitForURL(`**/embed.html?movie=${second.movieId}`);
    assert.deepEqual(await listOf(page), await expected(second.movieId, 10));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('<movie-similar> on a static site: ids and titles, one fetch per model, errors shown in the element', async () => {
  await writeFile(path.join(site, 'element.html'), `<!doctype html><meta charset="utf-8"><title>t</title>
<script type="module" src="movie-similar.mjs"></script>
<movie-similar id="a" model="model.m2v" movie="1" k="5"></movie-similar>
<movie-similar id="b" model="model.m2v" movie="Matrix, The" k="3"></movie-similar>
<movie-similar id="c" model="corrupt.m2v" movie="1"></movie-similar>
<movie-similar id="d" model="missing.m2v" movie="1"></movie-similar>
<movie-similar id="e" model="model.m2v" movie="424242"></movie-similar>
<movie-similar id="h" model="hostile.m2v" movie="7" k="5" min-ratings="0"></movie-similar>
<movie-similar id="r" model="hostile.m2v" movie="7" k="5"></movie-similar>`);
  const { context, page, requests, errors } = await openPage(`${siteServer.url}element.html`);
  try {
    assert.deepEqual(await listOf(page, '#a'), await expected(1, 5));
    assert.deepEqual(await listOf(page, '#b'), await expected(2571, 3));
    assert.equal(requests.filter((u) => u.endsWith('/model.m2v')).length, 1, 'the two elements share one fetch');
    const message = (id) => page.textContent(`#${id} .movie-similar-error`);
    await listOf(page, '#c');
    assert.equal(await page.getAttribute('#c', 'state'), 'error');
    assert.match(await message('c'), /checksum mismatch/);
    assert.match(await message('d'), /Could not fetch the model file .*missing\.m2v \(HTTP 404\)/);
    assert.match(await message('e'), /424242/);
    // Hostile titles arrive as text: no element is made from them, no script runs.
    const hostile = await listOf(page, '#h');
    assert.deepEqual(hostile.map((m) => m.title).sort(), ['<script>window.__pwned=2</script>', HOSTILE].sort());
    assert.equal(await page.$$eval('#h img, #h script', (found) => found.length), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    // Rating counts: on every item; movies below the default minimum (5) are left out unless min-ratings says otherwise.
    const counts = await page.$$eval('#a li', (items) => items.map((li) => Number(li.dataset.ratings)));
    assert.ok(counts.length === 5 && counts.every((n) => n >= 5), `data-ratings of #a: ${counts}`);
    assert.deepEqual(await page.$$eval('#h li', (items) => items.map((li) => li.dataset.ratings)), ['2', '2']);
    await listOf(page, '#r');
    assert.equal(await page.$$eval('#r li', (items) => items.length), 0, 'both neighbours have 2 ratings, below the default 5');
    // Changing an attribute renders again.
    await page.$eval('#a', (e) => e.setAttribute('movie', '260'));
    await page.waitForFunction(() => document.querySelector('#a li')?.dataset.movieId !== undefined &&
      document.querySelector('#a').getAttribute('state') === 'ready' && document.querySelector('#a').getAttribute('movie') === '260');
    assert.deepEqual(await listOf(page, '#a'), await expected(260, 5));
    // The one missing file is the only error.
    assert.deepEqual(errors, [`HTTP 404 ${siteServer.url}missing.m2v`]);
  } finally {
    await context.close();
  }
});

test('loading a 10,000 x 64 model in the page (time printed, not asserted)', async () => {
  const { context, page } = await openPage(`${siteServer.url}element.html`);
  try {
    const result = await page.evaluate(async () => {
      const { MovieModel } = await import('./movie-similar.mjs');
      const bytes = new Uint8Array(await (await fetch('big.m2v')).arrayBuffer());
      (await MovieModel.load(await (await fetch('hostile.m2v')).arrayBuffer())).dispose(); // module started
      const times = [];
      let model;
      for (let i = 0; i < 5; i++) {
        model?.dispose();
        const t0 = performance.now();
        model = await MovieModel.load(bytes);
        times.push(performance.now() - t0);
      }
      return { times, size: model.size, dim: model.dim, bytes: bytes.length, nearest: model.similar(1, 1)[0] };
    });
    console.log(`# model load, 10,000 x 64 float32 (${result.bytes} bytes): ${result.times.map((t) => t.toFixed(1)).join(', ')} ms; median ${[...result.times].sort((a, b) => a - b)[2].toFixed(1)} ms`);
    assert.equal(result.size, 10000);
    assert.equal(result.dim, 64);
    assert.equal(result.nearest.movieId, 2);
    assert.equal(result.nearest.title, 'Film number 2 (1902)');
    assert.ok(result.nearest.score > 0.99);
  } finally {
    await context.close();
  }
});

test('from file://: the one-file movie-similar.js with the model inline in base64', async () => {
  await writeFile(path.join(site, 'offline.html'), `<!doctype html><meta charset="utf-8"><title>t</title>
<script src="movie-similar.js"></script>
<script type="application/octet-stream" id="model">${model.toString('base64').replace(/.{76}/g, '$&\n')}</script>
<movie-similar id="a" model="#model" movie="1" k="10"></movie-similar>
<movie-similar id="f" model="model.m2v" movie="1"></movie-similar>`);
  const { context, page, requests, errors } = await openPage(pathToFileURL(path.join(site, 'offline.html')).href);
  try {
    assert.deepEqual(await listOf(page, '#a'), await expected(1, 10));
    assert.ok(requests.every((u) => u.startsWith('file:') || u.startsWith('data:')), requests.join(' '));
    // A model by URL cannot be fetched from file://; the element says so and what to do.
    await listOf(page, '#f');
    assert.match(await page.textContent('#f .movie-similar-error'), /file:\/\/ cannot fetch files.*base64/);
    assert.deepEqual(errors.filter((e) => !/file:|CORS|Fetch API|Failed to load/.test(e)), []);
  } finally {
    await context.close();
  }
});

// <movie-recommend>: the same lists as the API's recommend() for the same file, over http with
// the history changed at run time and read from localStorage, from file:// with the one-file
// script, and the message for a model file without output vectors (big.m2v: flags 0).
const next = async (history, k) => (await reference.recommend(history, k)).map((m) => m.movieId);
const idsIn = (page, selector) => page.$$eval(`${selector} li`, (items) => items.map((li) => Number(li.dataset.movieId)));
async function waitReady(page, selector, attribute, value) {
  await page.waitForFunction(([s, a, v]) => {
    const e = document.querySelector(s);
    return e.getAttribute('state') === 'ready' && (a === null || e.getAttribute(a) === v) && e.querySelector('li') !== null;
  }, [selector, attribute, value], { timeout: 30_000 });
}

test('<movie-recommend> over http: history attribute, changed at run time, and from localStorage', async () => {
  await writeFile(path.join(site, 'recommend.html'), `<!doctype html><meta charset="utf-8"><title>t</title>
<script type="module" src="movie-similar.mjs"></script>
<movie-recommend id="a" model="model.m2v" history="1,2355,588" k="10"></movie-recommend>
<movie-recommend id="s" model="model.m2v" history-key="watched" k="5"></movie-recommend>
<movie-recommend id="o" model="big.m2v" history="1,2"></movie-recommend>
<movie-recommend id="e" model="model.m2v" history=""></movie-recommend>`);
  const { context, page, errors } = await openPage(`${siteServer.url}recommend.html`);
  try {
    await listOf(page, 'movie-recommend');
    assert.deepEqual(await idsIn(page, '#a'), await next([1, 2355, 588], 10));
    const items = await page.$$eval('#a li', (lis) => lis.map((li) => ({ score: li.dataset.score, because: li.dataset.because })));
    assert.ok(items.every((m) => ['1', '2355', '588'].includes(m.because) && Number.isFinite(Number(m.score))), JSON.stringify(items));
    // Changing the history renders again.
    await page.$eval('#a', (e) => e.setAttribute('history', '260,1196'));
    await waitReady(page, '#a', 'history', '260,1196');
    assert.deepEqual(await idsIn(page, '#a'), await next([260, 1196], 10));
    // The history from localStorage, re-read on refresh().
    assert.match(await page.textContent('#s .movie-similar-error'), /no movies watched yet/);
    await page.evaluate(() => { localStorage.setItem('watched', JSON.stringify([{ movieId: 318 }, { movieId: 858 }])); });
    await page.$eval('#s', (e) => e.refresh());
    await waitReady(page, '#s', null, null);
    assert.deepEqual(await idsIn(page, '#s'), await next([318, 858], 5));
    // A model file without output vectors, and an empty history: the message in the element.
    assert.match(await page.textContent('#o .movie-similar-error'), /this model has no output vectors, which recommendations need .*train it again/);
    assert.match(await page.textContent('#e .movie-similar-error'), /needs a history attribute/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('<movie-recommend> from file://: the one-file movie-similar.js, history changed at run time', async () => {
  await writeFile(path.join(site, 'offline-recommend.html'), `<!doctype html><meta charset="utf-8"><title>t</title>
<script src="movie-similar.js"></script>
<script type="application/octet-stream" id="model">${model.toString('base64').replace(/.{76}/g, '$&\n')}</script>
<movie-recommend id="a" model="#model" history="1,2355,588" k="10"></movie-recommend>`);
  const { context, page, requests, errors } = await openPage(pathToFileURL(path.join(site, 'offline-recommend.html')).href);
  try {
    await listOf(page, '#a');
    assert.deepEqual(await idsIn(page, '#a'), await next([1, 2355, 588], 10));
    await page.$eval('#a', (e) => e.setAttribute('history', '2571'));
    await waitReady(page, '#a', 'history', '2571');
    assert.deepEqual(await idsIn(page, '#a'), await next([2571], 10));
    assert.ok(requests.every((u) => u.startsWith('file:') || u.startsWith('data:')), requests.join(' '));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the Promise API in the page: trains in its Worker without blocking, cancels, saves and loads', async () => {
  const { context, page, errors } = await openPage(`${webServer.url}examples/embed.html?movie=1`);
  try {
    const result = await page.evaluate(async () => {
      const { Movie2Vec } = await import('/dist/movie2vec.mjs');
      const m2v = await Movie2Vec.create();
      const ratings = await (await fetch('/sample/ml-latest-small/ratings.csv')).blob();
      const movies = await (await fetch('/sample/ml-latest-small/movies.csv')).arrayBuffer();
      const report = await m2v.loadRatings(new File([ratings], 'ratings.csv'));
      await m2v.loadMovies(movies);
      let ticks = 0;
      const timer = setInterval(() => { ticks++; }, 10);
      const progress = [];
      const started = performance.now();
      await m2v.train({ dim: 16, epochs: 12 }, { onProgress: (p) => progress.push(p.epoch) });
      const trainMs = performance.now() - started;
      clearInterval(timer);
      const similar = await m2v.similar('Toy Story', 10);
      const bytes = await m2v.saveModel();
      const loaded = await Movie2Vec.loadModel(bytes);
      const again = await loaded.similar(1, 10);
      const controller = new AbortController();
      let abortMs = 0;
      const aborted = await m2v.train({ dim: 16, epochs: 500 }, {
        signal: controller.signal,
        onProgress: () => { if (!abortMs) { abortMs = performance.now(); controller.abort(); } },
      }).then(() => 'finished', (e) => e.name);
      abortMs = performance.now() - abortMs;
      const after = await m2v.summary();
      m2v.close();
      loaded.close();
      return { rows: report.rowsKept, ticks, trainMs, progress: progress.length, similar: similar.map((m) => m.movieId),
        again: again.map((m) => m.movieId), bytes: bytes.length, aborted, abortMs, users: after.users };
    });
    console.log(`# worker training ${result.trainMs.toFixed(0)} ms, ${result.ticks} timer ticks meanwhile; AbortError after ${result.abortMs.toFixed(1)} ms`);
    assert.equal(result.rows, 100836);
    assert.ok(result.progress >= 3);
    // The page's own timer kept running while the Worker trained.
    assert.ok(result.ticks >= Math.floor(result.trainMs / 10 / 4), `${result.ticks} ticks in ${result.trainMs} ms`);
    assert.equal(result.similar.length, 10);
    assert.deepEqual(result.again, result.similar);
    assert.equal(result.aborted, 'AbortError');
    assert.equal(result.users, 610);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
