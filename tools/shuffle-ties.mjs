// Writes a copy of a ratings CSV in which each user's ratings made in the same second come in a
// random order instead of movieId order (docs/quality.md, "Movies rated in the same second").
// movie2vec orders each user's movies by (timestamp, movieId); this file gives each user's rows
// the timestamps 1,000,000,000, 1,000,000,001, ... in (timestamp, random) order, so the same
// ordering reads them with their ties broken at random. Everything else is kept as it was.
//   node tools/shuffle-ties.mjs IN.csv OUT.csv [--seed N]
// IN needs a header naming userId and timestamp (MovieLens's ratings.csv has them).
import { readFileSync, writeFileSync } from 'node:fs';

const usage = 'usage: node tools/shuffle-ties.mjs IN.csv OUT.csv [--seed N]';
const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? Number(args.splice(seedAt, 2)[1]) : 1;
if (args.length !== 2 || !Number.isInteger(seed)) {
  console.error(usage);
  process.exit(2);
}
const [inPath, outPath] = args;

// mulberry32: a small seeded generator, so a seed always writes the same file.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const lines = readFileSync(inPath, 'utf8').split(/\r?\n/);
while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
const header = lines[0].split(',');
const userColumn = header.indexOf('userId');
const timeColumn = header.indexOf('timestamp');
if (userColumn < 0 || timeColumn < 0) {
  console.error(`${inPath}:1: expected a header with userId and timestamp, found "${lines[0]}"`);
  process.exit(1);
}

const draw = random(seed);
const byUser = new Map();
const rows = [];
for (let i = 1; i < lines.length; ++i) {
  const fields = lines[i].split(',');
  const time = Number(fields[timeColumn]);
  if (fields.length !== header.length || !Number.isFinite(time)) {
    console.error(`${inPath}:${i + 1}: expected ${header.length} fields with a numeric timestamp, found "${lines[i]}"`);
    process.exit(1);
  }
  const row = { fields, time, key: draw() };
  rows.push(row);
  const user = fields[userColumn];
  if (!byUser.has(user)) byUser.set(user, []);
  byUser.get(user).push(row);
}
for (const userRows of byUser.values()) {
  userRows.sort((a, b) => a.time - b.time || a.key - b.key);
  userRows.forEach((row, rank) => (row.fields[timeColumn] = String(1_000_000_000 + rank)));
}
writeFileSync(outPath, [lines[0], ...rows.map((row) => row.fields.join(','))].join('\n') + '\n');
