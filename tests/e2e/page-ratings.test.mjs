// Rating counts in the page: each result says how many ratings its vector rests on
// (data-ratings), a minimum chosen beside the results (the module's default at first) leaves out
// rarely rated movies from every list, and a movie below it still gets its list, with a note.
// Run: node --test tests/e2e/   (needs /usr/bin/chromium and a built web/dist/)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SAMPLE, TRAIN_TIMEOUT, assertClean, loadSample, pageTests, shot, similarTo, train } from './page-helpers.mjs';

const env = pageTests();

// How many ratings each movie has in the sample.
function ratingCounts() {
  const counts = new Map();
  for (const line of readFileSync(path.join(SAMPLE, 'ratings.csv'), 'utf8').split('\n').slice(1)) {
    if (!line) continue;
    const id = line.split(',')[1];
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

const listed = (page, testId) => page.$$eval(`[data-testid="${testId}"] li`, (items) => items.map((li) => ({
  id: li.dataset.movieId, ratings: li.dataset.ratings, text: li.querySelector('.result-ratings')?.textContent,
})));

async function setMinimum(page, value) {
  await page.fill('[data-testid="min-ratings"]', String(value));
  await page.press('[data-testid="min-ratings"]', 'Enter'); // commits the value: 'change'
}

test('results carry their rating counts, obey the minimum, and a rarely rated query gets a note', { timeout: TRAIN_TIMEOUT + 60_000 }, async () => {
  const session = await env.openPage();
  const { page } = session;
  const counts = ratingCounts();
  await loadSample(page);
  await train(page, 3);
  const defaults = await page.evaluate(async () => {
    const { Movie2Vec } = await import('./dist/movie2vec.mjs');
    const probe = await Movie2Vec.create();
    const [minRatings] = await probe.neighbourOptions();
    probe.close();
    return minRatings;
  });
  assert.equal(Number(await page.inputValue('[data-testid="min-ratings"]')), defaults.default, 'the module\'s default');
  assert.ok(defaults.default > 1);

  await similarTo(page, 'Toy Story (1995)');
  let items = await listed(page, 'similar-list');
  assert.equal(items.length, 10);
  for (const item of items) {
    assert.equal(Number(item.ratings), counts.get(item.id), `movie ${item.id}'s data-ratings is its count in ratings.csv`);
    assert.ok(Number(item.ratings) >= defaults.default);
    assert.equal(item.text, `${Number(item.ratings).toLocaleString('en-US')} ratings`);
  }
  assert.equal(await page.isHidden('.query-note'), true, 'Toy Story rests on many ratings');

  // A higher minimum lists every result again, with it.
  await setMinimum(page, 100);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="similar-list"] li')]
    .every((li) => Number(li.dataset.ratings) >= 100));
  items = await listed(page, 'similar-list');
  assert.equal(items.length, 10);
  await page.click('.add-query');
  await page.waitForSelector('[data-testid="more-like"] li[data-movie-id]');
  const more = await listed(page, 'more-like');
  assert.ok(more.every((m) => Number(m.ratings) >= 100), JSON.stringify(more));

  // A movie rated 3 times still gets its list (of movies at or above the minimum), and a note.
  const rare = [...counts.entries()].find(([, n]) => n === 3)[0];
  const title = await page.evaluate(async (id) => {
    const { currentMap } = await import('./app/map-panel.mjs');
    return currentMap().movies.find((m) => m.movieId === Number(id)).title;
  }, rare);
  await similarTo(page, title);
  assert.equal(await page.textContent('.results-title cite'), title);
  assert.equal((await listed(page, 'similar-list')).length, 10);
  assert.equal(await page.isVisible('.query-note'), true);
  assert.match(await page.textContent('.query-note'), /has only 3 ratings \(fewer than 100\): its neighbours rest on few ratings/);
  await page.locator('#explore').scrollIntoViewIfNeeded();
  await shot(page, '26-rating-counts', false);
  // At 0, every movie may be listed and nothing is "few".
  await setMinimum(page, 0);
  await page.waitForFunction(() => document.querySelector('.query-note').hidden);
  assertClean(session);
  await session.context.close();
});
