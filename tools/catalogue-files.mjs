// The files `movie2vec bench-catalogue` writes, made in JavaScript for the page's tests and
// benchmarks: copies of ml-latest-small whose users are renumbered per copy, whose `head`
// most-rated movies are shared by every copy and whose other movies are new in each copy (copy c
// of movie m is m + c x 1,000,000, titled "Title #c (year)"). Returns {ratings, movies} (CSV text)
// and movieCount.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/sample/ml-latest-small');
const STRIDE = 1_000_000; // above every movieId of ml-latest-small (193,609)

// "Heat (1995)" -> "Heat #3 (1995)", as the C++ generator marks a tail copy.
const copyTitle = (title, copy) => {
  const m = /^(.*?) *(\([0-9 -]{4,}\)) *$/.exec(title);
  return m ? `${m[1]} #${copy} ${m[2]}` : `${title} #${copy}`;
};

export function catalogueFiles({ copies = 10, head = 1000 } = {}) {
  const ratingLines = readFileSync(path.join(SAMPLE, 'ratings.csv'), 'utf8').trim().split('\n');
  const rows = ratingLines.slice(1).map((line) => {
    const [user, movie, ...rest] = line.split(',');
    return { user: Number(user), movie: Number(movie), rest: rest.join(',') };
  });
  const counts = new Map();
  let maxUser = 0;
  for (const r of rows) {
    counts.set(r.movie, (counts.get(r.movie) ?? 0) + 1);
    maxUser = Math.max(maxUser, r.user);
  }
  const shared = new Set([...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, head).map(([movie]) => movie));
  const idIn = (movie, copy) => (shared.has(movie) ? movie : movie + copy * STRIDE);
  const ratings = [ratingLines[0]];
  for (let copy = 0; copy < copies; ++copy)
    for (const r of rows) ratings.push(`${r.user + copy * maxUser},${idIn(r.movie, copy)},${r.rest}`);

  // movies.csv: the title is the only field that may be quoted (the genres never have commas).
  const movieLines = readFileSync(path.join(SAMPLE, 'movies.csv'), 'utf8').trim().split('\n');
  const movies = [movieLines[0]];
  for (let copy = 0; copy < copies; ++copy)
    for (const line of movieLines.slice(1)) {
      const id = Number(line.slice(0, line.indexOf(',')));
      if (copy > 0 && (shared.has(id) || !counts.has(id))) continue;
      const rest = line.slice(line.indexOf(',') + 1);
      const cut = rest.lastIndexOf(',');
      let title = rest.slice(0, cut);
      const quoted = title.startsWith('"');
      if (quoted) title = title.slice(1, -1).replaceAll('""', '"');
      if (copy > 0) title = copyTitle(title, copy);
      const field = /[",]/.test(title) ? `"${title.replaceAll('"', '""')}"` : title;
      movies.push(`${idIn(id, copy)},${field},${rest.slice(cut + 1)}`);
    }
  const movieCount = shared.size + (counts.size - shared.size) * copies;
  return { ratings: `${ratings.join('\n')}\n`, movies: `${movies.join('\n')}\n`, movieCount };
}
