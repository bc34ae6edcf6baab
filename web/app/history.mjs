// "What to watch next": the person's movies ("Your movies", in watch order, most recent last) and
// the ten movies the model expects them to watch next (Movie2Vec.recommend(): output vectors
// against the mean of the last five movies, each with the movie that contributes most). Movies
// come from the "+ Seen" beside results, from the movie shown in "Similar movies" (history-add),
// from pasted titles or ids, or from a user of the loaded ratings file. The list stays in this
// browser (history-store.mjs).

import { $, h } from './dom.mjs';
import { createResultList } from './result-list.mjs';
import { loadHistory, parsePasted, saveHistory } from './history-store.mjs';
import { number } from './format.mjs';
import * as store from './store.mjs';

const NO_MODEL = 'Recommendations appear here once a model is trained or opened.';
const EMPTY = 'Add movies you watched to see what to watch next.';

// onChoose(movie): show its neighbours. onAdd(movie): add it to "more like these".
// shownMovie(): the movie whose neighbours "Similar movies" shows (null when none).
export function createHistory({ api, onChoose, onAdd, shownMovie }) {
  const historyList = $('[data-testid="history-list"]');
  const addShown = $('[data-testid="history-add"]');
  const clearButton = $('[data-testid="history-clear"]');
  const pasteForm = $('#history-paste-form');
  const pasteText = $('#history-paste');
  const userForm = $('#history-user-form');
  const userInput = $('#history-user');
  const userButton = $('#history-user-load');
  const note = $('.history-note');
  const empty = $('.recommend-empty');
  const saved = $('.history-saved');
  let movies = loadHistory();
  let serial = 0;

  const list = createResultList($('[data-testid="recommend-list"]'), {
    onChoose, onAdd, onWatched: (m) => add(m), scoreTitle: 'Next score: the movie\'s output vector · the mean of your last 5 movies',
  });

  function say(text) {
    note.textContent = text;
    note.hidden = !text;
  }

  function persist() {
    saved.hidden = saveHistory(movies);
  }

  function move(index, by) {
    const to = index + by;
    if (to < 0 || to >= movies.length) return;
    [movies[index], movies[to]] = [movies[to], movies[index]];
    changed();
    historyList.querySelectorAll('li')[to]?.querySelector(by < 0 ? '.history-up' : '.history-down')?.focus();
  }

  function remove(index) {
    movies.splice(index, 1);
    changed();
    const rest = historyList.querySelectorAll('.history-remove');
    (rest[Math.min(index, rest.length - 1)] ?? addShown).focus();
  }

  function renderHistory() {
    historyList.replaceChildren(...movies.map((m, i) => {
      const up = h('button', { type: 'button', class: 'history-up', text: '↑', 'aria-label': `Move ${m.title} earlier`, disabled: i === 0 });
      const down = h('button', { type: 'button', class: 'history-down', text: '↓', 'aria-label': `Move ${m.title} later`,
        disabled: i === movies.length - 1 });
      const removeButton = h('button', { type: 'button', class: 'history-remove chip-remove', text: '×', 'aria-label': `Remove ${m.title}` });
      up.addEventListener('click', () => move(i, -1));
      down.addEventListener('click', () => move(i, +1));
      removeButton.addEventListener('click', () => remove(i));
      return h('li', { 'data-movie-id': m.movieId }, h('span', { class: 'history-title', text: m.title }), up, down, removeButton);
    }));
    clearButton.disabled = movies.length === 0;
  }

  async function refresh() {
    const mine = ++serial;
    if (!store.canQuery()) {
      list.clear();
      empty.hidden = false;
      empty.textContent = NO_MODEL;
      return;
    }
    if (movies.length === 0) {
      list.clear();
      empty.hidden = false;
      empty.textContent = EMPTY;
      return;
    }
    try {
      const results = await api.recommend(movies.map((m) => m.movieId), 10, store.neighbourOptions());
      if (mine !== serial) return;
      list.show(results);
      empty.hidden = results.length > 0;
      if (results.length === 0) empty.textContent = 'None of your last five movies is in this model: add movies it knows.';
    } catch (error) {
      if (mine !== serial) return;
      list.clear();
      empty.hidden = false;
      empty.textContent = error.message;
    }
  }

  function changed() {
    renderHistory();
    persist();
    refresh();
  }

  // movie: {movieId, title}. A movie already listed moves to the end (watched again, most recent).
  function add(movie) {
    movies = movies.filter((m) => m.movieId !== movie.movieId);
    movies.push({ movieId: movie.movieId, title: movie.title });
    say('');
    changed();
  }

  async function addPasted(text) {
    const entries = parsePasted(text);
    if (entries.length === 0) return;
    const unknown = [];
    const found = [];
    for (const entry of entries) {
      if (entry.id !== undefined) {
        found.push({ movieId: entry.id, title: null });
        continue;
      }
      const [best] = await api.search(entry.title, 1);
      if (best) found.push({ movieId: best.movieId, title: best.title });
      else unknown.push(entry.title);
    }
    // Titles for the ids, from the model (ids it does not know are kept out).
    const byId = new Map((found.some((m) => m.title === null) ? await api.movies() : []).map((m) => [m.movieId, m]));
    for (const m of found) {
      if (m.title === null) {
        const known = byId.get(m.movieId);
        if (!known) { unknown.push(String(m.movieId)); continue; }
        m.title = known.title;
      }
      movies = movies.filter((x) => x.movieId !== m.movieId);
      movies.push(m);
    }
    say(unknown.length ? `Not in the model, left out: ${unknown.join(', ')}.` : '');
    changed();
  }

  addShown.addEventListener('click', () => {
    const movie = shownMovie();
    if (movie) add(movie);
  });
  clearButton.addEventListener('click', () => {
    movies = [];
    say('');
    changed();
  });
  pasteForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!store.canQuery()) return;
    try {
      await addPasted(pasteText.value);
      pasteText.value = '';
    } catch (error) {
      say(error.message);
    }
  });
  userForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const userId = Number(userInput.value);
    if (!Number.isInteger(userId)) { say('A user id is a whole number.'); return; }
    try {
      const ids = await api.userHistory(userId);
      const byId = new Map((await api.movies()).map((m) => [m.movieId, m]));
      const known = ids.filter((id) => byId.has(id));
      movies = known.map((id) => ({ movieId: id, title: byId.get(id).title }));
      say(`User ${userId}: ${number(ids.length)} movies in time order` +
        (known.length < ids.length ? ` (${number(ids.length - known.length)} not in the model, left out).` : '.'));
      changed();
    } catch (error) {
      say(error.message);
    }
  });

  store.subscribe((state, before) => {
    const can = store.canQuery(state);
    addShown.disabled = !can;
    pasteForm.querySelector('button').disabled = !can;
    const users = can && state.hasRatings;
    userInput.disabled = !users;
    userButton.disabled = !users;
    const change = store.modelChange(state, before);
    if (change || state.busy !== before.busy || state.minRatings !== before.minRatings) refresh();
  });
  renderHistory();

  return {
    add,
    // New titles for the same model (byId: movieId -> movie).
    relabel(byId) {
      movies = movies.map((m) => ({ movieId: m.movieId, title: byId.get(m.movieId)?.title ?? m.title }));
      changed();
    },
  };
}
