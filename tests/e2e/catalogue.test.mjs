// A catalogue of 30,000 movies in the page (issue 17): a file made like `movie2vec
// bench-catalogue` (3 copies of the sample, no movie shared: 29,172 movies) trains, the map
// becomes UMAP by itself (approximate neighbours), and the search box suggests on the first
// keystroke after training. Costs about as much as one sample training plus the UMAP of 29,172
// movies in WebAssembly (seconds).
// Run: node --test tests/e2e/catalogue.test.mjs   (needs /usr/bin/chromium and a built web/dist/)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogueFiles } from '../../tools/catalogue-files.mjs';
import { TRAIN_TIMEOUT, assertClean, pageTests, shot, train, upload } from './page-helpers.mjs';

const env = pageTests();

test('30,000 movies: trains, maps them with UMAP after training, and suggests on the first keystroke', { timeout: TRAIN_TIMEOUT + 120_000 }, async () => {
  const files = catalogueFiles({ copies: 3, head: 0 });
  assert.equal(files.movieCount, 29172);
  const session = await env.openPage();
  const { page } = session;
  await upload(page, 'ratings-file', { name: 'ratings-30k.csv', mimeType: 'text/csv', buffer: Buffer.from(files.ratings) });
  await upload(page, 'movies-file', { name: 'movies-30k.csv', mimeType: 'text/csv', buffer: Buffer.from(files.movies) });
  await page.fill('#p-dim', '16');
  await page.click('details.more-settings summary');
  await page.fill('#p-nextModel', '0');  // the catalogue's size is the point here, not "next"
  await train(page, 1);

  // The first keystroke after training: suggestions come from the index built with the model.
  const search = page.locator('[data-testid="movie-search"]');
  await search.focus();
  const pressed = await page.evaluate(() => performance.now());
  await page.keyboard.press('h');
  await page.waitForSelector('#movie-suggestions li[role="option"][data-movie-id]');
  const waited = (await page.evaluate(() => performance.now())) - pressed;
  const titles = await page.$$eval('#movie-suggestions li[role="option"] .suggestion-title', (items) => items.map((li) => li.textContent));
  assert.ok(titles.length > 0 && titles.every((t) => /h/i.test(t)), titles.join(' | '));
  // A copy's title ("... #2 (year)") is found by its mark, so the tail copies are in the index.
  await search.fill('heat #2');
  await page.waitForFunction(() => /Heat #2 \(1995\)/.test(document.querySelector('#movie-suggestions')?.textContent ?? ''));

  // The map starts as PCA and turns into UMAP by itself, with every movie.
  await page.waitForFunction(() => /^UMAP of 29,172 movies in /.test(document.querySelector('[data-testid="map-status"]').textContent),
    null, { timeout: 120_000, polling: 200 });
  assert.equal(await page.getAttribute('[data-testid="map-umap"]', 'aria-pressed'), 'true');
  const status = await page.textContent('[data-testid="map-status"]');
  // Timings are reported, never asserted.
  console.log(`29,172 movies: first suggestion ${waited.toFixed(0)} ms after the first keystroke; ${status}`);
  await shot(page, '30-catalogue-umap', false);
  assertClean(session);
  await session.context.close();
});
