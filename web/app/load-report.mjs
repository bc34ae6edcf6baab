// The load report: per file, rows read, kept and skipped, the first problems (file:line: reason)
// and notes; then what the data adds up to, and how many rated movies have titles.

import { h } from './dom.mjs';
import { number, percent } from './format.mjs';

export const KIND_ORDER = { ratings: 0, movies: 1, links: 2 };
const KIND_LABELS = {
  ratings: 'Ratings', movies: 'Movies', links: 'Links',
  'movielens-movies': 'Movies (MovieLens)', 'kaggle-metadata': 'Movies (Kaggle metadata)',
};

function fileCard(kind, r) {
  const card = h('article', { class: 'report-file', 'data-kind': kind });
  card.append(
    h('header', {},
      h('span', { class: 'report-kind', text: KIND_LABELS[r.kind] ?? KIND_LABELS[kind] ?? kind }),
      h('span', { class: 'report-name', text: r.file })),
    h('dl', { class: 'report-counts' },
      h('div', {}, h('dt', { text: 'read' }), h('dd', { text: number(r.rowsRead) })),
      h('div', {}, h('dt', { text: 'kept' }), h('dd', { text: number(r.rowsKept) })),
      h('div', { class: r.rowsSkipped > 0 ? 'warn' : '' },
        h('dt', { text: 'skipped' }), h('dd', { text: number(r.rowsSkipped) }))),
  );
  if (r.problems.length > 0) {
    const shown = r.problems.slice(0, 3);
    card.append(h('ul', { class: 'problems-preview' }, shown.map((p) => h('li', { text: p }))));
    if (r.problems.length > shown.length) {
      const of = r.rowsSkipped > r.problems.length ? ` of ${number(r.rowsSkipped)}` : '';
      card.append(h('details', { class: 'report-problems' },
        h('summary', { text: `First problems (${number(r.problems.length)}${of})` }),
        h('ul', {}, r.problems.map((p) => h('li', { text: p })))));
    }
  }
  if (r.notes.length > 0) card.append(h('ul', { class: 'report-notes' }, r.notes.map((n) => h('li', { text: n }))));
  return card;
}

// Why titles are missing, and what to load about it.
function titlesHint(s, reports) {
  const movies = reports.get('movies');
  if (movies?.kind === 'kaggle-metadata' && !reports.has('links')) {
    return `; ${movies.file} names movies by TMDB id, so load links.csv (movieId, imdbId, tmdbId) ` +
      'to match them to the ratings\u2019 MovieLens ids.';
  }
  if (s.catalogueSize === 0) return '; load a movies file to see titles.';
  return `; catalogue of ${number(s.catalogueSize)} titles.`;
}

// reports: Map kind -> load report; summary: the API's summary(), or null.
export function renderLoadReport(container, reports, summary) {
  const kinds = [...reports.keys()].sort((a, b) => KIND_ORDER[a] - KIND_ORDER[b]);
  if (kinds.length === 0) {
    container.replaceChildren(h('p', { class: 'empty', text: 'No file loaded yet.' }));
    return;
  }
  const nodes = [h('div', { class: 'report-files' }, kinds.map((kind) => fileCard(kind, reports.get(kind))))];
  const s = summary;
  if (s) {
    const coverage = h('div', { class: 'coverage' });
    coverage.append(h('p', {},
      h('strong', { text: number(s.ratings) }), ' ratings by ',
      h('strong', { text: number(s.users) }), ' users on ',
      h('strong', { text: number(s.moviesRated) }), ' movies.'));
    if (s.moviesRated > 0) {
      const meter = h('div', { class: 'coverage-bar', role: 'presentation' }, h('span'));
      meter.firstChild.style.setProperty('--fill', String(s.catalogueSize > 0 ? s.moviesWithTitles / s.moviesRated : 0));
      coverage.append(
        h('p', {}, 'Titles known for ', h('strong', { text: `${number(s.moviesWithTitles)} of ${number(s.moviesRated)}` }),
          ` rated movies (${percent(s.moviesWithTitles, s.moviesRated)})`, titlesHint(s, reports)),
        meter);
    } else if (s.catalogueSize > 0) {
      coverage.append(h('p', { text: `Catalogue of ${number(s.catalogueSize)} titles. Now load a ratings file.` }));
    }
    if (s.notes.length > 0) coverage.append(h('ul', { class: 'report-notes' }, s.notes.map((n) => h('li', { text: n }))));
    nodes.push(coverage);
  }
  container.replaceChildren(...nodes);
}
