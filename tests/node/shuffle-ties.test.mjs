// tools/shuffle-ties.mjs: each user's ratings of the same second come out in a seeded random
// order, every other order and every other field kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const tool = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tools', 'shuffle-ties.mjs');
const dir = mkdtempSync(join(tmpdir(), 'm2v-ties-'));

// User 7 rates movies 1..20 in one second, then 100 and 50 later; user 9 rates 3 movies, no ties.
const rows = [];
for (let movie = 1; movie <= 20; ++movie) rows.push(`7,${movie},${(movie % 5) + 0.5},1500000000`);
rows.push('7,100,4.0,1500000100', '7,50,3.0,1500000200', '9,30,2.0,900', '9,20,1.0,800', '9,10,5.0,700');
const input = join(dir, 'in.csv');
writeFileSync(input, ['userId,movieId,rating,timestamp', ...rows].join('\n') + '\n');

// Each user's movieIds in the order movie2vec reads them: (timestamp, movieId).
function order(file) {
  const byUser = new Map();
  for (const line of readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
    const [user, movie, rating, time] = line.split(',');
    if (!byUser.has(user)) byUser.set(user, []);
    byUser.get(user).push({ movie: Number(movie), rating, time: Number(time) });
  }
  for (const list of byUser.values()) list.sort((a, b) => a.time - b.time || a.movie - b.movie);
  return byUser;
}

function shuffle(seed) {
  const output = join(dir, `out-${seed}.csv`);
  execFileSync(process.execPath, [tool, input, output, '--seed', String(seed)]);
  return output;
}

test('ties come out in a random order, the rest in time order, ratings kept', () => {
  const out = order(shuffle(1));
  const seven = out.get('7').map((r) => r.movie);
  assert.deepEqual(seven.slice(0, 20).toSorted((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
  assert.notDeepEqual(seven.slice(0, 20), Array.from({ length: 20 }, (_, i) => i + 1)); // 1 in 20! to stay sorted
  assert.deepEqual(seven.slice(20), [100, 50]);
  assert.deepEqual(out.get('9').map((r) => r.movie), [10, 20, 30]);
  for (const r of out.get('7')) if (r.movie <= 20) assert.equal(r.rating, String((r.movie % 5) + 0.5));
  assert.equal(new Set(out.get('7').map((r) => r.time)).size, 22, 'no ties left');
});

test('the seed decides the order: the same seed writes the same file, another a different one', () => {
  assert.equal(readFileSync(shuffle(3), 'utf8'), readFileSync(shuffle(3), 'utf8'));
  assert.notDeepEqual(order(shuffle(3)).get('7'), order(shuffle(4)).get('7'));
});

test('a file without userId and timestamp is refused with its line', () => {
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'user,item,rating\n1,2,3\n');
  const run = spawnSync(process.execPath, [tool, bad, join(dir, 'never.csv')], { encoding: 'utf8' });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /bad\.csv:1: expected a header with userId and timestamp/);
});
