// The WebAssembly module under Node: the same Session the page's Worker uses, fed in chunks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const createMovie2Vec = require(join(root, 'build-wasm', 'movie2vec-node.js'));
const sample = (name) => readFileSync(join(root, 'web', 'sample', 'ml-latest-small', name));

function animatedIds() {
  const ids = new Set();
  for (const line of sample('movies.csv').toString('utf8').split('\n'))
    if (line.includes('Animation')) ids.add(Number(line.split(',')[0]));
  return ids;
}

// Feeds bytes in chunks of `size`, as the page feeds File slices.
function load(session, kind, name, bytes, size = 65536) {
  session.beginFile(kind, name);
  for (let i = 0; i < bytes.length; i += size) session.feed(bytes.subarray(i, i + size));
  return session.finishFile();
}

const M = await createMovie2Vec();

test('loads ml-latest-small in odd-sized chunks and reports it', () => {
  const s = new M.Session();
  try {
    const report = load(s, 'ratings', 'ratings.csv', sample('ratings.csv'), 9973);
    assert.equal(report.kind, 'ratings');
    assert.equal(report.rowsRead, 100836);
    assert.equal(report.rowsKept, 100836);
    assert.deepEqual(report.problems, []);
    const movies = load(s, 'movies', 'movies.csv', sample('movies.csv'), 4099);
    assert.equal(movies.kind, 'movielens-movies');
    assert.equal(movies.rowsKept, 9742);
    const summary = s.summary();
    assert.equal(summary.users, 610);
    assert.equal(summary.moviesRated, 9724);
    assert.equal(summary.moviesWithTitles, 9724);
  } finally {
    s.delete();
  }
});

test('trains in steps with the defaults; Toy Story neighbours are mostly animated', () => {
  const s = new M.Session();
  try {
    load(s, 'ratings', 'ratings.csv', sample('ratings.csv'));
    load(s, 'movies', 'movies.csv', sample('movies.csv'));
    const prepared = s.prepare({ nextModel: 0 });  // CBOW's neighbours are the same with the next model
    assert.equal(prepared.vocabulary, 9724);
    assert.equal(prepared.tokens, 100836);
    let p;
    let steps = 0;
    do {
      p = s.trainStep(50000);
      steps++;
      assert.ok(p.tokensDone <= p.tokensTotal);
    } while (!p.done);
    assert.ok(steps > 10, 'training must be cut into bounded steps');
    assert.equal(p.epochLosses.length, p.epochs);
    assert.ok(p.epochLosses.at(-1) < p.epochLosses[0] * 0.6, `loss must fall: ${p.epochLosses}`);
    assert.ok(p.tokensPerSecond > 0);

    const [best] = s.search('toy story (1995)', 5);
    assert.equal(best.movieId, 1);
    assert.equal(best.title, 'Toy Story (1995)');
    const similar = s.similar(1, 10, NaN);
    assert.equal(similar.length, 10);
    const animated = animatedIds();
    assert.ok(similar.every((m) => m.movieId !== 1));
    const count = similar.filter((m) => animated.has(m.movieId)).length;
    assert.ok(count >= 5, `${count} of 10 animated: ${similar.map((m) => m.title).join('; ')}`);
    assert.ok(similar[0].score >= similar[9].score);
    assert.ok(Array.isArray(similar[0].genres) && similar[0].year > 1900);

    const text = s.exportWord2Vec();
    const lines = text.trimEnd().split('\n');
    assert.equal(lines[0], '9724 64');
    assert.equal(lines.length, 9725);
    assert.equal(lines[1].split(' ').length, 65);
  } finally {
    s.delete();
  }
});

test('the three losses train through the module; nce is the default', () => {
  assert.equal(M.defaultOptions().loss, 'nce');
  const vectors = {};
  for (const loss of ['nce', 'negative', 'softmax']) {
    const s = new M.Session();
    try {
      load(s, 'ratings', 'ratings.csv', Buffer.from('userId,movieId,rating,timestamp\n1,10,4,1\n1,20,3,2\n1,30,3,3\n2,10,5,3\n2,20,1,4\n2,40,1,5\n'));
      s.prepare({ dim: 4, epochs: 20, negative: 2, loss });
      let p;
      while (!(p = s.trainStep(1000)).done);
      assert.ok(p.epochLosses.every(Number.isFinite), `${loss}: ${p.epochLosses}`);
      assert.ok(p.epochLosses.at(-1) < p.epochLosses[0], `${loss}: the loss must fall: ${p.epochLosses}`);
      vectors[loss] = s.exportWord2Vec();
    } finally {
      s.delete();
    }
  }
  // NCE is not negative sampling under another name: the same draws give other vectors.
  assert.notEqual(vectors.nce, vectors.negative);
  assert.notEqual(vectors.negative, vectors.softmax);
});

test('an unusable file throws a clear Error and keeps what was loaded', () => {
  const s = new M.Session();
  try {
    load(s, 'ratings', 'ratings.csv', Buffer.from('userId,movieId,rating,timestamp\n1,10,4,1\n1,20,3,2\n2,10,5,3\n2,20,1,4\n'));
    assert.throws(() => load(s, 'ratings', 'empty.csv', Buffer.alloc(0)), (e) => e instanceof Error && /empty\.csv/.test(e.message));
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0]);
    assert.throws(() => load(s, 'ratings', 'poster.png', png), (e) => e instanceof Error && /poster\.png/.test(e.message));
    assert.equal(s.summary().ratings, 4, 'the first file is still loaded');
    assert.throws(() => s.prepare({ dim: 0 }), /dim must be between 1 and 1024, got 0/);
    assert.throws(() => s.prepare({ loss: 'hinge' }), /loss must be "nce", "negative" or "softmax"/);
    assert.throws(() => s.prepare({ epochs: 1.5 }), /epochs must be a whole number/);
    s.prepare({ dim: 8, epochs: 2 });
    while (!s.trainStep(1000).done);
    assert.throws(() => s.similar(999, 5, NaN), /movie 999 has no vector/);
    assert.equal(s.similar(10, 5, 0)[0].movieId, 20);
  } finally {
    s.delete();
  }
});

test('the WebAssembly CLI passes the same contract as the native one', () => {
  const out = execFileSync('bash', [join(root, 'tests', 'cli_test.sh'), 'node', join(root, 'build-wasm', 'movie2vec-cli.js')], {
    encoding: 'utf8',
  });
  assert.match(out, /cli: \d+ passed, 0 failed/);
});

test('a file larger than WebAssembly memory is an out-of-memory message, and the data loaded before stays', () => {
  const s = new M.Session();
  try {
    load(s, 'ratings', 'ratings.csv', Buffer.from('userId,movieId,rating,timestamp\n1,10,4,1\n1,20,3,2\n'));
    // A 1 TB file announced by its size: the loader asks for room for all of its rows at once.
    s.beginFile('ratings', 'huge.csv');
    s.expectBytes(1e12);
    const rows = ['userId,movieId,rating,timestamp'];
    for (let i = 0; i < 2000; i++) rows.push(`${i},${i},4,${i}`);
    assert.throws(() => s.feed(Buffer.from(rows.join('\n') + '\n')),
      (e) => e instanceof Error && /^out of memory: the data does not fit in this tab's WebAssembly memory/.test(e.message));
    assert.equal(s.summary().ratings, 2, 'the ratings loaded before are kept');
    load(s, 'ratings', 'again.csv', Buffer.from('userId,movieId\n1,10\n1,20\n2,10\n'));
    assert.equal(s.summary().ratings, 3, 'and the module still works');
  } finally {
    s.delete();
  }
});
