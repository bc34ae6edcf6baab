// A list of movies as the page shows results: each row has the title (click: its neighbours),
// year, genres, how many ratings its vector rests on, the score, a "+" that adds the movie to
// "more like these" and, with onWatched, a "+ Seen" that adds it to "Your movies". A
// recommendation also says which of your movies it comes from. The list is one Tab stop
// (roving.mjs). Titles and genres are text.

import { h, yearSuffix } from './dom.mjs';
import { number } from './format.mjs';
import { resetRoving, rovingList } from './roving.mjs';

// onChoose(movie): show its neighbours. onAdd(movie): add it to "more like these".
// onWatched(movie): add it to "Your movies" (What to watch next). scoreTitle: what the score is
// (default cosine); scores that are not cosines are drawn from the list's lowest to its highest.
export function createResultList(list, { onChoose, onAdd, onWatched, scoreTitle }) {
  rovingList(list);
  // The bar's span: [0, 1] for cosines; the list's own lowest to highest score otherwise.
  let barLow = 0;
  let barHigh = 1;

  function row(m) {
    // ratings is 0 when unknown (a model file saved without the counts).
    const li = h('li', { 'data-movie-id': m.movieId, 'data-ratings': m.ratings > 0 ? m.ratings : null });
    const titleButton = h('button', { type: 'button', class: 'result-title', text: m.title,
      title: 'Show movies similar to this one' });
    titleButton.addEventListener('click', () => onChoose(m));
    const meta = h('span', { class: 'result-meta' });
    const year = yearSuffix(m);
    if (year) meta.append(h('span', { class: 'result-year', text: year }));
    for (const genre of m.genres) meta.append(h('span', { class: 'genre', text: genre }));
    if (m.ratings > 0) meta.append(h('span', { class: 'result-ratings', text: `${number(m.ratings)} rating${m.ratings === 1 ? '' : 's'}` }));
    if (m.because !== undefined) {
      li.dataset.because = String(m.because);
      meta.append(h('span', { class: 'result-because', text: `because you watched ${m.becauseTitle}` }));
    }
    const bar = h('span', { class: 'score-bar', 'aria-hidden': 'true' }, h('span'));
    const fill = scoreTitle ? 0.15 + 0.85 * (m.score - barLow) / Math.max(1e-9, barHigh - barLow) : m.score;
    bar.firstChild.style.setProperty('--score', String(Math.max(0, Math.min(1, fill))));
    const score = h('span', { class: 'score', text: m.score.toFixed(2), title: scoreTitle ?? 'Cosine similarity' });
    const add = h('button', { type: 'button', class: 'add-button', text: '+', title: 'Add to “more like these”',
      'aria-label': `Add ${m.title} to the “more like these” list` });
    add.addEventListener('click', () => onAdd(m));
    const buttons = [add];
    if (onWatched) {
      const watched = h('button', { type: 'button', class: 'seen-button', text: '+ Seen', title: 'Add to your movies (What to watch next)',
        'aria-label': `Add ${m.title} to your movies` });
      watched.addEventListener('click', () => onWatched(m));
      buttons.push(watched);
    }
    li.append(titleButton, meta, h('span', { class: 'score-wrap' }, bar, score), h('span', { class: 'row-buttons' }, ...buttons));
    return li;
  }

  return {
    show(movies) {
      const hadFocus = list.contains(document.activeElement);
      if (scoreTitle && movies.length > 0) {
        barLow = Math.min(...movies.map((m) => m.score));
        barHigh = Math.max(...movies.map((m) => m.score));
      }
      list.replaceChildren(...movies.map(row));
      resetRoving(list);
      if (hadFocus) list.querySelector('button[tabindex="0"]')?.focus();
    },
    clear() { list.replaceChildren(); },
  };
}
