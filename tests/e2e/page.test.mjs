// The page in a real Chromium: loading files, training in the Worker, similar movies, cancel,
// unusable files, hostile titles, that nothing is requested from any other origin, the movie map,
// the exports and saved models, more-like and analogies, Kaggle metadata, and the page from file://.
// Run: node --test tests/e2e/   (needs /usr/bin/chromium and a built web/dist/movie2vec.{js,wasm})
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, access } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  KAGGLE, SAMPLE, TRAIN_TIMEOUT, WEB, assertClean, downloads, frames, lines, loadSample, pageTests, shot, similarTo, state,
  train, upload, waitForState,
} from './page-helpers.mjs';

const env = pageTests();
const openPage = (options) => env.openPage(options);

// movieIds whose genres include Animation, from the sample's movies.csv (genres is the last field).
async function animatedMovieIds() {
  const text = await readFile(path.join(SAMPLE, 'movies.csv'), 'utf8');
  const ids = new Set();
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (!line) continue;
    const id = line.slice(0, line.indexOf(','));
    const genres = line.slice(line.lastIndexOf(',') + 1).split('|');
    if (genres.includes('Animation')) ids.add(id);
  }
  return ids;
}

test('uploaded MovieLens files train a model whose neighbours of Toy Story are mostly animated', { timeout: TRAIN_TIMEOUT + 60_000 }, async () => {
  const session = await openPage();
  const { page } = session;
  await shot(page, '01-start');

  await upload(page, 'ratings-file', path.join(SAMPLE, 'ratings.csv'));
  await upload(page, 'movies-file', path.join(SAMPLE, 'movies.csv'));
  assert.equal(await state(page), 'idle');
  const report = await page.textContent('[data-testid="load-report"]');
  assert.match(report, /ratings\.csv/);
  assert.match(report, /movies\.csv/);
  assert.match(report, /100,836/); // rows of the sample's ratings.csv
  await shot(page, '02-loaded');

  // The product's promise holds with the defaults, which the form takes from the module.
  // Epochs left empty: the form shows what the trainer's rule gives for these ratings (50 here).
  assert.equal(await page.inputValue('#p-epochs'), '');
  await page.waitForFunction(() => document.querySelector('#p-epochs').dataset.auto !== undefined, null, { timeout: 10_000 });
  const epochs = Number(await page.getAttribute('#p-epochs', 'data-auto'));
  assert.equal(epochs, 50);
  assert.equal(await page.getAttribute('#p-epochs', 'placeholder'), 'auto: 50');
  await page.click('[data-testid="train"]');
  await waitForState(page, 'training');
  await page.waitForFunction((n) => new RegExp(`Epoch \\d+/${n}`).test(document.querySelector('[data-testid="progress"]').textContent),
    epochs, { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="loss-chart"] .loss-point').length >= 2,
    null, { timeout: TRAIN_TIMEOUT });
  await shot(page, '03-training');
  await waitForState(page, ['done', 'error'], TRAIN_TIMEOUT);
  assert.equal(await state(page), 'done', await page.textContent('[data-testid="error"]'));
  assert.equal(await page.locator('[data-testid="loss-chart"] .loss-point').count(), epochs);

  const results = await similarTo(page, 'Toy Story (1995)');
  // Screenshots first, so a failing check still leaves the picture: light, dark, phone width.
  await shot(page, '04-results');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, '05-results-dark');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('#explore').scrollIntoViewIfNeeded();
  await shot(page, '06-results-phone-dark', false);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at phone width`);
  await page.emulateMedia({ colorScheme: 'light' });
  await shot(page, '07-results-phone');

  assert.equal(results.length, 10);
  assert.ok(results.every((r) => /^\d+$/.test(r.id)), 'every result has a numeric data-movie-id');
  assert.ok(!results.some((r) => r.id === '1'), 'Toy Story itself is excluded');
  const animated = await animatedMovieIds();
  const animatedCount = results.filter((r) => animated.has(r.id)).length;
  assert.ok(animatedCount >= 5, `only ${animatedCount} of 10 neighbours are animated: ${results.map((r) => r.text).join(' | ')}`);
  assert.match(await page.textContent('.results-title'), /Toy Story \(1995\)/);

  assertClean(session);
  await session.context.close();
});

test('the sample data button loads the sample, and training on it gives results and an export', { timeout: TRAIN_TIMEOUT + 60_000 }, async () => {
  const session = await openPage();
  const { page } = session;
  await loadSample(page);
  const report = await page.textContent('[data-testid="load-report"]');
  assert.match(report, /ratings\.csv/);
  assert.match(report, /links\.csv/);
  await train(page, 5);

  // Suggestions appear while typing.
  await page.fill('[data-testid="movie-search"]', 'matrix');
  await page.waitForSelector('#movie-suggestions li[role="option"][data-movie-id]');
  assert.match(await page.textContent('#movie-suggestions'), /Matrix/);
  await page.locator('#explore').scrollIntoViewIfNeeded();
  await shot(page, '08-suggestions', false);
  // Keyboard: Down picks the first suggestion, Enter shows its neighbours.
  const firstSuggestion = await page.textContent('#movie-suggestions li[role="option"] .suggestion-title');
  await page.press('[data-testid="movie-search"]', 'ArrowDown');
  assert.equal(await page.getAttribute('#movie-suggestions li[role="option"]', 'aria-selected'), 'true');
  await page.press('[data-testid="movie-search"]', 'Enter');
  await page.waitForSelector('[data-testid="similar-list"] li[data-movie-id]');
  assert.ok((await page.textContent('.results-title')).includes(firstSuggestion));
  assert.equal(await page.isHidden('#movie-suggestions'), true);

  const results = await similarTo(page, 'Toy Story (1995)');
  assert.equal(results.length, 10);
  assert.ok(!results.some((r) => r.id === '1'));

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="export-word2vec"]'),
  ]);
  const exported = await readFile(await download.path(), 'utf8');
  const [header] = exported.split('\n', 1);
  assert.match(header, /^\d+ 64$/, 'word2vec text starts with "<count> <dimensions>"');
  assert.ok(exported.split('\n').length > 1000);

  assertClean(session);
  await session.context.close();
});

test('no request goes to any origin but the local server', { timeout: TRAIN_TIMEOUT + 60_000 }, async () => {
  const session = await openPage();
  const { page, requests } = session;
  await loadSample(page);
  await train(page, 2);
  await similarTo(page, 'Heat');
  assert.ok(requests.some((u) => u.endsWith('/dist/movie2vec-worker.js')), 'the API\'s worker script was requested');
  // Served, the page is cross-origin isolated: on more than one core the threaded module.
  assert.ok(requests.some((u) => /\/dist\/movie2vec(-threads)?\.wasm$/.test(u)), 'the module was requested');
  assert.ok(requests.some((u) => u.endsWith('/sample/ml-latest-small/ratings.csv')), 'worker requests are recorded');
  assert.deepEqual(session.foreign, []);
  assertClean(session);
  await session.context.close();
});

test('served, when the threaded module cannot start the page trains on one thread and says why', { timeout: TRAIN_TIMEOUT }, async (t) => {
  const session = await openPage({ block: ['/dist/movie2vec-threads.wasm'] });
  const { page } = session;
  const cores = Math.min(8, await page.evaluate(() => navigator.hardwareConcurrency));
  if (cores === 1) {
    t.skip('one core: the threaded module is not tried');
    return;
  }
  await loadSample(page);
  await page.waitForFunction(() => /could not start/.test(document.querySelector('[data-testid="thread-note"]').textContent));
  assert.match(await page.textContent('[data-testid="thread-note"]'), /^1 thread: the threaded module could not start \(.+\)\.$/);
  assert.equal(await page.inputValue('[data-testid="threads"]'), '1');
  await train(page, 2);
  assert.equal(await state(page), 'done', await page.textContent('[data-testid="error"]'));
  assert.match(await page.textContent('[data-testid="thread-note"]'), /^1 thread: the threaded module could not start/);
  assert.equal((await similarTo(page, 'Toy Story (1995)')).length, 10);
  assert.ok(session.requests.some((u) => u.endsWith('/dist/movie2vec.wasm')), 'the single-threaded module was loaded');
  await session.context.close();
});

test('served, the page is cross-origin isolated and trains on every core; cancel stops threads within a second', { timeout: TRAIN_TIMEOUT + 60_000 }, async () => {
  const session = await openPage();
  const { page } = session;
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), true, 'COOP + COEP from serve.mjs');
  const cores = Math.min(8, await page.evaluate(() => navigator.hardwareConcurrency));
  await loadSample(page);
  // The threads field defaults to the cores (at most 8), and the page says what it uses.
  await page.waitForFunction((n) => document.querySelector('[data-testid="threads"]').value === String(n), cores);
  assert.equal(await page.textContent('[data-testid="thread-note"]'), `Training uses ${cores} ${cores === 1 ? 'thread' : 'threads'}.`);
  await page.fill('#p-epochs', '1000');
  await page.click('[data-testid="train"]');
  await waitForState(page, 'training');
  await page.waitForFunction(() => /Epoch/.test(document.querySelector('[data-testid="progress"]').textContent),
    null, { timeout: 60_000 });
  // The Worker reports about every 100 ms; the page draws the latest report at most every 250 ms
  // (training.mjs), so drawing does not take the training threads' cores.
  const draws = await page.evaluate(() => new Promise((resolve) => {
    let n = 0;
    const observer = new MutationObserver((records) => { n += records.length; });
    observer.observe(document.querySelector('[data-testid="progress"]'), { childList: true, characterData: true, subtree: true });
    setTimeout(() => { observer.disconnect(); resolve(n); }, 1500);
  }));
  assert.ok(draws >= 1 && draws <= 7, `progress drawn ${draws} times in 1.5 s`);
  const started = Date.now();
  await page.click('[data-testid="cancel"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="status"]').dataset.state !== 'training',
    null, { timeout: 1000, polling: 20 });
  const took = Date.now() - started;
  assert.ok(took < 1000, `cancel took ${took} ms`);
  assert.equal(await state(page), 'idle');
  await new Promise((resolve) => setTimeout(resolve, 400)); // a report still waiting to be drawn is dropped
  assert.equal(await page.textContent('[data-testid="progress"]'), 'Training cancelled.');
  assert.equal(await page.isEnabled('[data-testid="train"]'), true);
  assert.equal(await page.isDisabled('[data-testid="cancel"]'), true);
  await shot(page, '09-cancelled');

  await train(page, 2);
  assert.equal(await page.textContent('[data-testid="thread-note"]'), `Training uses ${cores} ${cores === 1 ? 'thread' : 'threads'}.`);
  if (cores > 1) assert.ok(session.requests.some((u) => u.endsWith('/dist/movie2vec-threads.wasm')), 'the threaded module was loaded');
  const results = await similarTo(page, 'Toy Story (1995)');
  assert.equal(results.length, 10);
  assertClean(session);
  await session.context.close();
});

test('an empty or binary ratings file is an error that keeps the data loaded before', { timeout: TRAIN_TIMEOUT + 60_000 }, async () => {
  const session = await openPage();
  const { page } = session;
  await loadSample(page);
  const reportBefore = await page.textContent('[data-testid="load-report"]');

  await upload(page, 'ratings-file', { name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
  assert.equal(await state(page), 'error');
  assert.ok(await page.isVisible('[data-testid="error"]'));
  const emptyMessage = (await page.textContent('[data-testid="error"]')).trim();
  assert.match(emptyMessage, /ratings\.csv: the file is empty/);
  assert.equal(await page.textContent('[data-testid="load-report"]'), reportBefore);
  await shot(page, '10-error-empty');

  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
    0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00]);
  await upload(page, 'ratings-file', { name: 'ratings.csv', mimeType: 'text/csv', buffer: png });
  assert.equal(await state(page), 'error');
  const binaryMessage = (await page.textContent('[data-testid="error"]')).trim();
  assert.match(binaryMessage, /ratings\.csv: this looks like a binary file, not CSV text/);
  assert.equal(await page.textContent('[data-testid="load-report"]'), reportBefore);
  await shot(page, '11-error-binary');

  assert.equal(await page.isEnabled('[data-testid="train"]'), true);
  await train(page, 2);
  assert.equal(await page.isVisible('[data-testid="error"]'), false);
  const results = await similarTo(page, 'Toy Story (1995)');
  assert.equal(results.length, 10);
  assertClean(session);
  await session.context.close();
});

test('the hostile-input catalogue: each file gets the message it deserves, and nothing loaded is lost', { timeout: 120_000 }, async () => {
  const session = await openPage();
  const { page } = session;
  const good = 'userId,movieId,rating,timestamp\n1,10,4,100\n1,20,3,101\n2,10,5,102\n2,20,2,103\n';
  await upload(page, 'ratings-file', { name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  const reportBefore = await page.textContent('[data-testid="load-report"]');
  const refused = [
    ['header.csv', Buffer.from('userId,movieId,rating,timestamp\n'), /header\.csv: has a header but no data rows/],
    ['utf16.csv', Buffer.from('\ufeffuserId,movieId\n1,10\n', 'utf16le'), /utf16\.csv: this file is UTF-16 text; save it as UTF-8/],
    ['unclosed.csv', Buffer.from('userId,movieId,rating,timestamp\n1,10,4,100\n1,"11,4,101\n1,12,4,102\n'),
      /unclosed\.csv:3: a quoted field that starts on this line is never closed/],
  ];
  for (const [name, buffer, message] of refused) {
    await upload(page, 'ratings-file', { name, mimeType: 'text/csv', buffer });
    assert.equal(await state(page), 'error', name);
    assert.match(await page.textContent('[data-testid="error"]'), message);
    assert.equal(await page.textContent('[data-testid="load-report"]'), reportBefore, `${name} changes nothing loaded`);
  }
  const weird = 'userId,movieId,rating,timestamp\n1,10,NaN,100\n1,11,Inf,101\n1,12,-3,102\n1,13,4,99999999999\n' +
    '1,14,4,100\n1,14,4,100\n1,15,4,101\n';
  await upload(page, 'ratings-file', { name: 'weird.csv', mimeType: 'text/csv', buffer: Buffer.from(weird) });
  assert.notEqual(await state(page), 'error');
  const report = await page.textContent('[data-testid="load-report"]');
  for (const text of ['weird.csv:2: rating "NaN" is not a finite number', 'weird.csv:3: rating "Inf" is not a finite number',
    'weird.csv:5: timestamp "99999999999" is out of range (1970 to 2106)', '1 rating is below 0 (kept; a minimum rating drops them)',
    '1 row repeated a (user, movie) pair']) {
    assert.ok(report.includes(text), `the load report shows "${text}": ${report}`);
  }
  assertClean(session);
  await session.context.close();
});

test('a hostile title is shown as text, never as markup', { timeout: 120_000 }, async () => {
  const session = await openPage();
  const { page } = session;
  const hostile = '<img src=x onerror=alert(1)>';
  const ratings = ['userId,movieId,rating,timestamp'];
  for (let user = 1; user <= 6; user++) {
    for (const movie of [1, 2, 3, 4]) ratings.push(`${user},${movie},${(movie % 5) + 1}.0,96498270${movie}`);
  }
  const movies = [
    'movieId,title,genres',
    '1,Plain Title (1999),Drama',
    `2,"${hostile}",Comedy|<b>Bold</b>`,
    '3,Another Title (2001),Comedy',
    '4,"<script>alert(2)</script> (2002)",Drama',
  ];
  await upload(page, 'ratings-file', { name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(ratings.join('\n') + '\n') });
  // Movie 3's title also carries a byte that is not UTF-8, and no other character beyond ASCII:
  // it is read as Latin-1 (0xFF is ÿ), as MovieLens 100K's titles are written.
  const moviesBytes = Buffer.from(movies.join('\n') + '\n');
  moviesBytes[moviesBytes.indexOf('Another') + 7] = 0xff;
  await upload(page, 'movies-file', { name: 'movies.csv', mimeType: 'text/csv', buffer: moviesBytes });
  assert.equal(await state(page), 'idle', await page.textContent('[data-testid="error"]'));
  await train(page, 2);

  await page.fill('[data-testid="movie-search"]', 'onerror');
  await page.waitForSelector('#movie-suggestions li[role="option"][data-movie-id]');
  assert.ok((await page.textContent('#movie-suggestions')).includes(hostile));

  const results = await similarTo(page, 'Plain Title');
  const texts = results.map((r) => r.text).join('\n');
  assert.ok(texts.includes(hostile), `the hostile title is shown literally: ${texts}`);
  assert.ok(texts.includes('<script>alert(2)</script>'));
  assert.ok(texts.includes('Another\u00FFTitle (2001)'), `a byte that is not UTF-8 is read as Latin-1: ${texts}`);
  assert.equal(await page.locator('img').count(), 0, 'no img element was created');
  assert.equal(await page.locator('main script, main b').count(), 0, 'no markup from the data was created');
  await page.waitForTimeout(300);
  assert.deepEqual(session.dialogs, [], 'no dialog opened');
  await shot(page, '12-hostile-title');
  assertClean(session);
  await session.context.close();
});

// Drops files ([name, text]) on the page as a user would, waits for them to load, and returns
// each report card's [kind, name].
async function dropFiles(page, files) {
  await page.evaluate((list) => {
    const transfer = new DataTransfer();
    for (const [name, text] of list) transfer.items.add(new File([text], name, { type: name.endsWith('.csv') ? 'text/csv' : '' }));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      window.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }
  }, files);
  await page.waitForFunction((count) => document.querySelectorAll('[data-testid="load-report"] .report-file').length === count
    && document.querySelector('[data-testid="status"]').dataset.state === 'idle', files.length, { timeout: 30_000 });
  return page.$$eval('[data-testid="load-report"] .report-file', (cards) =>
    cards.map((card) => [card.dataset.kind, card.querySelector('.report-name').textContent]));
}

test('dropped files are sorted into ratings, movies and links by name or header', { timeout: 60_000 }, async () => {
  const session = await openPage();
  const { page } = session;
  const kinds = await dropFiles(page, [
    // No hint in this name: the header tells it is a movies file.
    ['catalogue.csv', 'movieId,title,genres\n10,Dropped Title (2003),Drama\n11,Other Title (2004),Comedy\n'],
    ['my-ratings.csv', 'userId,movieId,rating,timestamp\n1,10,4.0,1\n1,11,3.5,2\n2,10,5.0,3\n2,11,2.0,4\n'],
  ]);
  assert.deepEqual(kinds, [['ratings', 'my-ratings.csv'], ['movies', 'catalogue.csv']]);
  assert.equal(await page.isHidden('.drop-overlay'), true);
  assert.equal(await page.isEnabled('[data-testid="train"]'), true);
  assertClean(session);
  await session.context.close();
});

test('dropped MovieLens files without a header: "::" ratings by their numbers, u.item by its name', { timeout: 60_000 }, async () => {
  const session = await openPage();
  const { page } = session;
  const kinds = await dropFiles(page, [
    ['u.item', '10|Dropped Title (2003)|01-Jan-2003||http://x|0|0|0|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|0\n'
      + '11|Other, Title (2004)|01-Jan-2004||http://x|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n'],
    // No hint in this name: its rows of numbers tell it is a ratings file.
    ['export.dat', '1::10::4::978300760\n1::11::3::978300761\n2::10::5::978300762\n2::11::2::978300763\n'],
  ]);
  assert.deepEqual(kinds, [['ratings', 'export.dat'], ['movies', 'u.item']]);
  const summary = await page.textContent('[data-testid="load-report"]');
  assert.match(summary, /4\s*kept/);
  assert.match(summary, /Titles known for 2 of 2/);
  assertClean(session);
  await session.context.close();
});

test('the static server sends the right types and policy, and stays inside its root', async () => {
  const get = (p) => fetch(new URL(p, env.server.url));
  const page = await get('/');
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  assert.match(page.headers.get('content-security-policy'), /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match((await get('/app/main.mjs')).headers.get('content-type'), /^text\/javascript/);
  assert.match((await get('/style.css')).headers.get('content-type'), /^text\/css/);
  assert.match((await get('/sample/ml-latest-small/links.csv')).headers.get('content-type'), /^text\/csv/);
  assert.match((await get('/sample/ml-latest-small/README.txt')).headers.get('content-type'), /^text\/plain/);
  assert.equal((await get('/no-such-file.js')).status, 404);
  if (await access(path.join(WEB, 'dist/movie2vec.wasm')).then(() => true, () => false)) {
    assert.equal((await get('/dist/movie2vec.wasm')).headers.get('content-type'), 'application/wasm');
  }
  // fetch() normalises "..", so send raw paths.
  const { request } = await import('node:http');
  const raw = (p) => new Promise((resolve, reject) => {
    const { hostname, port } = new URL(env.server.url);
    request({ hostname, port, path: p }, (res) => { res.resume(); resolve(res.statusCode); }).on('error', reject).end();
  });
  for (const p of ['/../package.json', '/..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd', '/sample/../../package.json']) {
    assert.ok([403, 404].includes(await raw(p)), `${p} must not be served`);
  }
  assert.equal(await raw('/sample/../index.html'), 200);
});


test('after training, the map shows every movie with titles on hover, and the exports parse back', { timeout: TRAIN_TIMEOUT + 60_000 }, async () => {
  const session = await openPage();
  const { page } = session;
  await loadSample(page);
  // One thread: the same model every run, so the movie the keyboard steps to below is too.
  await page.$eval('[data-testid="threads"]', (input) => {
    input.value = '1';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await train(page, 3);
  const mapSelector = '[data-testid="movie-map"]';
  await page.waitForSelector(`${mapSelector}:visible`);
  await frames(page);
  const painted = await page.$eval(mapSelector, (canvas) => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return { n, total: canvas.width * canvas.height };
  });
  assert.ok(painted.n > 2000, `only ${painted.n} of ${painted.total} map pixels are painted`);
  assert.ok((await page.locator('.map-legend li').count()) >= 5, 'a legend of genres');

  // Hovering near the middle finds a dot and names it; clicking it shows its neighbours.
  await page.locator(mapSelector).scrollIntoViewIfNeeded();
  const box = await page.locator(mapSelector).boundingBox();
  let hovered = null;
  outer: for (let r = 0; r <= 60; r += 6) {
    for (const [dx, dy] of [[0, 0], [r, 0], [-r, 0], [0, r], [0, -r], [r, r], [-r, -r]]) {
      const x = box.x + box.width / 2 + dx, y = box.y + box.height / 2 + dy;
      await page.mouse.move(x, y);
      if (await page.isVisible('.map-tooltip')) {
        hovered = { x, y, title: await page.textContent('.map-tooltip strong') };
        break outer;
      }
    }
  }
  assert.ok(hovered && hovered.title.length > 0, 'hovering the map shows a title');
  await shot(page, '13-map-hover', false);
  await page.mouse.click(hovered.x, hovered.y);
  await page.waitForFunction((t) => document.querySelector('.results-title cite')?.textContent === t, hovered.title);
  assert.equal(await page.locator('[data-testid="similar-list"] li').count(), 10);
  // The keyboard zooms too.
  await page.click('#map-zoom-in');
  await page.focus(mapSelector);
  await page.keyboard.press('0');
  // ... and reaches single movies: Shift+arrows step from dot to dot, Enter shows the neighbours.
  await page.keyboard.press('Shift+ArrowRight');
  assert.ok(await page.isVisible('.map-tooltip'), 'the movie stepped to is named');
  const first = await page.textContent('.map-tooltip strong');
  await page.keyboard.press('Shift+ArrowDown');
  const second = await page.textContent('.map-tooltip strong');
  assert.notEqual(second, first, 'a second step reaches another movie');
  await page.keyboard.press('Enter');
  await page.waitForFunction((t) => document.querySelector('.results-title cite')?.textContent === t, second);

  // UMAP, on demand: it keeps the chosen movie's 10 nearest movies closer on the map than PCA
  // does (distances relative to the mean distance to every movie).
  const closeness = () => page.evaluate(async () => {
    // The page's own module instance: an ES module is evaluated once per URL.
    const { currentMap } = await import('./app/map-panel.mjs');
    const { xy, selected, neighbours } = currentMap();
    const d = (i) => Math.hypot(xy[2 * i] - xy[2 * selected], xy[2 * i + 1] - xy[2 * selected + 1]);
    let all = 0;
    for (let i = 0; i < xy.length / 2; i++) all += d(i);
    const near = [...neighbours].reduce((sum, i) => sum + d(i), 0) / neighbours.size;
    return near / (all / (xy.length / 2));
  });
  const pca = await closeness();
  await page.click('[data-testid="map-umap"]');
  assert.equal(await page.getAttribute('[data-testid="map-umap"]', 'aria-pressed'), 'true');
  await page.waitForFunction(() => /^UMAP of 9,7\d\d movies/.test(document.querySelector('[data-testid="map-status"]').textContent),
    null, { timeout: 120_000 });
  const umap = await closeness();
  console.log(`# neighbours' distance on the map, relative to the mean: PCA ${pca.toFixed(3)}, UMAP ${umap.toFixed(3)}`);
  assert.ok(umap < 0.3 && umap < pca, `UMAP ${umap} against PCA ${pca}`);
  await shot(page, '14-map-umap', false);
  await page.click('[data-testid="map-pca"]');
  assert.ok(Math.abs(await closeness() - pca) < 1e-6, 'PCA comes back as it was');

  const [word2vec] = await downloads(page, '[data-testid="export-word2vec"]');
  const w2v = lines(word2vec.bytes.toString('utf8'));
  const [count, dim] = w2v[0].split(' ').map(Number);
  assert.equal(dim, Number(await page.inputValue('#p-dim')));
  assert.equal(w2v.length, count + 1, 'word2vec text has "N D" and N lines');
  assert.ok(w2v.slice(1).every((line) => line.split(' ').length === dim + 1));

  const [metadata, vectors] = await downloads(page, '[data-testid="export-projector"]', 2);
  assert.deepEqual([metadata.name, vectors.name], ['metadata.tsv', 'vectors.tsv']);
  const meta = lines(metadata.bytes.toString('utf8'));
  const vecs = lines(vectors.bytes.toString('utf8'));
  assert.equal(meta[0], 'movieId\ttitle\tyear\tgenres');
  assert.equal(vecs.length, count);
  assert.equal(meta.length - 1, count);
  assert.ok(vecs.every((line) => line.split('\t').length === dim));
  assert.ok(meta.some((line) => line.startsWith('1\tToy Story')));
  await page.locator('#keep').scrollIntoViewIfNeeded();
  await shot(page, '14-keep', false);
  assertClean(session);
  await session.context.close();
});

test('"more like these" and A − B + C give lists; the phone and dark layouts hold', { timeout: TRAIN_TIMEOUT + 60_000 }, async () => {
  const session = await openPage();
  const { page } = session;
  await loadSample(page);
  await train(page, 10); // enough for a map and lists worth looking at in the screenshots
  const results = await similarTo(page, 'Toy Story (1995)');
  await page.click('.add-query');
  await page.click(`[data-testid="similar-list"] li[data-movie-id="${results[0].id}"] .add-button`);
  assert.equal(await page.locator('.picked .chip').count(), 2);
  // The list follows the chips: the answer for Toy Story alone may be shown first, then replaced.
  await page.waitForFunction((chosen) => {
    const shown = [...document.querySelectorAll('[data-testid="more-like"] li[data-movie-id]')].map((li) => li.dataset.movieId);
    return shown.length === 10 && !chosen.some((id) => shown.includes(id));
  }, ['1', results[0].id], { timeout: 10_000 });
  const more = await page.$$eval('[data-testid="more-like"] li', (items) => items.map((li) => li.dataset.movieId));
  assert.equal(more.length, 10);
  assert.ok(!more.includes('1') && !more.includes(results[0].id), 'the chosen movies are not suggested back');

  // A: typed and picked from suggestions with the keyboard; B and C: best match on Find.
  await page.fill('#analogy-a', 'toy story');
  await page.waitForSelector('#analogy-a-suggestions li[role="option"][data-movie-id]');
  await page.press('#analogy-a', 'ArrowDown');
  await page.press('#analogy-a', 'Enter');
  await page.fill('#analogy-b', 'Finding Nemo');
  await page.press('#analogy-b', 'Enter');
  await page.fill('#analogy-c', 'Star Wars: Episode IV');
  await page.press('#analogy-c', 'Enter');
  await page.click('#analogy-run');
  await page.waitForSelector('[data-testid="analogy-list"] li[data-movie-id]');
  assert.equal(await page.locator('[data-testid="analogy-list"] li').count(), 10);
  assert.match(await page.textContent('.analogy-note'), /Toy Story.*−.*Finding Nemo.*\+.*Star Wars/);
  await page.locator('#explore-more').scrollIntoViewIfNeeded();
  await shot(page, '15-explore-further', false);

  // A chip can be removed; the list follows.
  await page.click('.picked .chip-remove');
  assert.equal(await page.locator('.picked .chip').count(), 1);

  await shot(page, '16-full-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await frames(page);
  await shot(page, '17-full-dark');
  await page.setViewportSize({ width: 390, height: 844 });
  await frames(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.locator('#map').scrollIntoViewIfNeeded();
  await frames(page); // the map redraws at its new size first
  await shot(page, '18-phone-dark-map', false);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.locator('#analogy-form').scrollIntoViewIfNeeded();
  await shot(page, '19-phone-analogy', false);
  await page.locator('#keep').scrollIntoViewIfNeeded();
  await shot(page, '20-phone-keep', false);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at phone width`);
  assertClean(session);
  await session.context.close();
});

test('a saved model opens after a reload with the same neighbours; int8 nearly so; a broken file is refused', { timeout: TRAIN_TIMEOUT + 60_000 }, async () => {
  const session = await openPage();
  const { page } = session;
  await loadSample(page);
  await train(page, 3);
  const before = await similarTo(page, 'Toy Story (1995)');
  const [floatModel] = await downloads(page, '[data-testid="export-model"]');
  assert.equal(floatModel.name, 'movie2vec-model.m2v');
  await page.check('#quantize');
  const [int8Model] = await downloads(page, '[data-testid="export-model"]');
  assert.ok(int8Model.bytes.length < floatModel.bytes.length / 2,
    `int8 (${int8Model.bytes.length} B) is well under float (${floatModel.bytes.length} B)`);

  // Saving also keeps the model in this browser; wait until the int8 one is stored.
  await page.waitForSelector(`.restore-row[data-bytes="${int8Model.bytes.length}"]`);
  await page.reload();
  await page.waitForSelector('[data-testid="status"][data-state="idle"]');
  assert.equal(await page.isDisabled('[data-testid="movie-search"]'), true, 'a fresh page has no model');
  await upload(page, 'import-model', { name: 'movie2vec-model.m2v', mimeType: 'application/octet-stream', buffer: floatModel.bytes });
  assert.equal(await state(page), 'done', await page.textContent('[data-testid="error"]'));
  const reopened = await similarTo(page, 'Toy Story (1995)');
  assert.deepEqual(reopened.map((r) => r.id), before.map((r) => r.id), 'the float model gives the same neighbours');
  await page.waitForSelector('[data-testid="movie-map"]:visible');

  await upload(page, 'import-model', { name: 'small.m2v', mimeType: 'application/octet-stream', buffer: int8Model.bytes });
  assert.equal(await state(page), 'done', await page.textContent('[data-testid="error"]'));
  const quantized = await similarTo(page, 'Toy Story (1995)');
  const shared = quantized.filter((r) => before.some((b) => b.id === r.id)).length;
  assert.ok(shared >= 9, `the int8 model shares only ${shared} of 10 neighbours`);

  const broken = floatModel.bytes.subarray(0, Math.floor(floatModel.bytes.length / 2));
  await upload(page, 'import-model', { name: 'broken.m2v', mimeType: 'application/octet-stream', buffer: broken });
  assert.equal(await state(page), 'error');
  assert.ok((await page.textContent('[data-testid="error"]')).trim().length > 10, 'the broken file has a message');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, '21-broken-model', false);
  const kept = await similarTo(page, 'Toy Story (1995)');
  assert.deepEqual(kept.map((r) => r.id), quantized.map((r) => r.id), 'the model opened before is kept');

  // The last saved model (the int8 one) can be restored after a reload.
  await page.reload();
  await page.waitForSelector('.restore-row:not([hidden])');
  await page.click('#restore-model');
  await waitForState(page, ['done', 'error']);
  assert.equal(await state(page), 'done', await page.textContent('[data-testid="error"]'));
  const restored = await similarTo(page, 'Toy Story (1995)');
  assert.deepEqual(restored.map((r) => r.id), quantized.map((r) => r.id));
  assertClean(session);
  await session.context.close();
});

test('Kaggle movies_metadata.csv joins through links.csv; without links a note explains TMDB ids', { timeout: 120_000 }, async () => {
  const session = await openPage();
  const { page } = session;
  await upload(page, 'ratings-file', path.join(SAMPLE, 'ratings.csv'));
  await upload(page, 'movies-file', path.join(KAGGLE, 'movies_metadata.csv'));
  assert.equal(await state(page), 'idle', await page.textContent('[data-testid="error"]'));
  assert.match(await page.textContent('[data-testid="load-report"]'), /TMDB ids/);
  await upload(page, 'links-file', path.join(KAGGLE, 'links_small.csv'));
  assert.equal(await state(page), 'idle', await page.textContent('[data-testid="error"]'));
  const report = await page.textContent('[data-testid="load-report"]');
  assert.match(report, /Titles known for 2,296 of/, report);
  await shot(page, '22-kaggle');

  // The form shows the trainer's defaults, as a Movie2Vec of its own reports them from the
  // module's option table, and checks the trainer's ranges before training.
  const defaults = await page.evaluate(async () => {
    const { Movie2Vec } = await import('./dist/movie2vec.mjs');
    const probe = await Movie2Vec.create();
    const options = await probe.trainOptions();
    probe.close();
    return Object.fromEntries(options.map((o) => [o.name, o.default]));
  });
  assert.equal(defaults.epochs, null, 'epochs: left out, the trainer chooses');
  assert.equal(await page.inputValue('#p-epochs'), '');
  for (const key of ['dim', 'window', 'lr', 'negative', 'minCount', 'sample', 'nsExponent', 'nextPairs', 'nextModel', 'seed']) {
    assert.equal(Number(await page.inputValue(`#p-${key}`)), defaults[key], `the form's ${key}`);
  }
  assert.equal(defaults.minRating, null);
  assert.equal(await page.inputValue('#p-minRating'), '', 'no rating filter by default');
  assert.equal(await page.inputValue('#p-loss'), defaults.loss);
  await page.fill('#p-lr', '0');
  await page.fill('#p-dim', '1025');
  await page.click('details.more-settings summary'); // the exponent is among the settings shown on demand
  await page.fill('#p-nsExponent', '1.5');
  await page.click('[data-testid="train"]');
  assert.equal(await state(page), 'error');
  assert.match(await page.textContent('#e-lr'), /above 0/);
  assert.match(await page.textContent('#e-dim'), /1 to 1,024/);
  assert.match(await page.textContent('#e-nsExponent'), /from -1 to 1/);
  await page.click('#reset-params');
  assert.equal(Number(await page.inputValue('#p-lr')), defaults.lr);
  assert.equal(await page.getAttribute('#p-dim', 'aria-invalid'), 'false');
  assertClean(session);
  await session.context.close();
});

test('opened from file://, the page trains on chosen files and explains why the sample needs a server', { timeout: TRAIN_TIMEOUT + 60_000 }, async () => {
  for (const file of ['dist/worker-standalone.js', 'dist/page.js']) {
    await access(path.join(WEB, file)).catch(() => {
      throw new Error(`web/${file} is missing: build it with ./build-wasm.sh build (node tools/bundle.mjs)`);
    });
  }
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  const consoleErrors = [];
  context.on('request', (request) => requests.push(request.url()));
  const page = await context.newPage();
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  await page.goto(pathToFileURL(path.join(WEB, 'index.html')).href);
  await page.waitForSelector('[data-testid="status"][data-state="idle"]');

  await page.click('[data-testid="load-sample"]');
  assert.equal(await state(page), 'error');
  assert.match(await page.textContent('[data-testid="error"]'), /static server/);

  await upload(page, 'ratings-file', path.join(SAMPLE, 'ratings.csv'));
  await upload(page, 'movies-file', path.join(SAMPLE, 'movies.csv'));
  assert.equal(await state(page), 'idle', await page.textContent('[data-testid="error"]'));
  // No shared memory on file://: one thread, and the page says why.
  assert.equal(await page.inputValue('[data-testid="threads"]'), '1');
  await train(page, 3);
  assert.equal(await page.textContent('[data-testid="thread-note"]'), '1 thread: this page is not cross-origin isolated.');
  const results = await similarTo(page, 'Toy Story (1995)');
  assert.equal(results.length, 10);
  await page.waitForSelector('[data-testid="movie-map"]:visible');
  await shot(page, '23-file-url', false);
  assert.ok(requests.every((u) => /^(file|blob|data):/.test(u)), `only local requests: ${requests.filter((u) => !/^(file|blob|data):/.test(u))}`);
  assert.deepEqual(consoleErrors, [], 'console errors');
  await context.close();
});
