// The API around a training, in this thread with the Node build: estimateTraining() counts the
// corpus train() builds and follows the settings; the model in use answers queries while a new
// one trains, and stays after a cancel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Movie2Vec } from '../../web/api/movie2vec.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const moduleFactory = createRequire(import.meta.url)(join(root, 'build-wasm', 'movie2vec-node.js'));
const sample = (name) => readFileSync(join(root, 'web', 'sample', 'ml-latest-small', name));

let m2v;

before(async () => {
  m2v = await Movie2Vec.create({ moduleFactory });
  await m2v.loadRatings(sample('ratings.csv'), { name: 'ratings.csv' });
  await m2v.loadMovies(sample('movies.csv'), { name: 'movies.csv' });
});

after(() => m2v?.close());

test('estimateTraining(): the corpus train() builds, the epochs the settings imply, a measured speed', async () => {
  await assert.rejects(Movie2Vec.create({ moduleFactory }).then(async (fresh) => {
    try { await fresh.estimateTraining({}); } finally { fresh.close(); }
  }), /load a ratings file first/);

  const auto = await m2v.estimateTraining({ dim: 8 }, { measureMs: 20 });
  assert.equal(auto.autoEpochs, true);
  assert.equal(auto.epochs, await m2v.autoEpochs(auto.tokensPerEpoch));
  assert.ok(auto.tokensPerSecond > 0 && auto.measuredTokens > 0);
  assert.ok(Math.abs(auto.seconds - (auto.tokensPerEpoch * auto.epochs) / auto.tokensPerSecond) < 1e-6 * auto.seconds + 1e-9);

  const options = { dim: 8, epochs: 1, minCount: 20, minRating: 3.5 };
  const filtered = await m2v.estimateTraining(options, { measureMs: 20 });
  assert.equal(filtered.epochs, 1);
  assert.equal(filtered.autoEpochs, false);
  assert.ok(filtered.tokensPerEpoch < auto.tokensPerEpoch, 'min count and min rating leave fewer tokens');
  const { prepared } = await m2v.train(options);
  assert.deepEqual([filtered.tokensPerEpoch, filtered.vocabulary, filtered.sequences],
    [prepared.tokens, prepared.vocabulary, prepared.sequences]);
  // More dimensions take more memory.
  const wide = await m2v.estimateTraining({ ...options, dim: 64 }, { measureMs: 20 });
  assert.ok(wide.memoryBytes > filtered.memoryBytes);
  await assert.rejects(m2v.estimateTraining({ dim: 0 }), /dim/);
});

test('the model in use answers queries during a new training, and stays when it is cancelled', async () => {
  await m2v.train({ dim: 16, epochs: 3, seed: 5 });
  const before = await m2v.similar(1, 10);
  const controller = new AbortController();
  let steps = 0;
  let askedAt = Infinity;
  let finished = false;
  const training = m2v.train({ dim: 16, epochs: 1000, seed: 9 }, {
    signal: controller.signal,
    // A query that waits for the training would wait for 1000 epochs: end it well before.
    onProgress: () => { if (++steps > askedAt + 20) controller.abort(); },
  });
  training.then(() => { finished = true; }, () => { finished = true; });
  // Asked once the new training has made progress: answered between its steps, by the old model.
  while (steps < 2) await new Promise((resolve) => setTimeout(resolve, 5));
  askedAt = steps;
  const during = await m2v.similar(1, 10);
  assert.equal(finished, false, 'the query waited for the training to end');
  assert.deepEqual(during, before);
  assert.equal((await m2v.search('toy story', 1))[0].movieId, 1);
  controller.abort();
  await assert.rejects(training, (error) => error.name === 'AbortError');
  assert.deepEqual(await m2v.similar(1, 10), before, 'a cancelled training leaves the model in use');
});
