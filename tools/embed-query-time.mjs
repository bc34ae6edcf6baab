// How quickly the embed answers with a given model file, in headless Chromium: the model's load
// into MovieModel, MovieModel.similar() and search(), and a <movie-similar> element from setting
// its movie attribute to its list on the page. Usage:
//   node tools/embed-query-time.mjs MODEL.m2v [QUERIES]
// (an 88,240-movie int8 model: docs/performance.md, "The whole catalogue").
import path from 'node:path';
import { withServedPage } from './chromium.mjs';

const [modelFile, queryArg = '20'] = process.argv.slice(2);
if (!modelFile) {
  console.error('usage: node tools/embed-query-time.mjs MODEL.m2v [QUERIES]');
  process.exit(2);
}
const queries = Math.max(1, Number(queryArg) || 20);
const summary = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, slowest ${sorted.at(-1).toFixed(1)} ms (${times.length})`;
};
await withServedPage(async ({ server, browser }) => {
  const page = await browser.newPage();
  // The model is served from the file given, as if it sat beside the page.
  await page.route('**/query-time-model.m2v', (route) => route.fulfill({ path: path.resolve(modelFile) }));
  await page.goto(`${server.url}examples/embed.html`);
  const result = await page.evaluate(async (count) => {
    const { MovieModel } = await import('../dist/movie-similar.mjs');
    const bytes = new Uint8Array(await (await fetch('query-time-model.m2v')).arrayBuffer());
    let started = performance.now();
    const model = await MovieModel.load(bytes);
    const load = performance.now() - started;
    const ids = model.movies().map((m) => m.movieId);
    const similar = [];
    const search = [];
    for (let i = 0; i < count; i++) {
      const id = ids[Math.floor((i + 0.5) * ids.length / count)];
      started = performance.now();
      model.similar(id, 10);
      similar.push(performance.now() - started);
      started = performance.now();
      model.search(String.fromCharCode(97 + (i % 26)), 8);
      search.push(performance.now() - started);
    }
    // The element: the model is loaded once; each new movie attribute is one query, answered
    // when the element says it is ready (its movie-similar-ready event, after the list is in place).
    const element = document.createElement('movie-similar');
    const ready = () => new Promise((resolve) => element.addEventListener('movie-similar-ready', () => resolve(performance.now()), { once: true }));
    element.setAttribute('model', 'query-time-model.m2v');
    element.setAttribute('k', '10');
    element.setAttribute('movie', String(ids[0]));
    started = performance.now();
    let shown = ready();
    document.body.append(element);
    const first = (await shown) - started;
    const changed = [];
    for (let i = 1; i <= count; i++) {
      shown = ready();
      started = performance.now();
      element.setAttribute('movie', String(ids[Math.floor((i - 0.5) * ids.length / count)]));
      changed.push((await shown) - started);
    }
    return { movies: ids.length, bytes: bytes.length, load, similar, search, first, changed };
  }, queries);
  console.log(`model: ${result.movies.toLocaleString('en-US')} movies, ${result.bytes.toLocaleString('en-US')} bytes`);
  console.log(`MovieModel.load: ${result.load.toFixed(0)} ms`);
  console.log(`similar(id, 10): ${summary(result.similar)}`);
  console.log(`search(letter, 8): ${summary(result.search)}`);
  console.log(`<movie-similar>: first list ${result.first.toFixed(0)} ms after it was added (fetch and load included)`);
  console.log(`<movie-similar>, movie attribute changed: ${summary(result.changed)}`);
});
