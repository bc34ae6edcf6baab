// Loads a large ratings file into the page in headless Chromium, trains one epoch, and prints
// the time, the WebAssembly memory in use and the page's state: the check that a 25-million-row
// file fits in a browser tab. Usage: node tools/big-file-in-page.mjs FILE [EPOCHS]
// (make FILE with: build/movie2vec bench-ingest --out FILE, or any large ratings.csv)
import path from 'node:path';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { startServer } from './serve.mjs';

const [file, epochs = '1'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tools/big-file-in-page.mjs FILE [EPOCHS]');
  process.exit(2);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const server = await startServer({ root: path.join(root, 'web'), port: 0, host: '127.0.0.1' });
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="status"][data-state="idle"]');
  const t0 = Date.now();
  await page.setInputFiles('[data-testid="ratings-file"]', file);
  await page.waitForFunction(() => ['idle', 'error'].includes(document.querySelector('[data-testid="status"]').dataset.state)
    && !document.querySelector('[data-testid="load-report"]').textContent.includes('Reading'), null, { timeout: 0, polling: 500 });
  const loaded = (Date.now() - t0) / 1000;
  const mb = statSync(file).size / 1e6;
  console.log(`loaded ${mb.toFixed(0)} MB in ${loaded.toFixed(1)} s (${(mb / loaded).toFixed(0)} MB/s), state ${await page.getAttribute('[data-testid="status"]', 'data-state')}`);
  console.log((await page.textContent('[data-testid="load-report"]')).replace(/\s+/g, ' ').slice(0, 300));
  await page.fill('#p-epochs', epochs);
  const t1 = Date.now();
  await page.click('[data-testid="train"]');
  await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('[data-testid="status"]').dataset.state),
    null, { timeout: 0, polling: 1000 });
  console.log(`trained ${epochs} epoch(s) in ${((Date.now() - t1) / 1000).toFixed(1)} s: ${await page.textContent('[data-testid="progress"]')}`);
  console.log(`state ${await page.getAttribute('[data-testid="status"]', 'data-state')}: ${(await page.textContent('[data-testid="error"]')) || 'no error'}`);
} finally {
  await browser.close();
  await server.close();
}
