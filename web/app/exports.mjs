// Panel 5's downloads: the model file (.m2v, optionally int8, also kept in this browser), the
// Embedding Projector's two TSV files, and word2vec text.

import { $, h } from './dom.mjs';
import { rememberModel } from './model-store.mjs';
import { showError } from './status.mjs';
import * as store from './store.mjs';

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// onRemembered(): the saved model is now the one kept in this browser.
export function createExports({ api, onRemembered }) {
  const word2vecButton = $('#export-word2vec');
  const projectorButton = $('#export-projector');
  const modelButton = $('#export-model');
  const int8 = $('#quantize');
  const buttons = [word2vecButton, projectorButton, modelButton];

  const enable = () => {
    for (const button of buttons) button.disabled = !store.canQuery();
  };

  async function exporting(button, work) {
    button.disabled = true;
    try {
      await work();
    } catch (error) {
      showError(error.message);
    } finally {
      enable();
    }
  }

  word2vecButton.addEventListener('click', () => exporting(word2vecButton, async () => {
    const text = await api.exportWord2Vec();
    download(new Blob([text], { type: 'text/plain' }), `movie2vec-${store.current().model?.dim ?? 'model'}d.txt`);
  }));

  projectorButton.addEventListener('click', () => exporting(projectorButton, async () => {
    const { vectors, metadata } = await api.exportProjectorTsv();
    download(new Blob([vectors], { type: 'text/tab-separated-values' }), 'vectors.tsv');
    download(new Blob([metadata], { type: 'text/tab-separated-values' }), 'metadata.tsv');
  }));

  modelButton.addEventListener('click', () => exporting(modelButton, async () => {
    const label = modelButton.textContent;
    // int8 checks every movie's neighbours against the float model's: seconds, not milliseconds.
    if (int8.checked) modelButton.textContent = 'Choosing int8 codes…';
    try {
      const bytes = await api.saveModel({ int8: int8.checked });
      download(new Blob([bytes], { type: 'application/octet-stream' }), 'movie2vec-model.m2v');
      if (await rememberModel(bytes)) onRemembered();
    } finally {
      modelButton.textContent = label;
    }
  }));

  store.subscribe(enable);
}
