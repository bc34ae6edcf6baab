// One page through what surrounds a training: the estimate shown once ratings are loaded (and
// measured again when a setting changes, with the size-aware settings one click away), the model
// in use answering searches while a new one trains, and the background worker dying mid-training
// (closed from inside, as an out-of-memory kill would end it): one message, the model kept and
// searchable, the files one click from loading again. About 20 s on 2 cores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TRAIN_TIMEOUT, assertClean, loadSample, pageTests, shot, similarTo, state, train, waitForState } from './page-helpers.mjs';

const env = pageTests();

const estimate = (page) => page.$eval('[data-testid="train-estimate"]', (box) => ({
  hidden: box.hidden, state: box.dataset.state, text: box.querySelector('.estimate-text').textContent,
  tokens: Number(box.dataset.tokensPerEpoch), epochs: Number(box.dataset.epochs), shown: Number(box.dataset.shown ?? 0),
}));

// Waits for the next estimate (or reason for none) shown after `old`.
async function nextEstimate(page, old) {
  await page.waitForFunction((before) => {
    const box = document.querySelector('[data-testid="train-estimate"]');
    return !box.hidden && Number(box.dataset.shown ?? 0) > before;
  }, old?.shown ?? 0, { timeout: 30_000, polling: 50 });
  return estimate(page);
}

test('estimate before training; the old model answers during a new training; a dead worker keeps the model', { timeout: TRAIN_TIMEOUT }, async () => {
  const session = await env.openPage();
  const { page } = session;
  assert.equal((await estimate(page)).hidden, true, 'no estimate before any ratings');
  await loadSample(page);

  // The estimate: the sample's tokens, the auto epochs (50), a time and a memory figure.
  let e = await nextEstimate(page, null);
  assert.equal(e.hidden, false);
  assert.equal(e.epochs, 50);
  assert.ok(e.tokens > 90_000 && e.tokens <= 100_836, `tokens per epoch ${e.tokens}`);
  assert.match(e.text, /tokens per epoch × 50 epochs \(auto\): about .+ at [\d,]+ tokens\/s measured here; needs about [\d.]+ (kB|MB) of memory besides the ratings\.$/);
  assert.equal(await page.isHidden('[data-testid="apply-size-aware"]'), true);

  // Typed epochs above the size rule: the estimate follows, and offers the size-aware settings.
  await page.fill('#p-epochs', '200');
  e = await nextEstimate(page, e);
  assert.equal(e.epochs, 200);
  assert.match(e.text, /× 200 epochs:/);
  await page.waitForSelector('[data-testid="apply-size-aware"]:not([hidden])');
  await shot(page, 'estimate-offer');
  // A setting that changes the corpus changes the tokens.
  await page.click('details summary');
  await page.fill('#p-minCount', '50');
  const fewer = await nextEstimate(page, e);
  assert.ok(fewer.tokens < e.tokens, `min count 50: ${fewer.tokens} tokens, not fewer than ${e.tokens}`);
  await page.click('[data-testid="apply-size-aware"]');
  e = await nextEstimate(page, fewer);
  assert.equal(await page.inputValue('#p-epochs'), '');
  assert.match(e.text, /epochs \(auto\)/);
  await page.fill('#p-minCount', '1');
  // A bad value: no estimate, the reason instead.
  await page.fill('#p-dim', '0');
  e = await nextEstimate(page, e);
  assert.equal(e.state, 'invalid');
  assert.match(e.text, /Dimensions must be/);
  await page.fill('#p-dim', '16');

  // A first model, then a long training: the first still answers searches while it runs.
  await train(page, 2);
  const first = await similarTo(page, 'Toy Story (1995)');
  await page.fill('#p-epochs', '1000');
  await page.click('[data-testid="train"]');
  await waitForState(page, 'training');
  await page.waitForFunction(() => /Epoch \d+\/1000/.test(document.querySelector('[data-testid="progress"]').textContent),
    null, { timeout: 30_000 });
  assert.equal((await estimate(page)).hidden, true, 'no estimate (maybe of other settings) beside a run');
  assert.equal(await page.isDisabled('[data-testid="movie-search"]'), false);
  const during = await similarTo(page, 'Toy Story (1995)');
  assert.equal(await state(page), 'training', 'the answer came from the model in use, not after the training');
  assert.deepEqual(during.map((r) => r.id), first.map((r) => r.id));
  await shot(page, 'search-while-training');

  // The worker dies mid-training, without an error event (as when it runs out of memory).
  const [worker] = page.workers();
  assert.ok(worker, 'the page runs a Worker');
  await worker.evaluate(() => { setTimeout(() => self.close(), 0); });
  await waitForState(page, 'error', 30_000);
  await page.waitForSelector('[data-testid="restart-offer"]:not([hidden])', { timeout: 30_000 });
  const status = await page.textContent('[data-testid="status"]');
  assert.match(status, /background worker stopped while training/);
  assert.match(status, /model you had is kept/);
  assert.match(await page.textContent('[data-testid="error"]'), /stopped without a word/);
  assert.equal(await page.isDisabled('[data-testid="cancel"]'), true, 'nothing left running');
  await shot(page, 'worker-died');
  // The kept model answers, from the new worker.
  assert.deepEqual((await similarTo(page, 'Toy Story (1995)')).map((r) => r.id), first.map((r) => r.id));
  assert.match(await page.textContent('.restart-files'), /ratings\.csv, movies\.csv, links\.csv/);
  // One click loads the same files again, and training is possible again.
  await page.click('[data-testid="restart"]');
  await waitForState(page, ['done', 'idle', 'error']);
  assert.notEqual(await state(page), 'error', await page.textContent('[data-testid="error"]'));
  assert.match(await page.textContent('[data-testid="load-report"]'), /100,836/);
  assert.equal(await page.isDisabled('[data-testid="train"]'), false);
  await nextEstimate(page, e);
  assertClean(session);
  await session.context.close();
});
