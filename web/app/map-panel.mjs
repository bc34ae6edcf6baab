// The movie map panel: the map of the current model (PCA at once, UMAP on demand, shown as it
// forms; above AUTO_UMAP_MOVIES movies UMAP starts by itself in the background and replaces the
// PCA map when done), the layout and view buttons, and the chosen movie with its neighbours ringed.

import { $ } from './dom.mjs';
import { duration, number } from './format.mjs';
import { MovieMap } from './map/movie-map.mjs';
import { rovingToolbar } from './roving.mjs';
import { showError } from './status.mjs';
import * as store from './store.mjs';

const LAYOUT_TEXT = {
  pca: 'Each dot is a movie, placed by the two main directions of the vectors (PCA). ' +
    'Close dots were rated by the same people.',
  umap: 'Each dot is a movie, placed by UMAP so that each movie stays near its 15 nearest movies: ' +
    'similar movies form islands (distances between islands mean little).',
};

// Above this many movies two principal axes keep almost none of a movie's nearest movies (0.3% at
// 88,000): the first map worth reading is UMAP, so it is computed at once.
const AUTO_UMAP_MOVIES = 20000;

let shownMap = null; // for tests: the map as drawn (positions, selection, labels)
export const currentMap = () => shownMap;

// onPick(movie): a dot was chosen.
export function createMapPanel({ api, onPick }) {
  const panel = $('#map');
  const pcaButton = $('#map-pca');
  const umapButton = $('#map-umap');
  const status = $('#map-status');
  const layoutText = $('#map-layout-text');
  let map = null;
  // The layouts of the current model: PCA comes with the map, UMAP when first asked for.
  let positions = {};
  let layout = 'pca';
  let umap = null; // {controller, watched, xy, first} while UMAP runs
  let chosen = false; // the reader picked a layout for this model: a background UMAP does not take over
  let generation = 0; // which model the answers belong to
  let highlighted = [null, []];

  function showLayout(name) {
    layout = name;
    pcaButton.setAttribute('aria-pressed', String(name === 'pca'));
    umapButton.setAttribute('aria-pressed', String(name === 'umap'));
    layoutText.textContent = LAYOUT_TEXT[name];
  }

  async function show() {
    const mine = ++generation;
    umap?.controller.abort(); // the old model's: the Worker would finish it before drawing this one
    try {
      const { movies, xy } = await api.map({ layout: 'pca' });
      if (mine !== generation) return;
      panel.hidden = false;
      map ??= new MovieMap({ canvas: $('[data-testid="movie-map"]'), tooltip: $('.map-tooltip'), legend: $('.map-legend'), onPick });
      shownMap = map;
      positions = { pca: xy };
      showLayout('pca');
      status.textContent = '';
      map.setData(movies, xy);
      map.highlight(...highlighted);
      chosen = false;
      if (movies.length > AUTO_UMAP_MOVIES) runUmap({ watched: false });
    } catch (error) {
      if (mine === generation) showError(error.message, 'The movie map could not be drawn; search still works.');
    }
  }

  function hide() {
    ++generation;
    umap?.controller.abort();
    panel.hidden = true;
    positions = {};
    map?.setData([], new Float32Array(0));
  }

  function choosePca() {
    chosen = true;
    showLayout('pca');
    if (positions.pca) map?.setPositions(positions.pca, { refit: true });
  }

  // UMAP takes seconds: the map shows it as it forms; the result is kept for this model.
  function chooseUmap() {
    chosen = true;
    if (positions.umap) {
      showLayout('umap');
      map?.setPositions(positions.umap, { refit: true });
      return;
    }
    if (!map) return;
    showLayout('umap');
    if (!umap) {
      runUmap({ watched: true });
    } else if (!umap.watched) { // running in the background: show it as it forms from now on
      umap.watched = true;
      if (umap.xy) {
        map.setPositions(umap.xy, { refit: true });
        umap.first = false;
      }
    }
  }

  // watched: drawn as it forms (the reader asked for it); otherwise only the status line moves
  // until it is done, when it replaces the PCA map unless the reader chose a layout meanwhile.
  async function runUmap({ watched }) {
    const mine = generation;
    const started = performance.now();
    const run = { controller: new AbortController(), watched, xy: null, first: true };
    umap = run;
    const count = number(positions.pca.length / 2);
    const prefix = () => (run.watched ? 'UMAP' : `UMAP of ${count} movies (PCA shown until it is ready)`);
    status.textContent = `${prefix()}: finding every movie\u2019s nearest movies…`;
    try {
      const result = await api.map({ layout: 'umap' }, {
        signal: run.controller.signal,
        onProgress: ({ epoch, epochs, searching, xy }) => {
          if (mine !== generation) return;
          run.xy = xy;
          status.textContent = searching ? `${prefix()}: finding every movie\u2019s nearest movies…`
            : `${prefix()}: epoch ${number(epoch)} of ${number(epochs)}…`;
          if (run.watched && layout === 'umap') {
            map.setPositions(xy, { refit: run.first });
            run.first = false;
          }
        },
      });
      if (mine !== generation) return;
      positions.umap = result.xy;
      if (!run.watched && !chosen) showLayout('umap');
      if (layout === 'umap') map.setPositions(result.xy, { refit: true });
      status.textContent = `UMAP of ${number(result.xy.length / 2)} movies in ${duration((performance.now() - started) / 1000)}.`;
    } catch (error) {
      if (mine !== generation || error.name === 'AbortError') return;
      status.textContent = '';
      if (layout === 'umap') choosePca();
      showError(error.message, 'The UMAP map could not be computed; the PCA map still works.');
    } finally {
      if (umap === run) umap = null;
    }
  }

  pcaButton.addEventListener('click', choosePca);
  umapButton.addEventListener('click', chooseUmap);
  $('#map-zoom-in').addEventListener('click', () => map?.zoomBy(1.5));
  $('#map-zoom-out').addEventListener('click', () => map?.zoomBy(1 / 1.5));
  $('#map-reset').addEventListener('click', () => map?.resetView());
  rovingToolbar($('.map-toolbar'));

  store.subscribe((state, before) => {
    const change = store.modelChange(state, before);
    if (change === 'new') show();
    else if (change === 'gone') hide();
    // A UMAP asked for during training would wait for it and then draw the model it replaced.
    if (!umap) umapButton.disabled = state.busy === 'training' && !positions.umap;
  });

  return {
    // The movie shown in panel 3 and its neighbours, ringed; null clears.
    highlight(movie, neighbours) {
      highlighted = [movie?.movieId ?? null, neighbours.map((m) => m.movieId)];
      map?.highlight(...highlighted);
    },
    // The same movies with new titles (in map order, as movies() gives them).
    relabel(movies) { map?.relabel(movies); },
  };
}
