// The movie2vec page: UI only. It owns the Worker (worker.js), which owns the WebAssembly
// module; this file never touches WebAssembly. Everything the user gives is rendered with
// textContent and DOM APIs, never innerHTML.
// A classic script, not a module: Chromium refuses module scripts on file:// pages.
'use strict';

// Only until the worker reports the trainer's real defaults (Module.defaultOptions()).
let DEFAULTS = Object.freeze({
  dim: 64, window: 8, negative: 25, epochs: 50, lr: 0.02, minCount: 1, minRating: null,
  loss: 'nce', seed: 1, sample: 0, nsExponent: 0.6,
});

// The same ranges as TrainOptions::validate() in src/trainer.cpp.
// [name, integer?, min, max, what to tell the user, {minOpen, maxOpen, optional}]
const PARAM_RULES = [
  ['dim', true, 1, 1024, 'Dimensions must be a whole number from 1 to 1024.'],
  ['epochs', true, 1, 10000, 'Epochs must be a whole number from 1 to 10000.'],
  ['window', true, 1, 100, 'Window must be a whole number from 1 to 100.'],
  ['lr', false, 0, 1, 'Learning rate must be above 0 and at most 1.', { minOpen: true }],
  ['negative', true, 1, 100, 'Negatives must be a whole number from 1 to 100.'],
  ['minCount', true, 1, 1e9, 'Min. ratings per movie must be a whole number of at least 1.'],
  ['minRating', false, -1e9, 1e9, 'Min. rating must be a number, or empty to keep every rating.', { optional: true }],
  ['sample', false, 0, 1, 'Subsampling must be at least 0 and below 1.', { maxOpen: true }],
  ['nsExponent', false, -1, 1, 'Negative-sampling exponent must be a number from -1 to 1.'],
  ['seed', true, 0, 4294967295, 'Random seed must be a whole number from 0 to 4294967295.'],
];

const SAMPLE_BASE = 'sample/ml-latest-small/';
const SAMPLE_FILES = [
  { kind: 'ratings', name: 'ratings.csv' },
  { kind: 'movies', name: 'movies.csv' },
  { kind: 'links', name: 'links.csv' },
];
const KIND_ORDER = { ratings: 0, movies: 1, links: 2 };
const KIND_LABELS = {
  ratings: 'Ratings', movies: 'Movies', links: 'Links',
  'movielens-movies': 'Movies (MovieLens)', 'kaggle-metadata': 'Movies (Kaggle metadata)',
};

const $ = (selector) => document.querySelector(selector);
const el = {
  status: $('[data-testid="status"]'),
  statusText: $('.status-text'),
  error: $('[data-testid="error"]'),
  ratingsFile: $('#ratings-file'),
  moviesFile: $('#movies-file'),
  linksFile: $('#links-file'),
  loadSample: $('#load-sample'),
  loadProgressWrap: $('.load-progress-wrap'),
  loadProgressLabel: $('.load-progress-label'),
  loadProgress: $('#load-progress'),
  loadReport: $('[data-testid="load-report"]'),
  form: $('#train-form'),
  train: $('#train'),
  cancel: $('#cancel'),
  resetParams: $('#reset-params'),
  trainProgress: $('#train-progress'),
  progressText: $('[data-testid="progress"]'),
  chart: $('[data-testid="loss-chart"]'),
  search: $('#movie-search'),
  suggestions: $('#movie-suggestions'),
  resultsTitle: $('.results-title'),
  similarList: $('[data-testid="similar-list"]'),
  resultsEmpty: $('.results-empty'),
  addQuery: $('.add-query'),
  exportButton: $('#export-word2vec'),
  exportProjector: $('#export-projector'),
  exportModel: $('#export-model'),
  quantize: $('#quantize'),
  importModel: $('#import-model'),
  restoreRow: $('.restore-row'),
  restoreModel: $('#restore-model'),
  restoreInfo: $('.restore-info'),
  sampleHint: $('#sample-hint'),
  mapPanel: $('#map'),
  mapCanvas: $('[data-testid="movie-map"]'),
  mapTooltip: $('.map-tooltip'),
  mapLegend: $('.map-legend'),
  mapZoomIn: $('#map-zoom-in'),
  mapZoomOut: $('#map-zoom-out'),
  mapReset: $('#map-reset'),
  mapPca: $('#map-pca'),
  mapUmap: $('#map-umap'),
  mapStatus: $('#map-status'),
  mapLayoutText: $('#map-layout-text'),
  picked: $('.picked'),
  moreLike: $('[data-testid="more-like"]'),
  moreLikeHint: $('#more-like-hint'),
  analogyForm: $('#analogy-form'),
  analogyInputs: [$('#analogy-a'), $('#analogy-b'), $('#analogy-c')],
  analogyRun: $('#analogy-run'),
  analogyNote: $('.analogy-note'),
  analogyList: $('[data-testid="analogy-list"]'),
  dropOverlay: $('.drop-overlay'),
};

const FROM_FILE = location.protocol === 'file:';

const app = {
  state: 'idle',
  busy: null,           // 'loading' | 'training' | null
  hasRatings: false,
  trained: false,
  reports: new Map(),   // kind -> last report
  summary: null,
  prepared: null,
  lastOptions: null,
  formTouched: false,   // once the user edits the form, the module's defaults no longer replace it
  query: null,          // the movie whose neighbours are shown
  picked: [],           // movies for "more like these"
};

// ---------------------------------------------------------------- worker and requests

let worker = null;
let workerStarted = null; // resolves once `worker` exists
let nextId = 1;
const pending = new Map(); // id -> {resolve, reject, onEvent}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => { script.remove(); resolve(); };
    script.onerror = () => { script.remove(); reject(new Error(`could not load ${src}`)); };
    document.head.append(script);
  });
}

// From file:// Chromium refuses new Worker('worker.js'); dist/worker-standalone.js (made by
// tools/bundle-standalone.mjs) carries the worker and the module as one string for a blob: Worker.
async function standaloneWorker() {
  if (typeof self.M2V_WORKER_SOURCE !== 'string') {
    await loadScript('dist/worker-standalone.js').catch(() => {
      throw new Error('This page was opened from a file, which needs dist/worker-standalone.js, and it is missing. ' +
        'Build it with ./build-wasm.sh build (or node tools/bundle-standalone.mjs), ' +
        'or open the page through ./build-wasm.sh serve or any static server.');
    });
  }
  const url = URL.createObjectURL(new Blob([self.M2V_WORKER_SOURCE], { type: 'text/javascript' }));
  try {
    return new Worker(url);
  } finally {
    // The worker has its script once it starts; keep the URL until then.
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }
}

async function createWorker() {
  if (!FROM_FILE) {
    try {
      return new Worker('worker.js');
    } catch {
      // fall through to the standalone worker
    }
  }
  return standaloneWorker();
}

function startWorker() {
  workerStarted = createWorker().then((created) => {
    attachWorker(created);
    return created;
  }, (error) => {
    showError(error.message, 'The page cannot start its background worker.');
    throw error;
  });
  workerStarted.catch(() => {});
}

function attachWorker(created) {
  worker = created;
  worker.onmessage = (event) => {
    const message = event.data;
    if (message.type === 'ready') {
      if (message.defaults) applyModuleDefaults(message.defaults);
      return;
    }
    if (message.type === 'fatal') {
      showError(message.message);
      return;
    }
    const request = pending.get(message.id);
    if (!request) return;
    if (message.type === 'result') {
      pending.delete(message.id);
      request.resolve(message.value);
    } else if (message.type === 'error') {
      pending.delete(message.id);
      if (message.fatal) {
        restartWorker();
        request.reject(new Error(`${message.message} Your files are not kept: load them again.`));
      } else {
        request.reject(new Error(message.message));
      }
    } else {
      request.onEvent?.(message);
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    const message = 'The background worker failed to start' + (event.message ? `: ${event.message}` : '.');
    for (const request of pending.values()) request.reject(new Error(message));
    pending.clear();
    showError(message);
  };
}

// After the module trapped (out of memory, a bug) nothing in it can be trusted: start afresh.
function restartWorker() {
  worker.terminate();
  for (const request of pending.values()) request.reject(new Error('The background worker was restarted.'));
  pending.clear();
  app.busy = null;
  app.hasRatings = false;
  app.trained = false;
  app.reports.clear();
  app.summary = null;
  renderLoadReport();
  clearResults();
  hideMap();
  startWorker();
}

function call(type, fields = {}, onEvent = null) {
  const id = nextId++;
  return workerStarted.then((w) => new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onEvent });
    w.postMessage({ id, type, ...fields });
  }));
}

// ---------------------------------------------------------------- status and errors

function setState(state, text) {
  app.state = state;
  el.status.dataset.state = state;
  if (text !== undefined) el.statusText.textContent = text;
  if (state !== 'error') {
    el.error.hidden = true;
    el.error.textContent = '';
  }
  updateControls();
}

// The message comes from the worker or the module and is meant for the user as it is.
function showError(message, summary = 'Something went wrong; what was loaded before is kept.') {
  setState('error', summary);
  el.error.textContent = message;
  el.error.hidden = false;
  const box = el.error.getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) {
    const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    el.status.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
  }
}

function updateControls() {
  const busy = app.busy !== null;
  for (const input of [el.ratingsFile, el.moviesFile, el.linksFile, el.loadSample, el.importModel, el.restoreModel]) {
    input.disabled = busy;
  }
  el.train.disabled = busy || !app.hasRatings;
  el.cancel.disabled = app.busy !== 'training';
  el.resetParams.disabled = app.busy === 'training';
  for (const field of el.form.elements) {
    if (field.tagName !== 'BUTTON') field.disabled = app.busy === 'training';
  }
  const canQuery = app.trained && app.busy !== 'training';
  el.search.disabled = !canQuery;
  el.search.placeholder = canQuery ? 'e.g. Toy Story (1995)' : 'Train a model first';
  for (const button of [el.exportButton, el.exportProjector, el.exportModel]) button.disabled = !canQuery;
  for (const input of el.analogyInputs) {
    input.disabled = !canQuery;
    input.placeholder = canQuery ? 'a title' : '';
  }
  el.analogyRun.disabled = !canQuery;
  el.addQuery.disabled = !canQuery;
  if (!canQuery) for (const box of comboboxes) box.close();
}

const number = (n) => Number(n).toLocaleString('en-US');
const percent = (part, whole) => (whole > 0 ? `${Math.round((100 * part) / whole)}%` : '–');

function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 1) return 'under a second';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// ---------------------------------------------------------------- DOM helpers

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('data-') || key.startsWith('aria-') || key === 'role' || key === 'id') node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

// ---------------------------------------------------------------- loading files

function guessKindByName(name) {
  const lower = name.toLowerCase();
  if (lower.includes('rating')) return 'ratings';
  if (lower.includes('link')) return 'links';
  if (lower.includes('movie') || lower.includes('metadata')) return 'movies';
  return null;
}

async function guessKind(file) {
  const byName = guessKindByName(file.name);
  if (byName) return byName;
  const head = (await file.slice(0, 2048).text()).split(/\r?\n/, 1)[0].toLowerCase();
  if (head.includes('rating') && head.includes('userid')) return 'ratings';
  if (head.includes('imdbid') && head.includes('tmdbid') && !head.includes('title')) return 'links';
  return 'movies';
}

// Loads files one after another; resolves when all are done or one failed.
async function loadAll(items) {
  if (app.busy) return;
  app.busy = 'loading';
  setState('loading', 'Reading files…');
  el.loadProgressWrap.hidden = false;
  let failed = null;
  try {
    for (const item of items) {
      const label = `Reading ${item.name}`;
      el.loadProgressLabel.textContent = `${label}…`;
      el.loadProgress.value = 0;
      el.statusText.textContent = `${label}…`;
      try {
        const { report, summary } = await call(
          'load',
          { kind: item.kind, name: item.name, file: item.file, url: item.url },
          (event) => {
            if (event.type !== 'load-progress') return;
            const fraction = event.total > 0 ? event.loaded / event.total : 0;
            el.loadProgress.value = fraction;
            el.loadProgressLabel.textContent =
              `${label}: ${formatBytes(event.loaded)} of ${formatBytes(event.total)}`;
          },
        );
        app.reports.set(item.kind, report);
        app.summary = summary;
        app.hasRatings = summary.ratings > 0;
        if (app.trained) {
          app.trained = false;
          clearResults('The data changed: train again to see similar movies.');
          hideMap();
        }
        renderLoadReport();
      } catch (error) {
        failed = error;
        break;
      }
    }
  } finally {
    app.busy = null;
    el.loadProgressWrap.hidden = true;
  }
  if (failed) {
    showError(failed.message, 'That file could not be used; the data loaded before is kept.');
    return;
  }
  if (app.hasRatings) {
    setState('idle', app.summary
      ? `Loaded ${number(app.summary.ratings)} ratings. Choose settings and press Train.`
      : 'Loaded. Press Train.');
  } else {
    setState('idle', 'Now load a ratings file (userId, movieId, rating).');
  }
}

function loadChosenFile(input, kind) {
  const file = input.files && input.files[0];
  if (!file) return;
  loadAll([{ kind, name: file.name, file }]).finally(() => { input.value = ''; });
}

function renderLoadReport() {
  const container = el.loadReport;
  container.replaceChildren();
  const kinds = [...app.reports.keys()].sort((a, b) => KIND_ORDER[a] - KIND_ORDER[b]);
  if (kinds.length === 0) {
    container.append(h('p', { class: 'empty', text: 'No file loaded yet.' }));
    return;
  }
  const list = h('div', { class: 'report-files' });
  for (const kind of kinds) {
    const r = app.reports.get(kind);
    const card = h('article', { class: 'report-file', 'data-kind': kind });
    card.append(
      h('header', {},
        h('span', { class: 'report-kind', text: KIND_LABELS[r.kind] ?? KIND_LABELS[kind] ?? kind }),
        h('span', { class: 'report-name', text: r.file })),
      h('dl', { class: 'report-counts' },
        h('div', {}, h('dt', { text: 'read' }), h('dd', { text: number(r.rowsRead) })),
        h('div', {}, h('dt', { text: 'kept' }), h('dd', { text: number(r.rowsKept) })),
        h('div', { class: r.rowsSkipped > 0 ? 'warn' : '' },
          h('dt', { text: 'skipped' }), h('dd', { text: number(r.rowsSkipped) }))),
    );
    if (r.problems.length > 0) {
      const shown = r.problems.slice(0, 3);
      const details = h('details', { class: 'report-problems' },
        h('summary', { text: `First problems (${r.problems.length}${r.rowsSkipped > r.problems.length ? ` of ${number(r.rowsSkipped)}` : ''})` }),
        h('ul', {}, r.problems.map((p) => h('li', { text: p }))));
      card.append(h('ul', { class: 'problems-preview' }, shown.map((p) => h('li', { text: p }))));
      if (r.problems.length > shown.length) card.append(details);
    }
    if (r.notes.length > 0) card.append(h('ul', { class: 'report-notes' }, r.notes.map((n) => h('li', { text: n }))));
    list.append(card);
  }
  container.append(list);

  const s = app.summary;
  if (s) {
    const coverage = h('div', { class: 'coverage' });
    coverage.append(h('p', {},
      h('strong', { text: number(s.ratings) }), ' ratings by ',
      h('strong', { text: number(s.users) }), ' users on ',
      h('strong', { text: number(s.moviesRated) }), ' movies.'));
    if (s.moviesRated > 0) {
      const meter = h('div', { class: 'coverage-bar', role: 'presentation' }, h('span'));
      meter.firstChild.style.setProperty('--fill', String(s.catalogueSize > 0 ? s.moviesWithTitles / s.moviesRated : 0));
      coverage.append(
        h('p', {}, 'Titles known for ', h('strong', { text: `${number(s.moviesWithTitles)} of ${number(s.moviesRated)}` }),
          ` rated movies (${percent(s.moviesWithTitles, s.moviesRated)})`,
          s.catalogueSize > 0 ? `; catalogue of ${number(s.catalogueSize)} titles.` : '; load a movies file to see titles.'),
        meter);
    } else if (s.catalogueSize > 0) {
      coverage.append(h('p', { text: `Catalogue of ${number(s.catalogueSize)} titles. Now load a ratings file.` }));
    }
    if (s.notes.length > 0) coverage.append(h('ul', { class: 'report-notes' }, s.notes.map((n) => h('li', { text: n }))));
    container.append(coverage);
  }
}

// ---------------------------------------------------------------- parameters

function readParams() {
  const data = new FormData(el.form);
  const loss = data.get('loss');
  const options = { loss: ['nce', 'negative', 'softmax'].includes(loss) ? loss : DEFAULTS.loss };
  const problems = [];
  for (const [name, integer, min, max, message, how = {}] of PARAM_RULES) {
    const input = el.form.elements[name];
    const raw = String(data.get(name) ?? '').trim();
    const errorNode = document.getElementById(`e-${name}`);
    if (raw === '' && how.optional) {
      // Left out, not 0: the module then applies no filter at all.
      input.setAttribute('aria-invalid', 'false');
      errorNode.textContent = '';
      continue;
    }
    const value = Number(raw);
    const ok = raw !== '' && Number.isFinite(value) && (!integer || Number.isInteger(value)) &&
      (how.minOpen ? value > min : value >= min) && (how.maxOpen ? value < max : value <= max);
    input.setAttribute('aria-invalid', ok ? 'false' : 'true');
    errorNode.textContent = ok ? '' : message;
    if (ok) options[name] = value;
    else problems.push({ input, message });
  }
  return { options, problems };
}

function resetParams() {
  for (const [name, value] of Object.entries(DEFAULTS)) {
    const field = el.form.elements[name];
    if (field) field.value = value === null || value === undefined ? '' : String(value);
  }
  app.formTouched = false;
  readParams();
}

// The worker sends the trainer's own defaults with 'ready'; the form shows them unless the user
// has started editing it.
function applyModuleDefaults(defaults) {
  const merged = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS)) {
    if (key in defaults) merged[key] = defaults[key];
  }
  DEFAULTS = Object.freeze(merged);
  if (!app.formTouched && app.busy !== 'training') resetParams();
}

// ---------------------------------------------------------------- training

// tokensDone and tokensTotal count every epoch.
function overallFraction(p) {
  return p.tokensTotal > 0 ? Math.min(1, p.tokensDone / p.tokensTotal) : 0;
}

function showProgress(p) {
  const fraction = overallFraction(p);
  el.trainProgress.value = fraction;
  const left = fraction > 0 ? (p.seconds * (1 - fraction)) / fraction : NaN;
  const parts = [
    `Epoch ${Math.min(p.epoch, p.epochs)}/${p.epochs}`,
    `${number(Math.round(p.tokensPerSecond))} tokens/s`,
    p.done ? `took ${formatDuration(p.seconds)}` : `about ${formatDuration(left)} left`,
  ];
  if (Number.isFinite(p.loss) && !p.done) parts.push(`loss ${p.loss.toFixed(3)}`);
  el.progressText.textContent = parts.join(' · ');
  drawLossChart(p.epochLosses, p.done ? null : p.loss, p.epochs);
}

async function train(event) {
  event?.preventDefault();
  if (app.busy || !app.hasRatings) return;
  const { options, problems } = readParams();
  if (problems.length > 0) {
    const details = problems[0].input.closest('details');
    if (details) details.open = true;
    problems[0].input.focus();
    showError(problems.map((p) => p.message).join(' '), 'Check the training settings.');
    return;
  }
  app.busy = 'training';
  app.trained = false;
  app.lastOptions = options;
  app.prepared = null;
  clearResults();
  hideMap();
  el.trainProgress.value = 0;
  el.progressText.textContent = 'Preparing…';
  drawLossChart([], null, options.epochs);
  setState('training', 'Preparing the training data…');
  try {
    const result = await call('train', { options }, (message) => {
      if (message.type === 'prepared') {
        app.prepared = message.info;
        el.statusText.textContent =
          `Training on ${number(message.info.vocabulary)} movies from ${number(message.info.sequences)} users…`;
      } else if (message.type === 'progress') {
        showProgress(message.progress);
      }
    });
    app.busy = null;
    if (result.status === 'done') {
      app.trained = true;
      showProgress(result.progress);
      const losses = result.progress.epochLosses;
      const last = losses.length ? ` Final loss ${losses[losses.length - 1].toFixed(3)}.` : '';
      setState('done', `Trained ${number(app.prepared?.vocabulary ?? 0)} movies in ${formatDuration(result.progress.seconds)}.${last} Search for a movie below.`);
      el.resultsEmpty.textContent = 'Search for a movie to see its nearest neighbours.';
      await showMap();
    } else {
      el.progressText.textContent = 'Training cancelled.';
      el.trainProgress.value = 0;
      setState('idle', 'Training cancelled. Change the settings or press Train to start again.');
    }
  } catch (error) {
    app.busy = null;
    el.progressText.textContent = 'Training stopped.';
    showError(error.message, 'Training could not run; the data loaded before is kept.');
  }
}

function cancelTraining() {
  if (app.busy !== 'training' || !worker) return;
  worker.postMessage({ type: 'cancel' });
  el.statusText.textContent = 'Cancelling…';
}

// ---------------------------------------------------------------- loss chart

let lastChart = { epochLosses: [], currentLoss: null, epochs: DEFAULTS.epochs };

// Digits enough to tell neighbouring ticks apart.
function tickDecimals(step) {
  return Math.min(4, Math.max(1, Math.ceil(-Math.log10(step)) + 1));
}

function drawLossChart(epochLosses, currentLoss, epochs) {
  lastChart = { epochLosses, currentLoss, epochs };
  const chart = el.chart;
  chart.replaceChildren();
  // The viewBox follows the drawn size, so text is never stretched.
  const W = Math.max(240, Math.round(chart.clientWidth || 480)), H = 180;
  chart.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const left = 46, right = 14, top = 10, bottom = 26;
  const plotW = W - left - right, plotH = H - top - bottom;
  const values = [...epochLosses];
  const hasCurrent = currentLoss !== null && Number.isFinite(currentLoss);
  if (hasCurrent) values.push(currentLoss);
  chart.append(svg('rect', { class: 'plot-bg', x: left, y: top, width: plotW, height: plotH, rx: 6 }));
  if (values.length === 0) {
    chart.replaceChildren(svg('rect', { class: 'plot-bg', x: 0, y: top, width: W, height: plotH, rx: 6 }));
    chart.append(svg('text', { class: 'chart-empty', x: W / 2, y: top + plotH / 2, 'text-anchor': 'middle', 'dominant-baseline': 'middle' },
      'The loss appears here while training.'));
    chart.setAttribute('aria-label', 'Loss chart: no training yet');
    return;
  }
  let min = Math.min(...values), max = Math.max(...values);
  // A first epoch far above the rest (NCE starts high) would flatten the curve: then the axis is
  // logarithmic, so the later epochs' fall stays visible.
  const logScale = min > 0 && max / min > 4;
  const f = logScale ? Math.log : (v) => v;
  let lo = f(min), hi = f(max);
  if (hi - lo < 1e-3) { hi += 0.05; lo -= 0.05; }
  const pad = (hi - lo) * 0.1;
  lo = logScale ? lo - pad : Math.max(0, lo - pad);
  hi += pad;
  const n = Math.max(epochs, values.length, 2);
  const x = (i) => left + (plotW * i) / (n - 1);
  const y = (v) => top + plotH * (1 - (f(v) - lo) / (hi - lo));

  const decimals = tickDecimals((max - min) / 3);
  for (let t = 0; t <= 3; t++) {
    const v = logScale ? Math.exp(lo + ((hi - lo) * t) / 3) : lo + ((hi - lo) * t) / 3;
    const label = logScale ? String(Number(v.toPrecision(2))) : v.toFixed(decimals);
    chart.append(svg('line', { class: 'grid', x1: left, x2: left + plotW, y1: y(v), y2: y(v) }));
    chart.append(svg('text', { class: 'tick', x: left - 6, y: y(v), 'text-anchor': 'end', 'dominant-baseline': 'middle' }, label));
  }
  if (logScale) {
    chart.append(svg('text', { class: 'tick', x: left + plotW - 6, y: top + 12, 'text-anchor': 'end' }, 'log scale'));
  }
  const xTicks = [...new Set([0, Math.floor((n - 1) / 2), n - 1])];
  for (const i of xTicks) {
    const anchor = i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle';
    chart.append(svg('text', { class: 'tick', x: x(i), y: H - 6, 'text-anchor': anchor }, i === 0 ? 'epoch 1' : String(i + 1)));
  }
  const points = epochLosses.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  if (points.length > 1) chart.append(svg('polyline', { class: 'loss-line', points: points.join(' ') }));
  if (epochLosses.length <= 60) {
    epochLosses.forEach((v, i) => chart.append(svg('circle', { class: 'loss-point', cx: x(i), cy: y(v), r: 3 })));
  }
  if (hasCurrent) {
    const i = epochLosses.length;
    if (i > 0) {
      chart.append(svg('line', { class: 'loss-current-line', x1: x(i - 1), y1: y(epochLosses[i - 1]), x2: x(i), y2: y(currentLoss) }));
    }
    chart.append(svg('circle', { class: 'loss-current', cx: x(i), cy: y(currentLoss), r: 3.5 }));
  }
  const lastLoss = epochLosses.length ? epochLosses[epochLosses.length - 1].toFixed(3) : 'not yet known';
  chart.setAttribute('aria-label', `Loss chart${logScale ? ' (log scale)' : ''}: ${epochLosses.length} of ${epochs} epochs done, latest epoch loss ${lastLoss}`);
}

// ---------------------------------------------------------------- title comboboxes

const comboboxes = [];

// A title input with a suggestion list (WAI-ARIA combobox): typing suggests titles through the
// module's accent- and case-insensitive search, arrows move, Enter picks the highlighted title or
// the best match, Escape closes. onChoose(movie) gets the pick; onNoMatch(text) when nothing fits.
function createCombobox(input, listbox, { onChoose, onNoMatch, k = 8 }) {
  let items = [];
  let active = -1;
  let serial = 0;
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

  async function update() {
    const text = input.value.trim();
    const mine = ++serial;
    if (text.length === 0 || !app.trained) { close(); return; }
    let results;
    try {
      results = await call('search', { text, k });
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
    if (!text || !app.trained) return;
    if (active >= 0 && items[active]) {
      pick(items[active]);
      return;
    }
    ++serial; // a pending suggestion list is no longer wanted
    close();
    try {
      const [found] = await call('search', { text, k: 1 });
      if (found) pick(found);
      else onNoMatch?.(text);
    } catch (error) {
      showError(error.message);
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, 60);
  });
  input.addEventListener('keydown', (event) => {
    const open = !listbox.hidden && items.length > 0;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) { update(); return; }
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

  const box = { close, best };
  comboboxes.push(box);
  return box;
}

function yearSuffix(movie) {
  if (!movie.year) return '';
  return movie.title.includes(`(${movie.year})`) ? '' : String(movie.year);
}

// ---------------------------------------------------------------- similar movies

async function choose(movie) {
  el.search.value = movie.title;
  try {
    const results = await call('similar', { movieId: movie.movieId, k: 10 });
    renderResults(movie, results);
  } catch (error) {
    clearResults(error.message);
  }
}

function clearResults(message) {
  app.query = null;
  el.similarList.replaceChildren();
  el.resultsTitle.textContent = '';
  el.addQuery.hidden = true;
  el.resultsEmpty.hidden = false;
  el.resultsEmpty.textContent = message ?? 'Results appear here once a model is trained.';
  movieMap?.highlight(null);
}

// One row of a result list: the title (click: its neighbours), year, genres, score and a
// "+" that adds the movie to the "more like these" list.
function resultItem(m) {
  const li = h('li', { 'data-movie-id': m.movieId });
  const titleButton = h('button', { type: 'button', class: 'result-title', text: m.title,
    title: 'Show movies similar to this one' });
  titleButton.addEventListener('click', () => choose(m));
  const meta = h('span', { class: 'result-meta' });
  const year = yearSuffix(m);
  if (year) meta.append(h('span', { class: 'result-year', text: year }));
  for (const genre of m.genres) meta.append(h('span', { class: 'genre', text: genre }));
  const bar = h('span', { class: 'score-bar', 'aria-hidden': 'true' }, h('span'));
  bar.firstChild.style.setProperty('--score', String(Math.max(0, Math.min(1, m.score))));
  const score = h('span', { class: 'score', text: m.score.toFixed(2), title: 'Cosine similarity' });
  const add = h('button', { type: 'button', class: 'add-button', text: '+', title: 'Add to “more like these”',
    'aria-label': `Add ${m.title} to the “more like these” list` });
  add.addEventListener('click', () => addPicked(m));
  li.append(titleButton, meta, h('span', { class: 'score-wrap' }, bar, score), add);
  return li;
}

function renderResults(movie, results) {
  app.query = movie;
  el.resultsTitle.replaceChildren('Similar to ', h('cite', { text: movie.title }));
  const year = yearSuffix(movie);
  if (year) el.resultsTitle.append(` (${year})`);
  el.addQuery.hidden = false;
  el.addQuery.setAttribute('aria-label', `Add ${movie.title} to the “more like these” list`);
  el.resultsEmpty.hidden = results.length > 0;
  el.similarList.classList.toggle('two-columns', results.length >= 6);
  if (results.length === 0) el.resultsEmpty.textContent = 'This movie has no neighbours in the model.';
  el.similarList.replaceChildren(...results.map((m) => resultItem(m)));
  movieMap?.highlight(movie.movieId, results.map((m) => m.movieId));
}

// ---------------------------------------------------------------- more like these

function addPicked(movie) {
  if (!app.picked.some((m) => m.movieId === movie.movieId)) app.picked.push(movie);
  renderPicked();
  updateMoreLike();
}

function removePicked(movieId) {
  app.picked = app.picked.filter((m) => m.movieId !== movieId);
  renderPicked();
  updateMoreLike();
}

function renderPicked() {
  el.picked.replaceChildren(...app.picked.map((m) => {
    const remove = h('button', { type: 'button', class: 'chip-remove', text: '×',
      'aria-label': `Remove ${m.title} from the list` });
    remove.addEventListener('click', () => {
      const at = [...el.picked.querySelectorAll('.chip-remove')].indexOf(remove);
      removePicked(m.movieId);
      // Keep keyboard focus in the list.
      const rest = el.picked.querySelectorAll('.chip-remove');
      (rest[Math.min(at, rest.length - 1)] ?? el.search).focus();
    });
    return h('li', { class: 'chip', 'data-movie-id': m.movieId }, h('span', { class: 'chip-title', text: m.title }), remove);
  }));
  el.picked.hidden = app.picked.length === 0;
}

let moreLikeSerial = 0;
async function updateMoreLike() {
  const mine = ++moreLikeSerial;
  if (app.picked.length === 0 || !app.trained) {
    el.moreLike.replaceChildren();
    return;
  }
  try {
    const results = await call('moreLike', { movieIds: app.picked.map((m) => m.movieId), k: 10 });
    if (mine !== moreLikeSerial) return;
    el.moreLike.replaceChildren(...results.map((m) => resultItem(m)));
  } catch (error) {
    if (mine === moreLikeSerial) showError(error.message);
  }
}

// ---------------------------------------------------------------- analogy A − B + C

const analogyChosen = [null, null, null];

async function runAnalogy(event) {
  event?.preventDefault();
  if (!app.trained) return;
  const names = ['A', 'B', 'C'];
  // A slot typed but not picked takes its best match, as Enter would.
  for (let i = 0; i < 3; i++) {
    const text = el.analogyInputs[i].value.trim();
    if (analogyChosen[i] || !text) continue;
    const [found] = await call('search', { text, k: 1 }).catch(() => []);
    if (found) {
      analogyChosen[i] = found;
      el.analogyInputs[i].value = found.title;
    }
  }
  const missing = names.filter((_, i) => !analogyChosen[i]);
  if (missing.length > 0) {
    el.analogyNote.textContent = `Choose a movie for ${missing.join(' and ')}.`;
    el.analogyList.replaceChildren();
    el.analogyInputs[names.indexOf(missing[0])].focus();
    return;
  }
  const [a, b, c] = analogyChosen;
  try {
    const results = await call('analogy', { positive: [a.movieId, c.movieId], negative: [b.movieId], k: 10 });
    el.analogyNote.textContent = `${a.title} − ${b.title} + ${c.title} ≈`;
    el.analogyList.replaceChildren(...results.map((m) => resultItem(m)));
  } catch (error) {
    el.analogyNote.textContent = error.message;
    el.analogyList.replaceChildren();
  }
}

function resetExploration() {
  app.picked = [];
  renderPicked();
  el.moreLike.replaceChildren();
  analogyChosen.fill(null);
  for (const input of el.analogyInputs) input.value = '';
  el.analogyNote.textContent = '';
  el.analogyList.replaceChildren();
}

// ---------------------------------------------------------------- movie map

let movieMap = null;

const LAYOUT_TEXT = {
  pca: 'Each dot is a movie, placed by the two main directions of the vectors (PCA). ' +
    'Close dots were rated by the same people.',
  umap: 'Each dot is a movie, placed by UMAP so that each movie stays near its 15 nearest movies: ' +
    'similar movies form islands (distances between islands mean little).',
};

// The layouts of the current model: PCA comes with the map, UMAP is computed when first asked for.
const mapState = { layout: 'pca', positions: {}, umapRunning: false, generation: 0 };

async function showMap() {
  try {
    const { movies, xy } = await call('mapData');
    el.mapPanel.hidden = false;
    movieMap ??= new self.MovieMap({
      canvas: el.mapCanvas, tooltip: el.mapTooltip, legend: el.mapLegend,
      onPick: (movie) => choose(movie),
    });
    mapState.generation++;
    mapState.positions = { pca: xy };
    showLayout('pca');
    el.mapStatus.textContent = '';
    movieMap.setData(movies, xy);
  } catch (error) {
    showError(error.message, 'The movie map could not be drawn; search still works.');
  }
}

function hideMap() {
  el.mapPanel.hidden = true;
  mapState.generation++;
  mapState.positions = {};
  movieMap?.setData([], new Float32Array(0));
}

function showLayout(layout) {
  mapState.layout = layout;
  el.mapPca.setAttribute('aria-pressed', String(layout === 'pca'));
  el.mapUmap.setAttribute('aria-pressed', String(layout === 'umap'));
  el.mapLayoutText.textContent = LAYOUT_TEXT[layout];
  el.mapUmap.disabled = mapState.umapRunning;
}

function choosePca() {
  showLayout('pca');
  if (mapState.positions.pca) movieMap?.setPositions(mapState.positions.pca, { refit: true });
}

// UMAP takes seconds: the map shows it as it forms, and the worker keeps it for this model.
async function chooseUmap() {
  if (mapState.positions.umap) {
    showLayout('umap');
    movieMap?.setPositions(mapState.positions.umap, { refit: true });
    return;
  }
  if (mapState.umapRunning || !movieMap) return;
  const generation = mapState.generation;
  const started = performance.now();
  mapState.umapRunning = true;
  showLayout('umap');
  el.mapStatus.textContent = 'UMAP: finding every movie\'s nearest movies…';
  let first = true;
  try {
    const result = await call('umap', {}, (event) => {
      if (event.type !== 'layout' || generation !== mapState.generation) return;
      el.mapStatus.textContent = `UMAP: epoch ${event.epoch} of ${event.epochs}…`;
      if (mapState.layout === 'umap') movieMap.setPositions(event.xy, { refit: first });
      first = false;
    });
    if (generation !== mapState.generation) return;
    mapState.positions.umap = result.xy;
    if (mapState.layout === 'umap') movieMap.setPositions(result.xy, { refit: true });
    el.mapStatus.textContent = `UMAP of ${(result.xy.length / 2).toLocaleString('en-US')} movies in ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s.`;
  } catch (error) {
    if (generation !== mapState.generation) return;
    el.mapStatus.textContent = '';
    choosePca();
    showError(error.message, 'The UMAP map could not be computed; the PCA map still works.');
  } finally {
    mapState.umapRunning = false;
    el.mapUmap.disabled = false;
  }
}

// ---------------------------------------------------------------- keep and share

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function exporting(button, work) {
  button.disabled = true;
  try {
    await work();
  } catch (error) {
    showError(error.message);
  } finally {
    updateControls();
  }
}

const exportVectors = () => exporting(el.exportButton, async () => {
  download(await call('exportWord2Vec'), `movie2vec-${app.lastOptions?.dim ?? 'model'}d.txt`);
});

const exportProjector = () => exporting(el.exportProjector, async () => {
  const { vectors, metadata } = await call('exportProjector');
  download(vectors, 'vectors.tsv');
  download(metadata, 'metadata.tsv');
});

const exportModel = () => exporting(el.exportModel, async () => {
  const label = el.exportModel.textContent;
  // int8 checks every movie's neighbours against the float model's: seconds, not milliseconds.
  if (el.quantize.checked) el.exportModel.textContent = 'Choosing int8 codes…';
  try {
    const blob = await call('saveModel', { quantize: el.quantize.checked });
    download(blob, 'movie2vec-model.m2v');
    rememberModel(blob);
  } finally {
    el.exportModel.textContent = label;
  }
});

// Opens a .m2v: a bad file is an error, and the model there was before stays.
async function openModel({ file, bytes, name }) {
  if (app.busy) return;
  app.busy = 'loading';
  setState('loading', `Opening ${name}…`);
  try {
    const info = await call('loadModel', { file, bytes });
    app.busy = null;
    app.trained = true;
    app.lastOptions = { dim: info.dim };
    resetExploration();
    clearResults('Search for a movie to see its nearest neighbours.');
    el.progressText.textContent = `Model opened from ${name}: nothing to train.`;
    el.trainProgress.value = 0;
    setState('done', `Opened ${name}: ${number(info.movies)} movies, ${info.dim} dimensions. Search for a movie below.`);
    await showMap();
  } catch (error) {
    app.busy = null;
    showError(error.message, `${name} could not be opened; the model you had is kept.`);
  }
}

// ---- the last saved model, kept in this browser (IndexedDB) to restore after a reload

const DB_NAME = 'movie2vec';
const STORE = 'models';

function openDb() {
  return new Promise((resolve, reject) => {
    if (!self.indexedDB) { reject(new Error('no IndexedDB')); return; }
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// Saves run one after another, so the last model saved is the one kept.
let remembering = Promise.resolve();
function rememberModel(blob) {
  remembering = remembering.then(() => storeModel(blob));
  return remembering;
}

async function storeModel(blob) {
  try {
    const db = await openDb();
    const bytes = new Uint8Array(await blob.arrayBuffer());
    await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put({ bytes, saved: Date.now() }, 'last');
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    offerRestore();
  } catch {
    // Private windows and file:// pages may have no storage: the download itself still worked.
  }
}

async function lastModel() {
  try {
    const db = await openDb();
    const record = await new Promise((resolve, reject) => {
      const request = db.transaction(STORE).objectStore(STORE).get('last');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return record ?? null;
  } catch {
    return null;
  }
}

async function offerRestore() {
  const record = await lastModel();
  el.restoreRow.hidden = !record;
  if (record) {
    el.restoreRow.dataset.bytes = String(record.bytes.byteLength);
    el.restoreInfo.textContent = `saved here ${new Date(record.saved).toLocaleString()}, ${formatBytes(record.bytes.byteLength)}`;
  }
}

async function restoreModel() {
  const record = await lastModel();
  if (!record) {
    el.restoreRow.hidden = true;
    return;
  }
  await openModel({ bytes: record.bytes, name: 'the last saved model' });
}

// ---------------------------------------------------------------- drag and drop

function setupDragAndDrop() {
  let depth = 0;
  const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  window.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth++;
    if (!app.busy) el.dropOverlay.hidden = false;
  });
  window.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = app.busy ? 'none' : 'copy';
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) el.dropOverlay.hidden = true;
  });
  window.addEventListener('drop', async (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth = 0;
    el.dropOverlay.hidden = true;
    if (app.busy) return;
    const files = [...event.dataTransfer.files];
    const items = [];
    for (const file of files) items.push({ kind: await guessKind(file), name: file.name, file });
    items.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
    if (items.length > 0) loadAll(items);
  });
}

// ---------------------------------------------------------------- wiring

function init() {
  startWorker();
  el.ratingsFile.addEventListener('change', () => loadChosenFile(el.ratingsFile, 'ratings'));
  el.moviesFile.addEventListener('change', () => loadChosenFile(el.moviesFile, 'movies'));
  el.linksFile.addEventListener('change', () => loadChosenFile(el.linksFile, 'links'));
  el.loadSample.addEventListener('click', () => {
    if (FROM_FILE) {
      showError('A page opened from a file cannot read other files by itself. Open the page through ' +
        './build-wasm.sh serve or any static server for the sample; or choose the files from ' +
        'web/sample/ml-latest-small/ with the buttons above.', 'The sample data needs a web server.');
      return;
    }
    loadAll(SAMPLE_FILES.map((f) => ({ kind: f.kind, name: f.name, url: SAMPLE_BASE + f.name })));
  });
  if (FROM_FILE) {
    el.sampleHint.textContent = 'Opened from a file: choose ratings.csv and movies.csv from web/sample/ml-latest-small/ above, ' +
      'or serve the page (./build-wasm.sh serve) to load the sample with one click.';
  }
  el.form.addEventListener('submit', train);
  el.form.addEventListener('input', (event) => {
    app.formTouched = true;
    if (event.target.getAttribute('aria-invalid') === 'true') readParams();
  });
  el.cancel.addEventListener('click', cancelTraining);
  el.resetParams.addEventListener('click', resetParams);
  el.exportButton.addEventListener('click', exportVectors);

  el.exportProjector.addEventListener('click', exportProjector);
  el.exportModel.addEventListener('click', exportModel);
  el.importModel.addEventListener('change', () => {
    const file = el.importModel.files && el.importModel.files[0];
    if (!file) return;
    openModel({ file, name: file.name }).finally(() => { el.importModel.value = ''; });
  });
  el.restoreModel.addEventListener('click', restoreModel);
  el.addQuery.addEventListener('click', () => { if (app.query) addPicked(app.query); });

  createCombobox(el.search, el.suggestions, {
    onChoose: choose,
    onNoMatch: (text) => clearResults(`No title matches “${text}”.`),
  });
  el.analogyInputs.forEach((input, i) => {
    createCombobox(input, document.getElementById(input.getAttribute('aria-controls')), {
      onChoose: (movie) => { analogyChosen[i] = movie; },
      onNoMatch: (text) => { el.analogyNote.textContent = `No title matches “${text}”.`; },
    });
    input.addEventListener('input', () => { analogyChosen[i] = null; });
  });
  el.analogyForm.addEventListener('submit', runAnalogy);

  el.mapZoomIn.addEventListener('click', () => movieMap?.zoomBy(1.5));
  el.mapZoomOut.addEventListener('click', () => movieMap?.zoomBy(1 / 1.5));
  el.mapReset.addEventListener('click', () => movieMap?.resetView());
  el.mapPca.addEventListener('click', choosePca);
  el.mapUmap.addEventListener('click', chooseUmap);

  setupDragAndDrop();
  new ResizeObserver(() => drawLossChart(lastChart.epochLosses, lastChart.currentLoss, lastChart.epochs)).observe(el.chart);
  resetParams();
  renderPicked();
  updateControls();
  offerRestore();
}

init();
