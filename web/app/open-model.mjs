// Opening a saved model (.m2v): from a file, or the last one saved in this browser. A bad file
// is an error, and the model there was before stays.

import { $ } from './dom.mjs';
import { bytes as formatBytes, number } from './format.mjs';
import { lastModel } from './model-store.mjs';
import { setStatus, showError } from './status.mjs';
import * as store from './store.mjs';

export function createOpenModel({ api }) {
  const input = $('#import-model');
  const restoreRow = $('.restore-row');
  const restoreButton = $('#restore-model');
  const restoreInfo = $('.restore-info');

  // source: a File or the bytes of a model file.
  async function open(source, name) {
    if (store.current().busy) return;
    store.update({ busy: 'loading' });
    setStatus('loading', `Opening ${name}…`);
    try {
      const info = await api.loadModel(source);
      store.update({ busy: null });
      store.setModel({ origin: 'file', name, movies: info.movies, dim: info.dim, file: source });
      setStatus('done', `Opened ${name}: ${number(info.movies)} movies, ${number(info.dim)} dimensions. Search for a movie below.`);
    } catch (error) {
      store.update({ busy: null });
      showError(error.message, `${name} could not be opened; the model you had is kept.`);
    }
  }

  // Shows the restore button when a model is kept in this browser.
  async function offerRestore() {
    const record = await lastModel();
    restoreRow.hidden = !record;
    if (record) {
      restoreRow.dataset.bytes = String(record.bytes.byteLength);
      restoreInfo.textContent = `saved here ${new Date(record.saved).toLocaleString('en-US')}, ${formatBytes(record.bytes.byteLength)}`;
    }
  }

  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (!file) return;
    open(file, file.name).finally(() => { input.value = ''; });
  });
  restoreButton.addEventListener('click', async () => {
    const record = await lastModel();
    if (record) await open(record.bytes, 'the last saved model');
    else restoreRow.hidden = true;
  });
  store.subscribe((state) => {
    input.disabled = state.busy !== null;
    restoreButton.disabled = state.busy !== null;
  });
  offerRestore();

  return { offerRestore };
}
