// A title input with a suggestion list (WAI-ARIA combobox): typing suggests titles through the
// API's accent- and case-insensitive search, arrows move, Enter picks the highlighted title or
// the best match, Escape closes.

import { h, yearSuffix } from './dom.mjs';

// search(text, k): Promise of movies. enabled(): whether there is a model to search.
// onChoose(movie), onNoMatch(text), onError(error). Returns {close}.
export function createCombobox(input, listbox, { search, enabled, onChoose, onNoMatch, onError, k = 8 }) {
  let items = [];
  let active = -1;
  let serial = 0; // answers to older requests are dropped
  let timer = 0;

  function close() {
    listbox.hidden = true;
    listbox.replaceChildren();
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    items = [];
    active = -1;
  }

  function setActive(index) {
    active = index;
    [...listbox.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) {
      const li = listbox.children[index];
      input.setAttribute('aria-activedescendant', li.id);
      li.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function pick(movie) {
    ++serial;
    close();
    input.value = movie.title;
    onChoose(movie);
  }

  async function suggest() {
    const text = input.value.trim();
    const mine = ++serial;
    if (text.length === 0 || !enabled()) { close(); return; }
    let results;
    try {
      results = await search(text, k);
    } catch {
      return;
    }
    if (mine !== serial || document.activeElement !== input) return;
    items = results;
    active = -1;
    listbox.replaceChildren(...results.map((movie, i) => {
      const li = h('li', { id: `${listbox.id}-${i}`, role: 'option', 'aria-selected': 'false', 'data-movie-id': movie.movieId });
      li.append(h('span', { class: 'suggestion-title', text: movie.title }));
      const year = yearSuffix(movie);
      if (year) li.append(h('span', { class: 'suggestion-year', text: year }));
      li.addEventListener('mousedown', (e) => e.preventDefault()); // keep focus in the input
      li.addEventListener('click', () => pick(movie));
      return li;
    }));
    if (results.length === 0) {
      listbox.append(h('li', { class: 'no-match', role: 'option', 'aria-disabled': 'true', text: 'No matching title' }));
    }
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  async function best() {
    const text = input.value.trim();
    if (!text || !enabled()) return;
    if (active >= 0 && items[active]) {
      pick(items[active]);
      return;
    }
    ++serial; // a pending suggestion list is no longer wanted
    close();
    try {
      const [found] = await search(text, 1);
      if (found) pick(found);
      else onNoMatch?.(text);
    } catch (error) {
      onError?.(error);
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 60);
  });
  input.addEventListener('keydown', (event) => {
    const open = !listbox.hidden && items.length > 0;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) { suggest(); return; }
      setActive((active + 1) % items.length);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (open) setActive(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      clearTimeout(timer);
      best();
    } else if (event.key === 'Escape') {
      clearTimeout(timer);
      ++serial; // a list still on its way must not open after Escape
      if (!listbox.hidden) { event.preventDefault(); close(); }
    }
  });
  input.addEventListener('blur', () => {
    clearTimeout(timer);
    ++serial;
    setTimeout(close, 100);
  });

  return { close };
}
