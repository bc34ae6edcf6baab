// "Analogy: A − B + C": three title boxes and the movies nearest to A − B + C.

import { $ } from './dom.mjs';
import { createCombobox } from './combobox.mjs';
import { createResultList } from './result-list.mjs';
import { showError } from './status.mjs';
import * as store from './store.mjs';

const NAMES = ['A', 'B', 'C'];

export function createAnalogy({ api, onChoose, onAdd }) {
  const form = $('#analogy-form');
  const inputs = [$('#analogy-a'), $('#analogy-b'), $('#analogy-c')];
  const run = $('#analogy-run');
  const note = $('.analogy-note');
  const list = createResultList($('[data-testid="analogy-list"]'), { onChoose, onAdd });
  const chosen = [null, null, null];
  let shown = false;

  const boxes = inputs.map((input, i) => {
    input.addEventListener('input', () => { chosen[i] = null; });
    return createCombobox(input, document.getElementById(input.getAttribute('aria-controls')), {
      search: (text, k) => api.search(text, k),
      enabled: () => store.canQuery(),
      onChoose: (movie) => { chosen[i] = movie; },
      onNoMatch: (text) => { note.textContent = `No title matches “${text}”.`; },
      onError: (error) => showError(error.message),
    });
  });

  async function find(event) {
    event?.preventDefault();
    if (!store.canQuery()) return;
    // A box typed in but not picked from takes its best match, as Enter would.
    for (let i = 0; i < 3; i++) {
      const text = inputs[i].value.trim();
      if (chosen[i] || !text) continue;
      const [found] = await api.search(text, 1).catch(() => []);
      if (found) {
        chosen[i] = found;
        inputs[i].value = found.title;
      }
    }
    const missing = NAMES.filter((_, i) => !chosen[i]);
    if (missing.length > 0) {
      note.textContent = `Choose a movie for ${missing.join(' and ')}.`;
      list.clear();
      shown = false;
      inputs[NAMES.indexOf(missing[0])].focus();
      return;
    }
    const [a, b, c] = chosen;
    try {
      const results = await api.analogy({ positive: [a.movieId, c.movieId], negative: [b.movieId] }, 10, store.neighbourOptions());
      note.textContent = `${a.title} − ${b.title} + ${c.title} ≈`;
      list.show(results);
      shown = true;
    } catch (error) {
      note.textContent = error.message;
      list.clear();
      shown = false;
    }
  }

  function reset() {
    chosen.fill(null);
    for (const input of inputs) input.value = '';
    note.textContent = '';
    list.clear();
    shown = false;
  }

  form.addEventListener('submit', find);

  store.subscribe((state, before) => {
    const can = store.canQuery(state);
    for (const input of inputs) {
      input.disabled = !can;
      input.placeholder = can ? 'a title' : '';
    }
    run.disabled = !can;
    if (!can) for (const box of boxes) box.close();
    const change = store.modelChange(state, before);
    if (change === 'new' || change === 'gone') reset();
    else if (state.minRatings !== before.minRatings && shown) find();
  });

  return {
    relabel(byId) {
      chosen.forEach((movie, i) => {
        if (!movie) return;
        chosen[i] = byId.get(movie.movieId) ?? movie;
        inputs[i].value = chosen[i].title;
      });
      if (shown) find();
    },
  };
}
