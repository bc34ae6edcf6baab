#!/usr/bin/env node
// Trains the example model the embed examples show: ml-latest-small, 32 dimensions, 40 epochs,
// int8 vectors. Uses the JavaScript API in this thread with the Node build of the module.
//   node web/examples/make-model.mjs [--out web/dist/example-model.m2v]
// Needs build-wasm/movie2vec-node.js (./build-wasm.sh build).
import { createRequire } from 'node:module';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Movie2Vec } from '../api/movie2vec.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLE = path.join(ROOT, 'web/sample/ml-latest-small');
const outIndex = process.argv.indexOf('--out');
const out = path.resolve(outIndex > 0 ? process.argv[outIndex + 1] : path.join(ROOT, 'web/dist/example-model.m2v'));

const moduleFactory = createRequire(import.meta.url)(path.join(ROOT, 'build-wasm/movie2vec-node.js'));
const m2v = await Movie2Vec.create({ moduleFactory });
try {
  await m2v.loadRatings(await readFile(path.join(SAMPLE, 'ratings.csv')), { name: 'ratings.csv' });
  await m2v.loadMovies(await readFile(path.join(SAMPLE, 'movies.csv')), { name: 'movies.csv' });
  const started = Date.now();
  const { prepared } = await m2v.train({ dim: 32, epochs: 40, seed: 1 });
  const trained = Date.now();
  const bytes = await m2v.saveModel({ int8: true });
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, bytes);
  console.log(`${path.relative(process.cwd(), out)}: ${prepared.vocabulary} movies, ${bytes.length} bytes, trained in ${((trained - started) / 1000).toFixed(1)} s, int8 vectors chosen in ${((Date.now() - trained) / 1000).toFixed(1)} s`);
} finally {
  m2v.close();
}
