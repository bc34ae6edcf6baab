// The "What to watch next" panel in Chromium: adding (the movie shown, "+ Seen", pasted ids and
// titles, a user of the ratings file), removing, reordering, the list kept across a reload, the
// history never recommended back, and the page's list equal to `movie2vec recommend` on the model
// the page saves. One page, one training of 5 epochs (a few seconds), one CLI run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ROOT, TRAIN_TIMEOUT, assertClean, downloads, loadSample, pageTests, shot, similarTo, train,
} from './page-helpers.mjs';

const env = pageTests();
const historyIds = (page) => page.$$eval('[data-testid="history-list"] li', (items) => items.map((li) => Number(li.dataset.movieId)));
const recommended = (page) => page.$$eval('[data-testid="recommend-list"] li', (items) => items.map((li) => Number(li.dataset.movieId)));

// Waits until the recommendations are for the history shown: ten, none of them in it.
async function settled(page) {
  await page.waitForFunction(() => {
    const history = new Set([...document.querySelectorAll('[data-testid="history-list"] li')].map((li) => li.dataset.movieId));
    const items = [...document.querySelectorAll('[data-testid="recommend-list"] li')];
    return history.size > 0 && items.length === 10 && items.every((li) => !history.has(li.dataset.movieId));
  }, null, { timeout: 30_000, polling: 50 });
  // A list drawn for an earlier history has the same shape: wait for the requests to stop.
  await page.waitForTimeout(200);
}

test('What to watch next: add, reorder, remove, reload, a user\'s history, and the CLI\'s list', { timeout: TRAIN_TIMEOUT + 90_000 }, async () => {
  const session = await env.openPage();
  const { page } = session;
  await page.evaluate(() => localStorage.clear());
  await loadSample(page);
  await train(page, 5);
  assert.match(await page.textContent('.recommend-empty'), /Add movies you watched/);

  // The movie shown in "Similar movies" (history-add), then "+ Seen" beside one of its neighbours.
  const results = await similarTo(page, 'Toy Story (1995)');
  await page.click('[data-testid="history-add"]');
  await page.click(`[data-testid="similar-list"] li[data-movie-id="${results[0].id}"] .seen-button`);
  assert.deepEqual(await historyIds(page), [1, Number(results[0].id)]);
  // Pasted: ids separated by commas, and a title on a line of its own.
  await page.fill('[data-testid="history-paste"]', '2571, 260\nFight Club (1999)');
  await page.click('[data-testid="history-paste-add"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="history-list"] li').length === 5);
  assert.deepEqual((await historyIds(page)).slice(2), [2571, 260, 2959]);
  await settled(page);
  const first = await recommended(page);
  assert.equal(first.length, 10);
  const because = await page.$$eval('[data-testid="recommend-list"] li', (items) => items.map((li) => Number(li.dataset.because)));
  const history = await historyIds(page);
  assert.ok(because.every((id) => history.includes(id)), `because ${because} is not in ${history}`);
  assert.match(await page.textContent('[data-testid="recommend-list"] li'), /because you watched/);
  await page.locator('#next').scrollIntoViewIfNeeded();
  await shot(page, 'history-panel', false);

  // A recommendation's "+ Seen" moves it into the history, and out of the recommendations.
  await page.click(`[data-testid="recommend-list"] li[data-movie-id="${first[0]}"] .seen-button`);
  assert.equal((await historyIds(page)).at(-1), first[0]);
  await settled(page);
  assert.ok(!(await recommended(page)).includes(first[0]));

  // Reorder (the last five make the query) and remove.
  const before = await historyIds(page);
  await page.click('[data-testid="history-list"] li:nth-child(2) .history-up');
  assert.deepEqual(await historyIds(page), [before[1], before[0], ...before.slice(2)]);
  await page.click('[data-testid="history-list"] li:first-child .history-remove');
  const kept = await historyIds(page);
  assert.deepEqual(kept, [before[0], ...before.slice(2)]);
  await settled(page);
  const shown = await recommended(page);

  // The same model through the CLI: the same ten, in the same order.
  const cli = path.join(ROOT, 'build', 'movie2vec');
  if (existsSync(cli)) {
    const [model] = await downloads(page, '[data-testid="export-model"]');
    const dir = mkdtempSync(path.join(tmpdir(), 'm2v-page-history-'));
    try {
      writeFileSync(path.join(dir, 'page.m2v'), model.bytes);
      const out = execFileSync(cli, ['recommend', '--model', path.join(dir, 'page.m2v'), '--history', kept.join(',')], { encoding: 'utf8' });
      assert.deepEqual(out.trim().split('\n').map((line) => Number(line.split('\t')[0])), shown);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  // A reload keeps the list (the model is gone until trained or opened again).
  await page.reload();
  await page.waitForSelector('[data-testid="status"][data-state="idle"]');
  assert.deepEqual(await historyIds(page), kept);
  assert.match(await page.textContent('.recommend-empty'), /once a model is trained or opened/);

  // A user of the ratings file: their movies in time order replace the list.
  await loadSample(page);
  await train(page, 5);
  await settled(page);
  await page.fill('[data-testid="history-user"]', '1');
  await page.click('[data-testid="history-user-load"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="history-list"] li').length > 100);
  const user1 = await historyIds(page);
  assert.ok(user1.length <= 232 && new Set(user1).size === user1.length, `${user1.length} movies`);
  assert.match(await page.textContent('.history-note'), /User 1: 232 movies in time order/);
  await settled(page);
  await page.fill('[data-testid="history-user"]', '99999');
  await page.click('[data-testid="history-user-load"]');
  await page.waitForFunction(() => /user 99999 is not in the ratings file/.test(document.querySelector('.history-note').textContent));
  await page.click('[data-testid="history-clear"]');
  assert.deepEqual(await historyIds(page), []);
  assert.equal(await page.evaluate(() => localStorage.getItem('movie2vec.history')), '[]');
  assertClean(session);
  await session.context.close();
});
