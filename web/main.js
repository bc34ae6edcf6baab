// The movie2vec page: UI only. It owns the Worker (worker.js), which owns the WebAssembly
// module; this file never touches WebAssembly. Everything the user gives is rendered with
// textContent and DOM APIs, never innerHTML.

const DEFAULTS = Object.freeze({
  dim: 64, window: 5, negative: 5, epochs: 30, lr: 0.025, minCount: 1, minRating: 0,
  loss: 'negative', seed: 1, sample: 0,
});

// [name, integer?, min, max, what to tell the user]
const PARAM_RULES = [
  ['dim', true, 2, 1024, 'Dimensions must be a whole number from 2 to 1024.'],
  ['epochs', true, 1, 1000, 'Epochs must be a whole number from 1 to 1000.'],
  ['window', true, 1, 100, 'Window must be a whole number from 1 to 100.'],
  ['lr', false, 0.0001, 1, 'Learning rate must be a number from 0.0001 to 1.'],
  ['negative', true, 1, 100, 'Negatives must be a whole number from 1 to 100.'],
  ['minCount', true, 1, 1000000, 'Min. ratings per movie must be a whole number of at least 1.'],
  ['minRating', false, 0, 10, 'Min. rating must be a number from 0 to 10.'],
  ['sample', false, 0, 1, 'Subsampling must be a number from 0 to 1.'],
  ['seed', true, 0, 2147483647, 'Random seed must be a whole number from 0 to 2147483647.'],
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
  exportButton: $('#export-word2vec'),
  dropOverlay: $('.drop-overlay'),
};

const app = {
  state: 'idle',
  busy: null,           // 'loading' | 'training' | null
  hasRatings: false,
  trained: false,
  reports: new Map(),   // kind -> last report
  summary: null,
  prepared: null,
  lastOptions: null,
};

// ---------------------------------------------------------------- worker and requests

let worker = null;
let nextId = 1;
const pending = new Map(); // id -> {resolve, reject, onEvent}

function startWorker() {
  worker = new Worker('worker.js');
  worker.onmessage = (event) => {
    const message = event.data;
    if (message.type === 'ready') return;
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
  startWorker();
}

function call(type, fields = {}, onEvent = null) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onEvent });
    worker.postMessage({ id, type, ...fields });
  });
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
  for (const input of [el.ratingsFile, el.moviesFile, el.linksFile, el.loadSample]) input.disabled = busy;
  el.train.disabled = busy || !app.hasRatings;
  el.cancel.disabled = app.busy !== 'training';
  el.resetParams.disabled = app.busy === 'training';
  for (const field of el.form.elements) {
    if (field.tagName !== 'BUTTON') field.disabled = app.busy === 'training';
  }
  const canQuery = app.trained && app.busy !== 'training';
  el.search.disabled = !canQuery;
  el.search.placeholder = canQuery ? 'e.g. Toy Story (1995)' : 'Train a model first';
  el.exportButton.disabled = !canQuery;
  if (!canQuery) closeSuggestions();
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
  const options = { loss: data.get('loss') === 'softmax' ? 'softmax' : 'negative' };
  const problems = [];
  for (const [name, integer, min, max, message] of PARAM_RULES) {
    const input = el.form.elements[name];
    const raw = String(data.get(name) ?? '').trim();
    const value = Number(raw);
    const ok = raw !== '' && Number.isFinite(value) && (!integer || Number.isInteger(value)) && value >= min && value <= max;
    const errorNode = document.getElementById(`e-${name}`);
    input.setAttribute('aria-invalid', ok ? 'false' : 'true');
    errorNode.textContent = ok ? '' : message;
    if (ok) options[name] = value;
    else problems.push({ input, message });
  }
  return { options, problems };
}

function resetParams() {
  for (const [name, value] of Object.entries(DEFAULTS)) el.form.elements[name].value = String(value);
  readParams();
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
  if (app.busy !== 'training') return;
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
  if (max - min < 1e-3) { max += 0.05; min -= 0.05; }
  const pad = (max - min) * 0.1;
  min = Math.max(0, min - pad); max += pad;
  const n = Math.max(epochs, values.length, 2);
  const x = (i) => left + (plotW * i) / (n - 1);
  const y = (v) => top + plotH * (1 - (v - min) / (max - min));

  const decimals = tickDecimals((max - min) / 3);
  for (let t = 0; t <= 3; t++) {
    const v = min + ((max - min) * t) / 3;
    chart.append(svg('line', { class: 'grid', x1: left, x2: left + plotW, y1: y(v), y2: y(v) }));
    chart.append(svg('text', { class: 'tick', x: left - 6, y: y(v), 'text-anchor': 'end', 'dominant-baseline': 'middle' }, v.toFixed(decimals)));
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
  chart.setAttribute('aria-label', `Loss chart: ${epochLosses.length} of ${epochs} epochs done, latest epoch loss ${lastLoss}`);
}

// ---------------------------------------------------------------- search and results

let suggestionItems = [];
let activeIndex = -1;
let searchSerial = 0;
let searchTimer = 0;

function closeSuggestions() {
  el.suggestions.hidden = true;
  el.suggestions.replaceChildren();
  el.search.setAttribute('aria-expanded', 'false');
  el.search.removeAttribute('aria-activedescendant');
  suggestionItems = [];
  activeIndex = -1;
}

function setActive(index) {
  activeIndex = index;
  [...el.suggestions.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
  if (index >= 0) {
    const li = el.suggestions.children[index];
    el.search.setAttribute('aria-activedescendant', li.id);
    li.scrollIntoView({ block: 'nearest' });
  } else {
    el.search.removeAttribute('aria-activedescendant');
  }
}

async function updateSuggestions() {
  const text = el.search.value.trim();
  const serial = ++searchSerial;
  if (text.length === 0 || !app.trained) { closeSuggestions(); return; }
  let results;
  try {
    results = await call('search', { text, k: 8 });
  } catch {
    return;
  }
  if (serial !== searchSerial || document.activeElement !== el.search) return;
  suggestionItems = results;
  activeIndex = -1;
  el.suggestions.replaceChildren(...results.map((movie, i) => {
    const li = h('li', { id: `suggestion-${i}`, role: 'option', 'aria-selected': 'false', 'data-movie-id': movie.movieId });
    li.append(h('span', { class: 'suggestion-title', text: movie.title }));
    const year = yearSuffix(movie);
    if (year) li.append(h('span', { class: 'suggestion-year', text: year }));
    li.addEventListener('mousedown', (e) => e.preventDefault()); // keep focus in the input
    li.addEventListener('click', () => choose(movie));
    return li;
  }));
  if (results.length === 0) {
    el.suggestions.append(h('li', { class: 'no-match', role: 'option', 'aria-disabled': 'true', text: 'No matching title' }));
  }
  el.suggestions.hidden = false;
  el.search.setAttribute('aria-expanded', 'true');
}

function yearSuffix(movie) {
  if (!movie.year) return '';
  return movie.title.includes(`(${movie.year})`) ? '' : String(movie.year);
}

async function searchBest() {
  const text = el.search.value.trim();
  if (!text || !app.trained) return;
  if (activeIndex >= 0 && suggestionItems[activeIndex]) {
    choose(suggestionItems[activeIndex]);
    return;
  }
  ++searchSerial; // a pending suggestion list is no longer wanted
  closeSuggestions();
  try {
    const [best] = await call('search', { text, k: 1 });
    if (!best) {
      clearResults(`No title matches “${text}”.`);
      return;
    }
    choose(best);
  } catch (error) {
    showError(error.message);
  }
}

async function choose(movie) {
  ++searchSerial;
  closeSuggestions();
  el.search.value = movie.title;
  try {
    const results = await call('similar', { movieId: movie.movieId, k: 10 });
    renderResults(movie, results);
  } catch (error) {
    clearResults(error.message);
  }
}

function clearResults(message) {
  el.similarList.replaceChildren();
  el.resultsTitle.textContent = '';
  el.resultsEmpty.hidden = false;
  el.resultsEmpty.textContent = message ?? 'Results appear here once a model is trained.';
}

function renderResults(movie, results) {
  el.resultsTitle.replaceChildren('Similar to ', h('cite', { text: movie.title }));
  const year = yearSuffix(movie);
  if (year) el.resultsTitle.append(` (${year})`);
  el.resultsEmpty.hidden = results.length > 0;
  el.similarList.classList.toggle('two-columns', results.length >= 6);
  if (results.length === 0) el.resultsEmpty.textContent = 'This movie has no neighbours in the model.';
  el.similarList.replaceChildren(...results.map((m) => {
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
    li.append(titleButton, meta, h('span', { class: 'score-wrap' }, bar, score));
    return li;
  }));
}

async function exportVectors() {
  el.exportButton.disabled = true;
  try {
    const blob = await call('exportWord2Vec');
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: `movie2vec-${app.lastOptions?.dim ?? 'model'}d.txt` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (error) {
    showError(error.message);
  } finally {
    updateControls();
  }
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
  el.loadSample.addEventListener('click', () =>
    loadAll(SAMPLE_FILES.map((f) => ({ kind: f.kind, name: f.name, url: SAMPLE_BASE + f.name }))));
  el.form.addEventListener('submit', train);
  el.form.addEventListener('input', (event) => {
    if (event.target.getAttribute('aria-invalid') === 'true') readParams();
  });
  el.cancel.addEventListener('click', cancelTraining);
  el.resetParams.addEventListener('click', resetParams);
  el.exportButton.addEventListener('click', exportVectors);

  el.search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(updateSuggestions, 60);
  });
  el.search.addEventListener('keydown', (event) => {
    const open = !el.suggestions.hidden && suggestionItems.length > 0;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) { updateSuggestions(); return; }
      setActive((activeIndex + 1) % suggestionItems.length);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (open) setActive(activeIndex <= 0 ? suggestionItems.length - 1 : activeIndex - 1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      clearTimeout(searchTimer);
      searchBest();
    } else if (event.key === 'Escape') {
      if (!el.suggestions.hidden) { event.preventDefault(); closeSuggestions(); }
    }
  });
  el.search.addEventListener('blur', () => setTimeout(closeSuggestions, 100));

  setupDragAndDrop();
  new ResizeObserver(() => drawLossChart(lastChart.epochLosses, lastChart.currentLoss, lastChart.epochs)).observe(el.chart);
  resetParams();
  updateControls();
}

init();
