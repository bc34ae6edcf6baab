// The movie map panel: the map of the current model (PCA at once, UMAP on demand, shown as it
// forms), the layout and view buttons, and the chosen movie with its neighbours ringed.

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
  let umap = null; // {controller} while UMAP runs
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
    showLayout('pca');
    if (positions.pca) map?.setPositions(positions.pca, { refit: true });
  }

  // UMAP takes seconds: the map shows it as it forms; the result is kept for this model.
  async function chooseUmap() {
    if (positions.umap) {
      showLayout('umap');
      map?.setPositions(positions.umap, { refit: true });
      return;
    }
    if (umap || !map) return;
    const mine = generation;
    const started = performance.now();
    umap = { controller: new AbortController() };
    umapButton.disabled = true;
    showLayout('umap');
    status.textContent = 'UMAP: finding every movie\u2019s nearest movies…';
    let first = true;
    try {
      const result = await api.map({ layout: 'umap' }, {
        signal: umap.controller.signal,
        onProgress: ({ epoch, epochs, xy }) => {
          if (mine !== generation) return;
          status.textContent = `UMAP: epoch ${number(epoch)} of ${number(epochs)}…`;
          if (layout === 'umap') map.setPositions(xy, { refit: first });
          first = false;
        },
      });
      if (mine !== generation) return;
      positions.umap = result.xy;
      if (layout === 'umap') map.setPositions(result.xy, { refit: true });
      status.textContent = `UMAP of ${number(result.xy.length / 2)} movies in ${duration((performance.now() - started) / 1000)}.`;
    } catch (error) {
      if (mine !== generation || error.name === 'AbortError') return;
      status.textContent = '';
      choosePca();
      showError(error.message, 'The UMAP map could not be computed; the PCA map still works.');
    } finally {
      umap = null;
      umapButton.disabled = false;
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
