// The movie map: every movie as a dot at its 2-D position, coloured by its first genre, on one
// canvas redrawn at most once per animation frame. It puts together the view transform
// (view.mjs), the spatial index for hit-testing (spatial-index.mjs), the colours and legend
// (legend.mjs), the drawing (draw.mjs) and the input (input.mjs).

import { DotLayer } from './dots.mjs';
import { drawMap, readTheme } from './draw.mjs';
import { bindMapInput } from './input.mjs';
import { genreGroups, renderLegend } from './legend.mjs';
import { SpatialIndex, nearestTo, nextInDirection } from './spatial-index.mjs';
import { hideTooltip, showTooltip } from './tooltip.mjs';
import { MapView } from './view.mjs';

const HIT_PX = 8; // how close (CSS px) the pointer must be to a dot
// Level of detail: while the view moves, a frame draws only as many dots (most rated first) as
// the last full frames say fit in MOVING_BUDGET_MS; SETTLE_MS after the last move, every dot.
const MOVING_BUDGET_MS = 12;
const SETTLE_MS = 150;

export class MovieMap {
  #canvas;
  #ctx;
  #tooltip;
  #legend;
  #onPick;
  #view = new MapView();
  #index = new SpatialIndex(new Float32Array(0));
  #groups = [];
  #colourOf = new Uint8Array(0);
  #indexOfId = new Map();
  #hover = -1;
  #cursor = -1;   // the dot the keyboard is on (Shift+arrows), -1 for none
  #dpr = 1;
  #frame = 0;
  #theme = null;
  #dots = new DotLayer();
  #msPerDot = 0;      // what drawing one dot cost in recent frames
  #settle = 0;        // the timer that ends a move, 0 when the view is still
  movies = [];
  xy = new Float32Array(0);
  selected = -1;
  neighbours = new Set();
  // The titles drawn last, with their dots: [{dot: {x, y, r, text}, text, l, t, r, b}] in CSS px.
  labels = [];

  // onPick(movie): a dot was clicked, or chosen with the keyboard.
  constructor({ canvas, tooltip, legend, onPick }) {
    this.#canvas = canvas;
    this.#ctx = canvas.getContext('2d');
    this.#tooltip = tooltip;
    this.#legend = legend;
    this.#onPick = onPick;
    bindMapInput(canvas, this.#inputTarget());
    new ResizeObserver(() => this.#resize()).observe(canvas);
    this.#watchPixelRatio();
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
      this.#theme = null;
      this.#requestDraw();
    });
  }

  // movies: [{movieId, title, year, genres}], xy: Float32Array [x0, y0, x1, y1, ...] in [-1, 1].
  setData(movies, xy) {
    this.movies = movies;
    this.xy = xy;
    this.#indexOfId = new Map(movies.map((m, i) => [m.movieId, i]));
    this.selected = -1;
    this.neighbours = new Set();
    this.#hover = -1;
    this.#cursor = -1;
    this.#setGroups();
    this.#index = new SpatialIndex(xy);
    this.#view.fitHome(xy);
    this.resetView();
    this.#canvas.setAttribute('aria-label',
      `Movie map of ${movies.length.toLocaleString('en-US')} movies, coloured by main genre. ` +
      'Arrow keys pan, plus and minus zoom, 0 resets the view; Shift with the arrows steps from ' +
      'movie to movie, Enter shows the neighbours of the one stepped to.');
  }

  // The same movies with new titles, years or genres (a movies file loaded after training): the
  // positions, the view and the selection stay.
  relabel(movies) {
    if (movies.length !== this.movies.length) return;
    this.movies = movies;
    this.#setGroups();
    if (this.#hover >= 0) this.#showTooltip(this.#hover);
    this.#requestDraw();
  }

  // New positions for the same movies (another layout, or one still forming): colours and the
  // selection stay; refit frames the new positions.
  setPositions(xy, { refit = false } = {}) {
    if (xy.length !== this.xy.length) return;
    this.xy = xy;
    this.#index = new SpatialIndex(xy);
    if (refit) {
      this.#view.fitHome(xy);
      this.resetView();
    } else if (this.#hover >= 0) {
      this.#showTooltip(this.#hover);
    }
    this.#requestDraw();
  }

  // Rings one movie and its neighbours (movieIds) and names them; null clears.
  highlight(movieId, neighbourIds = []) {
    this.selected = movieId === null ? -1 : (this.#indexOfId.get(movieId) ?? -1);
    this.neighbours = new Set(neighbourIds.map((id) => this.#indexOfId.get(id)).filter((i) => i !== undefined));
    this.#requestDraw();
  }

  resetView() {
    this.#view.reset();
    this.#hideTooltip();
    this.#requestDraw();
  }

  zoomBy(factor, px, py) {
    this.#view.zoomBy(factor, px, py);
    this.#hideTooltip();
    this.#moved();
  }

  // The view moved: draw the next frames light until it has been still for SETTLE_MS.
  #moved() {
    clearTimeout(this.#settle);
    this.#settle = setTimeout(() => {
      this.#settle = 0;
      this.#requestDraw();
    }, SETTLE_MS);
    this.#requestDraw();
  }

  #inputTarget() {
    return {
      hitTest: (px, py) => {
        if (this.movies.length === 0) return -1;
        return this.#index.nearest(...this.#view.toData(px, py), HIT_PX / this.#view.scale());
      },
      pick: (i) => this.#onPick?.(this.movies[i]),
      hover: (i) => this.#setHover(i),
      panBy: (px, py) => { this.#view.panBy(px, py); this.#moved(); },
      zoomBy: (factor, px, py) => this.zoomBy(factor, px, py),
      resetView: () => this.resetView(),
      stepCursor: (dx, dy) => this.#stepCursor(dx, dy),
      pickCursor: () => {
        if (this.#cursor < 0) return false;
        this.#onPick?.(this.movies[this.#cursor]);
        return true;
      },
      leaveCursor: () => {
        if (this.#cursor < 0) return false;
        this.#cursor = -1;
        this.#hideTooltip();
        return true;
      },
      hideTooltip: () => this.#hideTooltip(),
      isEmpty: () => this.movies.length === 0,
      viewSize: () => ({ width: this.#view.width, height: this.#view.height }),
    };
  }

  // Keyboard: the nearest dot in a screen direction from the cursor; with no cursor yet, the
  // chosen movie, or the dot nearest the middle of the view.
  #stepCursor(dx, dy) {
    if (this.movies.length === 0) return;
    const from = this.#cursor >= 0 ? this.#cursor : this.selected;
    const next = from >= 0 ? nextInDirection(this.xy, from, dx, dy) : nearestTo(this.xy, this.#view.cx, this.#view.cy);
    if (next < 0) return;
    this.#cursor = next;
    const [sx, sy] = this.#screenOf(next);
    const margin = 24;
    if (sx < margin || sy < margin || sx > this.#view.width - margin || sy > this.#view.height - margin) {
      this.#view.centreOn(this.xy[2 * next], this.xy[2 * next + 1]);
    }
    this.#hover = -1;
    this.#setHover(next);
  }

  #screenOf(i) { return this.#view.toScreen(this.xy[2 * i], this.xy[2 * i + 1]); }

  #setGroups() {
    ({ groups: this.#groups, colourOf: this.#colourOf } = genreGroups(this.movies));
    renderLegend(this.#legend, this.#groups);
  }

  #setHover(i) {
    if (i === this.#hover) return;
    this.#hover = i;
    if (i >= 0) this.#showTooltip(i);
    else hideTooltip(this.#tooltip);
    this.#canvas.classList.toggle('over-dot', i >= 0);
    this.#requestDraw();
  }

  #showTooltip(i) {
    showTooltip(this.#tooltip, this.movies[i], ...this.#screenOf(i), this.#view.width, this.#view.height);
  }

  #hideTooltip() {
    hideTooltip(this.#tooltip);
    if (this.#hover !== -1) {
      this.#hover = -1;
      this.#requestDraw();
    }
  }

  #resize() {
    const box = this.#canvas.getBoundingClientRect();
    this.#view.resize(box.width, box.height);
    this.#dpr = window.devicePixelRatio || 1;
    this.#canvas.width = Math.round(this.#view.width * this.#dpr);
    this.#canvas.height = Math.round(this.#view.height * this.#dpr);
    this.#requestDraw();
  }

  // Moving the window to a screen of another density changes devicePixelRatio but not the
  // canvas's CSS size, so the ResizeObserver would not notice.
  #watchPixelRatio() {
    const query = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    query.addEventListener('change', () => {
      this.#resize();
      this.#watchPixelRatio();
    }, { once: true });
  }

  #requestDraw() {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#theme ??= readTheme(this.#canvas);
      const n = this.movies.length;
      const share = this.#settle && this.#msPerDot > 0 ? Math.min(1, MOVING_BUDGET_MS / (this.#msPerDot * n)) : 1;
      const started = performance.now();
      this.labels = drawMap(this.#ctx, {
        view: this.#view, xy: this.xy, movies: this.movies, groups: this.#groups, colourOf: this.#colourOf,
        selected: this.selected, neighbours: this.neighbours, hover: this.#hover, theme: this.#theme, dpr: this.#dpr,
        dots: this.#dots, share,
      });
      if (n > 0) {
        // Per dot drawn, the frame's fixed costs included: an estimate on the safe side.
        const cost = (performance.now() - started) / Math.max(1, Math.ceil(share * n));
        this.#msPerDot = this.#msPerDot > 0 ? 0.7 * this.#msPerDot + 0.3 * cost : cost;
      }
    });
  }
}
