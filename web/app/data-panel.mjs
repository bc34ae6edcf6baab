// Panel 1, "Your data": the three file fields, the sample button, dropped files, the reading
// progress and the load report. Files load one after another through the API; a file that
// cannot be used shows its message and changes nothing loaded before. A movies or links file
// loaded with a model re-labels it (titles, years, genres) and keeps it: there is nothing to
// train again.

import { $ } from './dom.mjs';
import { enableDrop } from './drop-zone.mjs';
import { bytes, number } from './format.mjs';
import { renderLoadReport } from './load-report.mjs';
import { setStatus, setStatusText, showError } from './status.mjs';
import * as store from './store.mjs';

const SAMPLE_BASE = 'sample/ml-latest-small/';
const SAMPLE_FILES = [['ratings', 'ratings.csv'], ['movies', 'movies.csv'], ['links', 'links.csv']];

// api: the page's Movie2Vec client. fromFile: the page was opened from file:// (no fetch there).
// onSummary(summary): after every file loaded (the training form shows the epochs it implies).
export function createDataPanel({ api, fromFile, onSummary = () => {} }) {
  const fields = {
    ratings: { input: $('#ratings-file'), status: $('#ratings-file-status') },
    movies: { input: $('#movies-file'), status: $('#movies-file-status') },
    links: { input: $('#links-file'), status: $('#links-file-status') },
  };
  const sampleButton = $('#load-sample');
  const progressWrap = $('.load-progress-wrap');
  const progressLabel = $('.load-progress-label');
  const progress = $('#load-progress');
  const report = $('[data-testid="load-report"]');
  const reports = new Map(); // kind -> last load report
  const loadedItems = new Map(); // kind -> {kind, name, source} of the file loaded last
  let summary = null;

  const loaders = {
    ratings: (source, hooks) => api.loadRatings(source, hooks),
    movies: (source, hooks) => api.loadMovies(source, hooks),
    links: (source, hooks) => api.loadLinks(source, hooks),
  };

  function showLoaded(kind, name, size) {
    fields[kind].status.textContent = size === undefined ? `Loaded ${name}` : `Loaded ${name} (${bytes(size)})`;
    fields[kind].status.classList.add('loaded');
  }

  // items: [{kind, name, source: File | URL}], loaded in order; stops at the first that fails.
  async function loadAll(items) {
    if (store.current().busy) return;
    store.update({ busy: 'loading' });
    setStatus('loading', 'Reading files…');
    progressWrap.hidden = false;
    let failed = null;
    let relabelled = null;
    let newRatings = false;
    try {
      for (const { kind, name, source } of items) {
        const label = `Reading ${name}`;
        progressLabel.textContent = `${label}…`;
        progress.value = 0;
        setStatusText(`${label}…`);
        try {
          const loaded = await loaders[kind](source, {
            name,
            onProgress: ({ loaded: done, total }) => {
              progress.value = total > 0 ? done / total : 0;
              progressLabel.textContent = `${label}: ${bytes(done)} of ${bytes(total)}`;
            },
          });
          reports.set(kind, loaded);
          loadedItems.set(kind, { kind, name, source });
          summary = await api.summary();
          onSummary(summary);
          showLoaded(kind, name, source instanceof Blob ? source.size : undefined);
          renderLoadReport(report, reports, summary);
          if (store.current().model && kind !== 'ratings') {
            relabelled = name;
            store.relabelModel();
          }
          newRatings ||= kind === 'ratings';
          store.update({ hasRatings: summary.ratings > 0 });
        } catch (error) {
          failed = error;
          break;
        }
      }
    } finally {
      store.update({ busy: null });
      progressWrap.hidden = true;
    }
    if (failed) {
      if (failed.fatal) return; // the worker died: recovery.mjs says so, once
      showError(failed.message, 'That file could not be used; the data loaded before is kept.');
      return;
    }
    const { model, hasRatings } = store.current();
    if (model) {
      const parts = [];
      if (relabelled) parts.push(`The model now shows the titles of ${relabelled}: nothing to train again.`);
      if (newRatings) parts.push(`Loaded ${number(summary.ratings)} ratings; the model shown was trained before them: press Train to use them.`);
      setStatus('done', parts.join(' '));
    } else if (hasRatings) {
      setStatus('idle', `Loaded ${number(summary.ratings)} ratings. Choose settings and press Train.`);
    } else {
      setStatus('idle', 'Now load a ratings file (userId, movieId, rating).');
    }
  }

  for (const [kind, { input }] of Object.entries(fields)) {
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (!file) return;
      // Cleared, so that choosing the same file again loads it again; the status line beside
      // the field names what is loaded.
      loadAll([{ kind, name: file.name, source: file }]).finally(() => { input.value = ''; });
    });
  }

  sampleButton.addEventListener('click', () => {
    if (fromFile) {
      showError('A page opened from a file cannot read other files by itself. Open the page through ' +
        './build-wasm.sh serve or any static server for the sample; or choose the files from ' +
        'web/sample/ml-latest-small/ with the buttons above.', 'The sample data needs a web server.');
      return;
    }
    loadAll(SAMPLE_FILES.map(([kind, name]) => ({ kind, name, source: new URL(SAMPLE_BASE + name, location.href) })));
  });
  if (fromFile) {
    $('#sample-hint').textContent = 'Opened from a file: choose ratings.csv and movies.csv from web/sample/ml-latest-small/ above, ' +
      'or serve the page (./build-wasm.sh serve) to load the sample with one click.';
  }

  enableDrop({ overlay: $('.drop-overlay'), isBusy: () => store.current().busy !== null, onFiles: loadAll });

  store.subscribe((state) => {
    const busy = state.busy !== null;
    for (const { input } of Object.values(fields)) input.disabled = busy;
    sampleButton.disabled = busy;
  });

  return {
    // The files loaded, in the order to load them again: [{kind, name, source}].
    files() {
      return ['ratings', 'movies', 'links'].filter((kind) => loadedItems.has(kind)).map((kind) => loadedItems.get(kind));
    },
    // Loads files() of before again (after the module restarted).
    reload(items) { return loadAll(items); },
    // After the module restarted: nothing is loaded any more.
    forget() {
      reports.clear();
      loadedItems.clear();
      summary = null;
      renderLoadReport(report, reports, summary);
      for (const { status } of Object.values(fields)) {
        status.textContent = 'No file loaded';
        status.classList.remove('loaded');
      }
    },
  };
}
