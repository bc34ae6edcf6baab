// The nine page bugs of issue 13, each as a new user met it, in a real Chromium: a movies file
// after training, file fields, Kaggle metadata without links, untitled movies, "time left",
// the loss chart of an opened model, map labels, numbers and units, and Tab stops to the map.
// Run: node --test tests/e2e/   (needs /usr/bin/chromium and a built web/dist/)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import path from 'node:path';
import {
  KAGGLE, SAMPLE, SHOTS, TRAIN_TIMEOUT, assertClean, downloads, frames, loadSample, pageTests, shot, similarTo, state,
  train, upload, waitForState,
} from './page-helpers.mjs';

const env = pageTests();

// Six users rating movies 10, 20, 30 and 40: enough for a tiny model without titles.
const TINY_RATINGS = ['userId,movieId,rating,timestamp',
  ...[1, 2, 3, 4, 5, 6].flatMap((u) => [10, 20, 30, 40].map((m, i) => `${u},${m},${1 + ((u + i) % 5)},${100 + i}`))].join('\n') + '\n';
const upload1 = (page, testId, name, text) => upload(page, testId, { name, mimeType: 'text/csv', buffer: Buffer.from(text) });

test('1: a movies file chosen after training re-labels the model instead of throwing it away', { timeout: TRAIN_TIMEOUT + 60_000 }, async () => {
  const session = await env.openPage();
  const { page } = session;
  await upload(page, 'ratings-file', path.join(SAMPLE, 'ratings.csv'));
  await train(page, 2);
  const before = await similarTo(page, 'Movie 1');
  assert.ok(before.every((r) => /Movie \d+/.test(r.text)), 'no titles before the movies file');
  await page.waitForSelector('[data-testid="movie-map"]:visible');

  await upload(page, 'movies-file', path.join(SAMPLE, 'movies.csv'));
  assert.equal(await state(page), 'done', 'the model is still there');
  assert.match(await page.textContent('[data-testid="status"]'), /nothing to train again/);
  assert.equal(await page.isEnabled('[data-testid="movie-search"]'), true);
  // The list shown before now carries titles: the same movies, in the same order.
  await page.waitForFunction(() => document.querySelector('.results-title cite')?.textContent === 'Toy Story (1995)');
  const after = await page.$$eval('[data-testid="similar-list"] li', (items) =>
    items.map((li) => ({ id: li.dataset.movieId, title: li.querySelector('.result-title').textContent })));
  assert.deepEqual(after.map((r) => r.id), before.map((r) => r.id));
  assert.ok(after.every((r) => !/^Movie \d+$/.test(r.title)), after.map((r) => r.title).join(' | '));
  // The map too: its legend now has genres.
  assert.ok(await page.locator('.map-legend li').count() >= 5, 'the map is coloured by the new genres');
  assert.equal(await page.locator('[data-testid="loss-chart"] .loss-point').count(), 2, 'the training shown is kept');
  assertClean(session);
  await session.context.close();
});

test('2: after loading, each file field names the file it holds', { timeout: 120_000 }, async () => {
  const session = await env.openPage();
  const { page } = session;
  const status = (kind) => page.textContent(`#${kind}-file-status`);
  assert.equal(await status('ratings'), 'No file loaded');
  await upload(page, 'ratings-file', path.join(SAMPLE, 'ratings.csv'));
  const megabytes = (statSync(path.join(SAMPLE, 'ratings.csv')).size / 1e6).toFixed(1);
  assert.equal(await status('ratings'), `Loaded ratings.csv (${megabytes} MB)`);
  // A file that cannot be used changes nothing: the field still names the one loaded.
  await upload1(page, 'ratings-file', 'empty.csv', '');
  assert.equal(await state(page), 'error');
  assert.match(await status('ratings'), /^Loaded ratings\.csv/);
  // The sample fills all three; the browser's own "No file chosen" is not shown beside them.
  await page.click('[data-testid="load-sample"]');
  await waitForState(page, ['idle', 'error']);
  for (const kind of ['ratings', 'movies', 'links']) assert.equal(await status(kind), `Loaded ${kind}.csv`);
  assert.equal(await page.$eval('#movies-file', (input) => getComputedStyle(input).color), 'rgba(0, 0, 0, 0)');
  const described = await page.getAttribute('#movies-file', 'aria-describedby');
  assert.ok(described.split(' ').includes('movies-file-status'), 'screen readers hear it too');
  await page.locator('#data').screenshot({ path: path.join(SHOTS, '24-file-fields.png') });
  assertClean(session);
  await session.context.close();
});

test('3: Kaggle metadata without links asks for links.csv and says why', { timeout: 120_000 }, async () => {
  const session = await env.openPage();
  const { page } = session;
  await upload(page, 'ratings-file', path.join(SAMPLE, 'ratings.csv'));
  await upload(page, 'movies-file', path.join(KAGGLE, 'movies_metadata.csv'));
  const coverage = await page.textContent('.coverage');
  assert.match(coverage, /Titles known for 0 of 9,724 rated movies \(0%\); movies_metadata\.csv names movies by TMDB id, so load links\.csv/);
  assert.doesNotMatch(coverage, /load a movies file/);
  await upload(page, 'links-file', path.join(KAGGLE, 'links_small.csv'));
  assert.doesNotMatch(await page.textContent('.coverage'), /load links\.csv/);
  assertClean(session);
  await session.context.close();
});

test('4: an untitled movie is found by its id and by the name it is shown under', { timeout: 120_000 }, async () => {
  const session = await env.openPage();
  const { page } = session;
  await upload1(page, 'ratings-file', 'ratings.csv', TINY_RATINGS);
  await train(page, 2);
  for (const typed of ['30', 'Movie 30', 'movie 30']) {
    await similarTo(page, typed);
    assert.equal(await page.textContent('.results-title cite'), 'Movie 30', `typing "${typed}"`);
  }
  assertClean(session);
  await session.context.close();
});

test('5: under a second left reads "less than a second left"', async () => {
  const session = await env.openPage();
  const { page } = session;
  const lines = await page.evaluate(async () => {
    const { progressLine } = await import('./app/training.mjs');
    const at = (done, seconds) => progressLine({ epoch: 3, epochs: 3, tokensDone: done, tokensTotal: 1000, seconds,
      tokensPerSecond: 1234567.4, loss: 1.5, epochLosses: [2, 1.8], done: false });
    return [at(990, 30), at(500, 30), at(100, 300), at(0, 0)];
  });
  assert.equal(lines[0], 'Epoch 3/3 · 1,234,567 tokens/s · less than a second left · loss 1.500');
  assert.match(lines[1], / · about 30 s left · /);
  assert.match(lines[2], / · about 45 min 0 s left · /);
  assert.ok(lines.every((line) => !/about under/.test(line)), lines.join('\n'));
  assertClean(session);
  await session.context.close();
});

test('6: after opening a .m2v, the loss chart no longer shows the previous training', { timeout: TRAIN_TIMEOUT + 60_000 }, async () => {
  const session = await env.openPage();
  const { page } = session;
  await upload1(page, 'ratings-file', 'ratings.csv', TINY_RATINGS);
  await train(page, 3);
  assert.equal(await page.locator('[data-testid="loss-chart"] .loss-point').count(), 3);
  const [model] = await downloads(page, '[data-testid="export-model"]');
  await upload(page, 'import-model', { name: 'saved.m2v', mimeType: 'application/octet-stream', buffer: model.bytes });
  assert.equal(await state(page), 'done', await page.textContent('[data-testid="error"]'));
  assert.equal(await page.locator('[data-testid="loss-chart"] .loss-point, [data-testid="loss-chart"] .loss-line').count(), 0);
  assert.match(await page.getAttribute('[data-testid="loss-chart"]', 'aria-label'), /opened from a file has no loss curve/);
  assert.equal(await page.textContent('[data-testid="progress"]'), 'Model opened from saved.m2v: nothing to train.');
  assert.equal(await page.$eval('#train-progress', (bar) => bar.value), 0);
  assertClean(session);
  await session.context.close();
});

test('7: map labels stay whole inside the map and off their own dots, on a phone and on a desktop', { timeout: TRAIN_TIMEOUT + 60_000 }, async () => {
  const session = await env.openPage({ viewport: { width: 390, height: 844 } });
  const { page } = session;
  // The placement itself, where the old one failed: a long title by the right edge of a narrow
  // map, and one too long for the map at all.
  const placed = await page.evaluate(async () => {
    const { placeLabels } = await import('./app/map/labels.mjs');
    const measure = (text) => 7 * [...text].length;
    const dots = [
      { x: 330, y: 100, r: 5, text: 'Pirates of the Caribbean: The Curse of the Black Pearl (2003)', always: true },
      { x: 15, y: 200, r: 4, text: 'Harry Potter and the Sorcerer\u2019s Stone (a.k.a. Harry Potter and the Philosopher\u2019s Stone) (2001)', always: true },
      { x: 340, y: 210, r: 4, text: 'Lord of the Rings: The Return of the King, The (2003)', always: false },
    ];
    return placeLabels(dots, { width: 350, height: 320, measure }).map((l) => ({ ...l, width: 350 }));
  });
  assert.equal(placed.length, 3);
  const onDot = (l) => {
    const { x, y, r } = l.dot;
    const nx = Math.max(l.l, Math.min(x, l.r)), ny = Math.max(l.t, Math.min(y, l.b));
    return (nx - x) ** 2 + (ny - y) ** 2 < r * r;
  };
  for (const l of placed) {
    assert.ok(l.l >= 0 && l.r <= l.width, `"${l.text}" spans ${l.l}..${l.r} of 0..${l.width}`);
    assert.ok(!onDot(l), `"${l.text}" covers its own dot`);
  }
  assert.ok(placed[1].text.endsWith('…'), 'a title wider than the map is shortened');

  // The map as drawn, after choosing a movie with a long title, at phone and at desktop width.
  await upload(page, 'ratings-file', path.join(SAMPLE, 'ratings.csv'));
  await upload(page, 'movies-file', path.join(SAMPLE, 'movies.csv'));
  await train(page, 3);
  await similarTo(page, 'Pirates of the Caribbean: The Curse of the Black Pearl');
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.locator('[data-testid="movie-map"]').scrollIntoViewIfNeeded();
    await frames(page);
    await frames(page);
    const drawn = await page.evaluate(async () => {
      const { currentMap } = await import('./app/map-panel.mjs');
      const box = document.querySelector('[data-testid="movie-map"]').getBoundingClientRect();
      return { labels: currentMap().labels, width: box.width, height: box.height };
    });
    assert.ok(drawn.labels.length >= 1 && drawn.labels[0].dot.always, 'the chosen movie is named');
    for (const l of drawn.labels) {
      assert.ok(l.l >= 0 && l.r <= drawn.width && l.t >= 0 && l.b <= drawn.height, `"${l.text}" is cut by the map's edge at ${width}px`);
      assert.ok(!onDot(l), `"${l.text}" covers its own dot at ${width}px`);
    }
    await shot(page, `25-map-labels-${width}`, false);
  }
  assertClean(session);
  await session.context.close();
});

test('8: one number format and decimal megabytes, as the command line prints', { timeout: TRAIN_TIMEOUT + 60_000 }, async () => {
  const session = await env.openPage();
  const { page } = session;
  await upload(page, 'ratings-file', path.join(SAMPLE, 'ratings.csv'));
  await upload(page, 'movies-file', path.join(KAGGLE, 'movies_metadata.csv'));
  await upload(page, 'links-file', path.join(KAGGLE, 'links_small.csv'));
  // Counts of a thousand and more are grouped, in the page's own lines and in the module's notes.
  const coverage = await page.textContent('.coverage');
  assert.match(coverage, /7,428 of 9,724 rated movies have no title/);
  assert.doesNotMatch(coverage, /\d{4}/, coverage);
  await train(page, 2);
  const [model] = await downloads(page, '[data-testid="export-model"]');
  assert.ok(model.bytes.length > 1e6);
  await page.waitForSelector(`.restore-row[data-bytes="${model.bytes.length}"]`);
  const info = await page.textContent('.restore-info');
  assert.ok(info.endsWith(`, ${(model.bytes.length / 1e6).toFixed(1)} MB`), `${info} for ${model.bytes.length} bytes`);
  assertClean(session);
  await session.context.close();
});

test('9: the map is a few Tab stops after the search box, and the results are one of them', { timeout: TRAIN_TIMEOUT + 60_000 }, async () => {
  const session = await env.openPage();
  const { page } = session;
  await loadSample(page);
  await train(page, 2);
  const results = await similarTo(page, 'Toy Story (1995)');
  assert.equal(results.length, 10);
  await page.focus('[data-testid="movie-search"]');
  const stops = [];
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const where = await page.evaluate(() => {
      const e = document.activeElement;
      return e.dataset.testid || e.id || e.className || e.tagName;
    });
    stops.push(where);
    if (where === 'movie-map') break;
  }
  assert.equal(stops.at(-1), 'movie-map', stops.join(' → '));
  assert.ok(stops.length <= 5, `${stops.length} Tab stops: ${stops.join(' → ')}`);
  // Inside the list, the arrows move between results: Down to the next title, Right to its "+".
  await page.focus('[data-testid="similar-list"] li:first-child .result-title');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.closest('li').dataset.movieId), results[1].id);
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'add-button');
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.picked .chip[data-movie-id="${results[1].id}"]`);
  // The map's toolbar is one stop too: the arrows go from PCA to UMAP and on.
  await page.focus('#map-pca');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'map-umap');
  assertClean(session);
  await session.context.close();
});
