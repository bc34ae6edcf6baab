// The movie2vec page: puts the panels together. Each panel is a module of its own; they share
// only store.mjs (busy, ratings loaded, the model) and the callbacks wired here. All work on
// data goes through one Movie2Vec (client.mjs), the public API: this page never touches the
// Worker or the WebAssembly module.

import { createAnalogy } from './analogy.mjs';
import { createClient, openedFromFile } from './client.mjs';
import { createDataPanel } from './data-panel.mjs';
import { $ } from './dom.mjs';
import { createExports } from './exports.mjs';
import { createHistory } from './history.mjs';
import { createLossChart } from './loss-chart.mjs';
import { createMapPanel } from './map-panel.mjs';
import { createMinRatings } from './min-ratings.mjs';
import { createMoreLike } from './more-like.mjs';
import { createOpenModel } from './open-model.mjs';
import { createRecovery } from './recovery.mjs';
import { createResults } from './results.mjs';
import { showError } from './status.mjs';
import * as store from './store.mjs';
import { createTrainEstimate } from './train-estimate.mjs';
import { createTrainingForm } from './training-form.mjs';
import { createTraining } from './training.mjs';

let recovery = null;

const api = createClient({
  onStartError: (error) => showError(error.message, 'The page cannot start its background worker.'),
  // The worker died or the module trapped: a new one started, with nothing loaded.
  onRestart: (error) => recovery.recover(error),
});

const form = createTrainingForm(api.trainOptions(), { autoEpochs: (ratings) => api.autoEpochs(ratings) });
const dataPanel = createDataPanel({ api, fromFile: openedFromFile, onSummary: (summary) => form.showAutoEpochs(summary.ratings) });
recovery = createRecovery({ api, dataPanel });
createTrainEstimate({ api, form });
createTraining({ api, form, chart: createLossChart($('[data-testid="loss-chart"]')) });

// Panels that point at each other (a result's "+", the map's dots) are wired through these.
let results = null;
let mapPanel = null;
let moreLike = null;
let history = null;
const choose = (movie) => results.choose(movie);
const add = (movie) => moreLike.add(movie);
const watched = (movie) => history.add(movie);

mapPanel = createMapPanel({ api, onPick: choose });
results = createResults({ api, onAdd: add, onWatched: watched, onShow: (movie, list) => mapPanel.highlight(movie, list) });
moreLike = createMoreLike({ api, onChoose: choose, focusAfterLast: $('#movie-search') });
const analogy = createAnalogy({ api, onChoose: choose, onAdd: add });
history = createHistory({ api, onChoose: choose, onAdd: add, shownMovie: () => results.shown() });
createMinRatings(api.neighbourOptions());
const openModel = createOpenModel({ api });
createExports({ api, onRemembered: () => openModel.offerRestore() });

// A movies or links file loaded with a model: every panel showing movies takes the new titles.
store.subscribe(async (state, before) => {
  if (store.modelChange(state, before) !== 'relabelled') return;
  const labels = state.model.labels;
  const movies = await api.movies();
  if (store.current().model?.labels !== labels) return;
  const byId = new Map(movies.map((m) => [m.movieId, m]));
  mapPanel.relabel(movies);
  results.relabel(byId);
  moreLike.relabel(byId);
  analogy.relabel(byId);
  history.relabel(byId);
});

store.update({}); // every panel sets its controls for the state at start
