// Panel 3, "Similar movies": the search box and the chosen movie's ten nearest movies, leaving out
// movies rated fewer times than the minimum (store.minRatings). A movie below that minimum still
// gets its list, with a note that its vector rests on few ratings.

import { $, h, yearSuffix } from './dom.mjs';
import { createCombobox } from './combobox.mjs';
import { createResultList } from './result-list.mjs';
import { number } from './format.mjs';
import { showError } from './status.mjs';
import * as store from './store.mjs';

const NO_MODEL = 'Results appear here once a model is trained.';
const READY = 'Search for a movie to see its nearest neighbours.';

// onAdd(movie): add to "more like these". onWatched(movie): add to "Your movies". onShow(movie, results): the movie shown, null when
// cleared (the map rings it and its neighbours).
export function createResults({ api, onAdd, onWatched, onShow }) {
  const search = $('#movie-search');
  const title = $('.results-title');
  const empty = $('.results-empty');
  const addQuery = $('.add-query');
  const listElement = $('[data-testid="similar-list"]');
  const note = $('.query-note');
  let query = null; // the movie whose neighbours are shown
  let serial = 0;

  const list = createResultList(listElement, { onChoose: (m) => choose(m), onAdd, onWatched });

  function clear(message = NO_MODEL) {
    ++serial;
    query = null;
    list.clear();
    title.textContent = '';
    note.hidden = true;
    addQuery.hidden = true;
    empty.hidden = false;
    empty.textContent = message;
    onShow(null, []);
  }

  // minRatings: the minimum the list was asked with.
  function render(movie, results, minRatings) {
    query = movie;
    title.replaceChildren('Similar to ', h('cite', { text: movie.title }));
    const year = yearSuffix(movie);
    if (year) title.append(` (${year})`);
    const few = movie.ratings > 0 && movie.ratings < minRatings;
    note.hidden = !few;
    note.textContent = few ? `${movie.title} has only ${number(movie.ratings)} rating${movie.ratings === 1 ? '' : 's'} ` +
      `(fewer than ${number(minRatings)}): its neighbours rest on few ratings.` : '';
    addQuery.hidden = false;
    addQuery.setAttribute('aria-label', `Add ${movie.title} to the “more like these” list`);
    empty.hidden = results.length > 0;
    listElement.classList.toggle('two-columns', results.length >= 6);
    if (results.length === 0) empty.textContent = 'This movie has no neighbours in the model.';
    list.show(results);
    onShow(movie, results);
  }

  // Shows movie's neighbours (movie: {movieId, title, year, genres, ratings}).
  async function choose(movie) {
    const mine = ++serial;
    search.value = movie.title;
    const options = store.neighbourOptions();
    try {
      const results = await api.similar(movie.movieId, 10, options);
      if (mine === serial) render(movie, results, options.minRatings);
    } catch (error) {
      if (mine === serial) clear(error.message);
    }
  }

  const combobox = createCombobox(search, $('#movie-suggestions'), {
    search: (text, k) => api.search(text, k),
    enabled: () => store.canQuery(),
    onChoose: choose,
    onNoMatch: (text) => clear(`No title matches “${text}”.`),
    onError: (error) => showError(error.message),
  });
  addQuery.addEventListener('click', () => { if (query) onAdd(query); });

  store.subscribe((state, before) => {
    const can = store.canQuery(state);
    search.disabled = !can;
    search.placeholder = can ? 'e.g. Toy Story (1995)' : 'Train a model first';
    addQuery.disabled = !can;
    if (!can) combobox.close();
    const change = store.modelChange(state, before);
    if (change === 'new') clear(READY);
    else if (change === 'gone') clear(NO_MODEL);
    else if (state.minRatings !== before.minRatings && query) choose(query);
  });

  return {
    choose,
    // The movie whose neighbours are shown (null when none).
    shown: () => query,
    // New titles for the same model (byId: movieId -> movie): the list is asked for again.
    relabel(byId) {
      if (!query) return;
      const movie = byId.get(query.movieId) ?? query;
      choose(movie);
    },
  };
}
