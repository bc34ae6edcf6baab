// What the page's Chromium tests share: one local server and one browser per test file, a page
// that records every request, console error and dialog, and the steps a user takes (upload,
// train, search). Not a test file itself (node --test runs *.test.mjs).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../tools/chromium.mjs';
import { startServer } from '../../tools/serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB = path.join(ROOT, 'web');
export const SAMPLE = path.join(WEB, 'sample/ml-latest-small');
export const KAGGLE = path.join(ROOT, 'tests/fixtures/the-movies-dataset-sample');
export const SHOTS = path.join(ROOT, 'test-output');
export const TRAIN_TIMEOUT = 240_000;

// Starts the server (on web/, or root) and the browser before the file's tests and stops them
// after. Returns {server, browser, openPage(options)}.
export function pageTests({ root = WEB } = {}) {
  const env = {
    server: null,
    browser: null,
    openPage: (options) => openPage(env, options),
  };
  before(async () => {
    await access(path.join(root, 'dist/movie2vec.js')).catch(() => {
      throw new Error('web/dist/movie2vec.js is missing: build it first with ./build-wasm.sh build');
    });
    await mkdir(SHOTS, { recursive: true });
    env.server = await startServer({ root, port: 0, host: '127.0.0.1' });
    env.browser = await launchChromium();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

// A fresh context and page that records every request, console error and dialog, and refuses
// to let any request leave the local server.
// block: ends of same-origin URLs to refuse (a file missing from the server).
async function openPage({ browser, server }, { colorScheme = 'light', viewport = { width: 1280, height: 900 }, block = [] } = {}) {
  const context = await browser.newContext({ colorScheme, viewport, acceptDownloads: true });
  const origin = new URL(server.url).origin;
  const requests = [];
  const foreign = [];
  const consoleErrors = [];
  const dialogs = [];
  context.on('request', (request) => {
    const url = request.url();
    requests.push(url);
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) foreign.push(url);
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (block.some((end) => url.endsWith(end))) return route.abort('failed');
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) return route.continue();
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss().catch(() => {}); });
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="status"][data-state="idle"]');
  return { context, page, requests, foreign, consoleErrors, dialogs };
}

export const state = (page) => page.getAttribute('[data-testid="status"]', 'data-state');

export async function waitForState(page, wanted, timeout = 60_000) {
  const states = Array.isArray(wanted) ? wanted : [wanted];
  await page.waitForFunction(
    (list) => list.includes(document.querySelector('[data-testid="status"]').dataset.state),
    states, { timeout, polling: 50 },
  );
}

// Loads one file through its input and waits until the page is no longer loading.
export async function upload(page, testId, file) {
  await page.setInputFiles(`[data-testid="${testId}"]`, file);
  await waitForState(page, ['idle', 'error', 'done']);
}

export async function loadSample(page) {
  await page.click('[data-testid="load-sample"]');
  await waitForState(page, ['idle', 'error']);
  assert.equal(await state(page), 'idle', await page.textContent('[data-testid="error"]'));
}

export async function train(page, epochs) {
  await page.fill('#p-epochs', String(epochs));
  await page.click('[data-testid="train"]');
  await waitForState(page, ['done', 'error'], TRAIN_TIMEOUT);
  assert.equal(await state(page), 'done', await page.textContent('[data-testid="error"]'));
}

// Empties the list first, so the answer read is the new one.
export async function similarTo(page, text) {
  await page.$eval('[data-testid="similar-list"]', (list) => list.replaceChildren());
  await page.fill('[data-testid="movie-search"]', text);
  await page.press('[data-testid="movie-search"]', 'Enter');
  await page.waitForSelector('[data-testid="similar-list"] li[data-movie-id]');
  return page.$$eval('[data-testid="similar-list"] li', (items) =>
    items.map((li) => ({ id: li.getAttribute('data-movie-id'), text: li.textContent })));
}

export function shot(page, name, fullPage = true) {
  return page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

export function assertClean(session) {
  assert.deepEqual(session.foreign, [], 'requests left the local server');
  assert.deepEqual(session.consoleErrors, [], 'console errors');
  assert.deepEqual(session.dialogs, [], 'dialogs opened');
}

// Resolves after the next two animation frames, when the map has drawn.
export const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

// Clicks a button and collects `count` downloads as {name, bytes}.
export async function downloads(page, selector, count = 1) {
  const got = [];
  const done = new Promise((resolve) => {
    const onDownload = async (download) => {
      got.push({ name: download.suggestedFilename(), bytes: await readFile(await download.path()) });
      if (got.length === count) { page.off('download', onDownload); resolve(); }
    };
    page.on('download', onDownload);
  });
  await page.click(selector);
  await done;
  return got.sort((a, b) => a.name.localeCompare(b.name));
}

export const lines = (text) => text.split('\n').filter((line) => line.length > 0);
