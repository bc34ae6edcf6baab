// The whole catalogue in the page, in headless Chromium: opens a model file, then measures how
// long the first suggestion takes after the first keystroke in the search box (the title index is
// built with the model, in the Worker) and, above 20,000 movies, how long the UMAP map that starts
// by itself takes (its status line says). Usage:
//   node tools/catalogue-in-page.mjs MODEL.m2v [LETTER]
// (models of 10 k / 60 k / 90 k movies: build/movie2vec bench-catalogue --copies 1|7|10 ..., then
// build/movie2vec train --ratings R.csv --movies M.csv --out-model MODEL.m2v)
import { withServedPage } from './chromium.mjs';

const [modelFile, letter = 'h'] = process.argv.slice(2);
if (!modelFile) {
  console.error('usage: node tools/catalogue-in-page.mjs MODEL.m2v [LETTER]');
  process.exit(2);
}
await withServedPage(async ({ server, browser }) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="status"][data-state="idle"]');
  const t0 = Date.now();
  await page.setInputFiles('[data-testid="import-model"]', modelFile);
  await page.waitForFunction(() => !document.querySelector('[data-testid="movie-search"]').disabled, null, { timeout: 0, polling: 50 });
  console.log(`model open and searchable in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // The time from the key's event to the suggestions in the page, by the page's own clock.
  await page.evaluate(() => {
    window.firstKey = {};
    document.querySelector('[data-testid="movie-search"]').addEventListener('keydown', () => { window.firstKey.down ??= performance.now(); });
    new MutationObserver(() => {
      if (document.querySelector('#movie-suggestions li[data-movie-id]')) window.firstKey.shown ??= performance.now();
    }).observe(document.querySelector('#movie-suggestions'), { childList: true });
  });
  await page.focus('[data-testid="movie-search"]');
  await page.keyboard.press(letter);
  await page.waitForSelector('#movie-suggestions li[data-movie-id]', { timeout: 0 });
  const { down, shown } = await page.evaluate(() => window.firstKey);
  console.log(`first suggestion ${(shown - down).toFixed(0)} ms after the first keystroke`);
  await page.waitForSelector('#map:not([hidden])');
  await page.waitForTimeout(1000); // a UMAP that starts by itself has started by now
  const status = await page.waitForFunction(() => {
    const text = document.querySelector('[data-testid="map-status"]').textContent;
    if (!text) return 'PCA (UMAP starts by itself above 20,000 movies)';
    return /^UMAP of .* in /.test(text) ? text : false;
  }, null, { timeout: 0, polling: 250 });
  console.log(`map: ${await status.jsonValue()}`);
});
