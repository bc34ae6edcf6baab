// "More like these": a list of chosen movies (chips) and the movies nearest to all of them.

import { $, h } from './dom.mjs';
import { createResultList } from './result-list.mjs';
import { showError } from './status.mjs';
import * as store from './store.mjs';

// onChoose(movie): show a result's neighbours in panel 3. focusAfterLast: where keyboard focus
// goes when the last chip is removed.
export function createMoreLike({ api, onChoose, focusAfterLast }) {
  const chips = $('.picked');
  let picked = [];
  let serial = 0;
  const list = createResultList($('[data-testid="more-like"]'), { onChoose, onAdd: add });

  function renderChips() {
    chips.replaceChildren(...picked.map((m) => {
      const remove = h('button', { type: 'button', class: 'chip-remove', text: '×',
        'aria-label': `Remove ${m.title} from the list` });
      remove.addEventListener('click', () => {
        const at = [...chips.querySelectorAll('.chip-remove')].indexOf(remove);
        picked = picked.filter((p) => p.movieId !== m.movieId);
        renderChips();
        refresh();
        // Keep keyboard focus in the list.
        const rest = chips.querySelectorAll('.chip-remove');
        (rest[Math.min(at, rest.length - 1)] ?? focusAfterLast).focus();
      });
      return h('li', { class: 'chip', 'data-movie-id': m.movieId }, h('span', { class: 'chip-title', text: m.title }), remove);
    }));
    chips.hidden = picked.length === 0;
  }

  async function refresh() {
    const mine = ++serial;
    if (picked.length === 0 || !store.canQuery()) {
      list.clear();
      return;
    }
    try {
      const results = await api.moreLike(picked.map((m) => m.movieId), 10, store.neighbourOptions());
      if (mine === serial) list.show(results);
    } catch (error) {
      if (mine === serial) showError(error.message);
    }
  }

  function add(movie) {
    if (!picked.some((m) => m.movieId === movie.movieId)) picked.push(movie);
    renderChips();
    refresh();
  }

  function reset() {
    ++serial;
    picked = [];
    renderChips();
    list.clear();
  }

  store.subscribe((state, before) => {
    const change = store.modelChange(state, before);
    if (change === 'new' || change === 'gone') reset();
    else if (state.minRatings !== before.minRatings) refresh();
  });
  renderChips();

  return {
    add,
    relabel(byId) {
      picked = picked.map((m) => byId.get(m.movieId) ?? m);
      renderChips();
      refresh();
    },
  };
}
