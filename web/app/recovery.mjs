// When the background worker dies (out of memory, crashed, closed) while loading or training:
// one message saying what happened, the model that was in use brought back into the new worker
// (a copy is kept whenever the model changes: model-store.mjs), and a button that reads the
// files loaded before again. Nothing waits for the dead worker: every call it had rejects.

import { $ } from './dom.mjs';
import { keepModelInUse, modelInUse } from './model-store.mjs';
import { showError } from './status.mjs';
import * as store from './store.mjs';

const DOING = { loading: 'while reading a file', training: 'while training' };

// dataPanel: data-panel.mjs's (forget(), files(), reload(items)).
export function createRecovery({ api, dataPanel }) {
  const offer = $('[data-testid="restart-offer"]');
  const button = $('[data-testid="restart"]');
  const filesText = $('.restart-files');
  let keeping = Promise.resolve();
  let toReload = [];

  // A copy of each new (or re-labelled) model, taken while the worker is well.
  store.subscribe((state, before) => {
    const change = store.modelChange(state, before);
    if (!change) return;
    const model = state.model;
    // A model opened from a file is kept as that file (a File is stored by reference): saving it
    // again would hold the worker, and copying its bytes the page, for most of a second at 90,000
    // movies, while the first searches are typed.
    const file = change === 'new' ? model?.file : null;
    keeping = keeping.then(async () => {
      if (store.current().model !== model) return;
      try {
        await keepModelInUse(model ? file ?? await api.saveModel() : null);
      } catch {
        // the worker died meanwhile: the copy from before stays
      }
    });
  });

  button.addEventListener('click', () => {
    offer.hidden = true;
    dataPanel.reload(toReload);
  });
  store.subscribe((state) => { button.disabled = state.busy !== null; });

  // error: what the API said. The new worker is already starting.
  async function recover(error) {
    const { busy, model } = store.current();
    const doing = DOING[busy] ?? '';
    toReload = dataPanel.files();
    dataPanel.forget();
    store.update({ busy: 'loading', hasRatings: false });
    await keeping;
    let kept = false;
    if (model) {
      try {
        const bytes = await modelInUse();
        if (bytes) {
          await api.loadModel(bytes);
          kept = true;
        }
      } catch {
        kept = false;
      }
    }
    store.update({ busy: null });
    if (!kept) store.setModel(null);
    const keptText = model ? (kept ? ' The model you had is kept: search it below.' : ' The model you had could not be kept.') : '';
    const filesLine = toReload.length ? ' The files loaded before have to be read again.' : '';
    // The API's advice to callers ("Create a new Movie2Vec") is done already: the new one is here.
    const cause = error.message.replace(/\s*Create a new Movie2Vec to start again\.?/, '');
    showError(`${cause}${filesLine}`, `The background worker stopped ${doing}.`.replace(' .', '.') + keptText);
    offer.hidden = toReload.length === 0;
    filesText.textContent = toReload.map((item) => item.name).join(', ');
  }

  return { recover };
}
