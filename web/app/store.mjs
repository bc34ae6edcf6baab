// The page's shared state, the only mutable state more than one panel reads. Panels change it
// with update() and learn of changes through subscribe(); everything else a panel keeps is its own.
//
//   busy:       null | 'loading' | 'training'  (what the one Movie2Vec is doing for the page)
//   hasRatings: a ratings file is loaded, so training can start
//   minRatings: results leave out movies rated fewer times (undefined: the module's default)
//   model:      null, or {id, origin: 'trained' | 'file', name, movies, dim, labels, file?}: the model
//               queries use; labels counts re-labellings (a movies or links file loaded since), so
//               panels can tell new titles (same id) from a new model (setModel, modelChange)

const state = { busy: null, hasRatings: false, model: null, minRatings: undefined };
const listeners = new Set();

export function current() {
  return state;
}

export function update(patch) {
  const before = { ...state };
  Object.assign(state, patch);
  for (const listener of listeners) listener(state, before);
}

// listener(state, before); returns a function that unsubscribes.
export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// What similar(), moreLike() and analogy() take besides k.
export const neighbourOptions = (s = state) => ({ minRatings: s.minRatings });

// The model is usable for queries (trained or opened; a training in progress does not replace
// it until it is done).
export const canQuery = (s = state) => s.model !== null;

let nextModelId = 1;

// A new model (info: {origin, name, movies, dim, file?: the File or bytes it was opened from}), or null for none.
export function setModel(info) {
  update({ model: info && { ...info, id: nextModelId++, labels: 0 } });
}

// The same model with new titles, years or genres.
export function relabelModel() {
  if (state.model) update({ model: { ...state.model, labels: state.model.labels + 1 } });
}

// What happened to the model between two states: 'new', 'relabelled', 'gone' or null (nothing).
export function modelChange(state, before) {
  if (state.model === before.model) return null;
  if (!state.model) return 'gone';
  return state.model.id === before.model?.id ? 'relabelled' : 'new';
}
