// Large ratings files in the page, in headless Chromium, next to the same files under Node:
//   load MB/s in the page (from the file input's change event to the load report) beside
//   `node build-wasm/movie2vec-cli.js bench-ingest` on the same file, runs interleaved; then
//   the estimate the page shows before training beside the actual time to done, with the
//   size-aware settings (epochs left empty) or EPOCHS; with --threads 1,2 it trains once per
//   thread count instead (interleaved, --runs times) and prints the page's tokens/s for each.
// Usage: node tools/big-file-in-page.mjs [--runs N] [--no-train] [--epochs E] [--threads 1,2] FILE...
// (make FILE with: build/movie2vec bench-ingest --rows 5000000 --out ratings-5m.csv, or any
// large ratings.csv)
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withServedPage } from './chromium.mjs';

const args = process.argv.slice(2);
const files = [];
let runs = 3;
let trainToo = true;
let epochs = '';
let threadCounts = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--no-train') trainToo = false;
  else if (args[i] === '--epochs') epochs = String(args[++i]);
  else if (args[i] === '--threads') threadCounts = String(args[++i]).split(',').map(Number);
  else files.push(args[i]);
}
if (files.length === 0 || !(runs >= 1)) {
  console.error('usage: node tools/big-file-in-page.mjs [--runs N] [--no-train] [--epochs E] [--threads 1,2] FILE...');
  process.exit(2);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const fixed = (x, digits = 0) => x.toFixed(digits);

// MB/s of bench-ingest under Node (the WebAssembly loader alone, reading with Node's fs).
function benchIngest(file) {
  const text = execFileSync('node', [path.join(root, 'build-wasm/movie2vec-cli.js'), 'bench-ingest', '--out', file],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 24 });
  const match = /load .* s, group .* s: (\d+(?:\.\d+)?) MB\/s/.exec(text);
  if (!match) throw new Error(`bench-ingest printed no MB/s:\n${text}`);
  return Number(match[1]);
}

const state = (page) => page.getAttribute('[data-testid="status"]', 'data-state');
const waitForStates = (page, states, timeout = 0) => page.waitForFunction(
  (list) => list.includes(document.querySelector('[data-testid="status"]').dataset.state), states, { timeout, polling: 100 });

// Loads file through the ratings input of a fresh page; seconds from the change event to the report.
async function loadInPage(browser, server, file) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="status"][data-state="idle"]');
  // The end is when the status leaves "loading", seen by an observer in the page (polling from
  // here would add up to its interval).
  await page.evaluate(() => {
    const status = document.querySelector('[data-testid="status"]');
    document.querySelector('[data-testid="ratings-file"]').addEventListener('change', () => {
      self.m2vLoadStarted = performance.now();
      new MutationObserver((changes, observer) => {
        if (status.dataset.state === 'loading') return;
        self.m2vLoadEnded = performance.now();
        observer.disconnect();
      }).observe(status, { attributes: true, attributeFilter: ['data-state'] });
    }, { capture: true, once: true });
  });
  await page.setInputFiles('[data-testid="ratings-file"]', file);
  await page.waitForFunction(() => self.m2vLoadEnded !== undefined, null, { timeout: 0, polling: 100 });
  const seconds = (await page.evaluate(() => self.m2vLoadEnded - self.m2vLoadStarted)) / 1000;
  if (await state(page) === 'error') throw new Error(`the page could not load ${file}: ${await page.textContent('[data-testid="error"]')}`);
  return { context, page, seconds };
}

await withServedPage(async ({ server, browser }) => {
  for (const file of files) {
    const mb = statSync(file).size / 1e6;
    console.log(`\n${file}: ${fixed(mb, 1)} MB`);
    const pageRates = [];
    const nodeRates = [];
    let last = null;
    for (let run = 1; run <= runs; run++) {
      nodeRates.push(benchIngest(file));
      await last?.context.close();
      last = await loadInPage(browser, server, file);
      pageRates.push(mb / last.seconds);
      console.log(`run ${run}: page ${fixed(last.seconds, 2)} s, ${fixed(pageRates.at(-1))} MB/s; bench-ingest (Node) ${fixed(nodeRates.at(-1))} MB/s;` +
        ` ratio ${fixed(pageRates.at(-1) / nodeRates.at(-1), 2)}`);
    }
    const [p, n] = [median(pageRates), median(nodeRates)];
    console.log(`load, median of ${runs}: page ${fixed(p)} MB/s, bench-ingest ${fixed(n)} MB/s, page/Node ${fixed(p / n, 2)} (target >= 0.8)`);
    console.log((await last.page.textContent('[data-testid="load-report"]')).replace(/\s+/g, ' ').trim().slice(0, 240));
    if (trainToo && threadCounts) {
      // Tokens/s as the page reports it at the end (training only, not the corpus's preparation).
      const { page } = last;
      await page.fill('#p-epochs', epochs || '1');
      await page.$eval('details.more-settings', (details) => { details.open = true; }); // where Threads is
      const speeds = new Map(threadCounts.map((t) => [t, []]));
      for (let run = 1; run <= runs; run++) {
        for (const t of threadCounts) {
          await page.fill('[data-testid="threads"]', String(t));
          await page.click('[data-testid="train"]');
          await waitForStates(page, ['done', 'error']);
          const progress = await page.textContent('[data-testid="progress"]');
          const note = await page.textContent('[data-testid="thread-note"]');
          const rate = Number((/([\d,]+) tokens\/s/.exec(progress)?.[1] ?? '0').replace(/,/g, ''));
          speeds.get(t).push(rate);
          console.log(`run ${run}, ${t} thread(s): ${rate} tokens/s (${note.trim()})`);
        }
      }
      const base = median(speeds.get(threadCounts[0]));
      for (const t of threadCounts) {
        console.log(`${t} thread(s), median of ${runs}: ${fixed(median(speeds.get(t)))} tokens/s, ${fixed(median(speeds.get(t)) / base, 2)}x ${threadCounts[0]}`);
      }
    } else if (trainToo) {
      const { page } = last;
      await page.fill('#p-epochs', epochs);
      await page.waitForFunction(() => {
        const box = document.querySelector('[data-testid="train-estimate"]');
        return !box.hidden && box.dataset.state === 'ready';
      }, null, { timeout: 0, polling: 100 });
      const estimate = await page.$eval('[data-testid="train-estimate"]', (box) => ({
        text: box.querySelector('.estimate-text').textContent, seconds: Number(box.dataset.seconds),
      }));
      console.log(`estimate: ${estimate.text}`);
      const t0 = Date.now();
      await page.click('[data-testid="train"]');
      await waitForStates(page, ['done', 'error']);
      const took = (Date.now() - t0) / 1000;
      console.log(`trained in ${fixed(took, 1)} s (estimate ${fixed(estimate.seconds, 1)} s, actual/estimate ${fixed(took / estimate.seconds, 2)}):` +
        ` ${await page.textContent('[data-testid="progress"]')}`);
      if (await state(page) === 'error') console.log(`error: ${await page.textContent('[data-testid="error"]')}`);
    }
    await last.context.close();
  }
});
