// The movie map: every trained movie as a dot at its 2-D PCA position, coloured by its first
// genre. One canvas, drawn in a single pass per frame (one path per colour), redrawn at most once
// per animation frame; hover uses a uniform grid over the data so it stays fast with thousands of
// dots. Titles reach the page only through textContent (the tooltip) and canvas text.
// A classic script (it must also run from file://): it defines self.MovieMap and nothing else.
(() => {
  'use strict';

  // Tableau 10: distinct on light and dark backgrounds and for most colour-vision deficiencies.
  const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7',
    '#9c755f', '#2ab0d8'];
  const OTHER_COLOUR = '#8d93a3';
  const OTHER_LABEL = 'Other';
  const GRID = 64;              // grid cells per side for hit-testing
  const HIT_PX = 8;             // how close (CSS px) the pointer must be to a dot
  const MIN_ZOOM = 0.5;
  const MAX_ZOOM = 400;
  const DRAG_PX = 4;            // a press that moves less than this is a click

  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

  class MovieMap {
    constructor({ canvas, tooltip, legend, onPick }) {
      this.canvas = canvas;
      this.tooltip = tooltip;
      this.legend = legend;
      this.onPick = onPick;
      this.ctx = canvas.getContext('2d');
      this.movies = [];
      this.xy = new Float32Array(0);
      this.groups = [];          // [{label, colour, indices: Int32Array}]
      this.colourOf = new Uint8Array(0);
      this.indexOfId = new Map();
      this.selected = -1;
      this.neighbours = new Set();
      this.hover = -1;
      this.cursor = -1;          // the dot the keyboard is on (Shift+arrows), -1 for none
      this.zoom = 1;
      this.cx = 0;
      this.cy = 0;
      this.width = 0;
      this.height = 0;
      this.dpr = 1;
      this.frame = 0;
      this.pointers = new Map();
      this.press = null;
      this.pinch = null;
      this.theme = null;
      this.bindEvents();
      new ResizeObserver(() => this.resize()).observe(canvas);
      this.watchPixelRatio();
      window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
        this.theme = null;
        this.requestDraw();
      });
    }

    // movies: [{movieId, title, year, genres}], xy: Float32Array [x0, y0, x1, y1, ...] in [-1, 1].
    setData(movies, xy) {
      this.movies = movies;
      this.xy = xy;
      this.indexOfId = new Map(movies.map((m, i) => [m.movieId, i]));
      this.selected = -1;
      this.neighbours = new Set();
      this.hover = -1;
      this.cursor = -1;
      this.buildGroups();
      this.buildGrid();
      this.fitHome();
      this.renderLegend();
      this.resetView();
      this.canvas.setAttribute('aria-label',
        `Movie map of ${movies.length.toLocaleString('en-US')} movies, coloured by main genre. ` +
        'Arrow keys pan, plus and minus zoom, 0 resets the view; Shift with the arrows steps from ' +
        'movie to movie, Enter shows the neighbours of the one stepped to.');
    }

    // New positions for the same movies (another layout, or one still forming): colours and the
    // selection stay; refit frames the new positions.
    setPositions(xy, { refit = false } = {}) {
      if (xy.length !== this.xy.length) return;
      this.xy = xy;
      this.buildGrid();
      if (refit) {
        this.fitHome();
        this.resetView();
      } else if (this.hover >= 0) {
        this.showTooltip(this.hover);
      }
      this.requestDraw();
    }

    // Keyboard: the nearest dot within 45 degrees of a screen direction (dx, dy) from the cursor,
    // or, with no cursor yet, the selected movie or the dot nearest the middle of the view.
    stepCursor(dx, dy) {
      const n = this.movies.length;
      if (n === 0) return;
      let from = this.cursor >= 0 ? this.cursor : this.selected;
      if (from < 0) {
        let best = Infinity;
        for (let i = 0; i < n; i++) {
          const d = (this.xy[2 * i] - this.cx) ** 2 + (this.xy[2 * i + 1] - this.cy) ** 2;
          if (d < best) { best = d; from = i; }
        }
        this.moveCursor(from);
        return;
      }
      const x0 = this.xy[2 * from], y0 = this.xy[2 * from + 1];
      let next = -1, best = Infinity;
      for (let i = 0; i < n; i++) {
        if (i === from) continue;
        // Data y grows upwards, screen y downwards.
        const vx = this.xy[2 * i] - x0, vy = y0 - this.xy[2 * i + 1];
        const along = vx * dx + vy * dy, across = Math.abs(vx * dy - vy * dx);
        if (along <= 0 || across > along) continue;
        const cost = along + 2 * across;
        if (cost < best) { best = cost; next = i; }
      }
      if (next >= 0) this.moveCursor(next);
    }

    moveCursor(i) {
      this.cursor = i;
      const [sx, sy] = this.toScreen(i);
      const margin = 24;
      if (sx < margin || sy < margin || sx > this.width - margin || sy > this.height - margin) {
        this.cx = this.xy[2 * i];
        this.cy = this.xy[2 * i + 1];
      }
      this.hover = -1;
      this.setHover(i);
    }

    // Highlights one movie and its neighbours (movieIds); pass null to clear.
    highlight(movieId, neighbourIds = []) {
      this.selected = movieId === null ? -1 : (this.indexOfId.get(movieId) ?? -1);
      this.neighbours = new Set(neighbourIds.map((id) => this.indexOfId.get(id)).filter((i) => i !== undefined));
      this.requestDraw();
    }

    // The home view frames the middle 99% of the dots on each axis: PCA leaves a few far
    // outliers that would otherwise squeeze everyone else into the centre.
    fitHome() {
      const n = this.movies.length;
      this.home = { zoom: 1, cx: 0, cy: 0 };
      if (n < 20) return;
      const xs = new Float32Array(n), ys = new Float32Array(n);
      for (let i = 0; i < n; i++) { xs[i] = this.xy[2 * i]; ys[i] = this.xy[2 * i + 1]; }
      xs.sort(); ys.sort();
      const at = (a, q) => a[Math.min(n - 1, Math.max(0, Math.round(q * (n - 1))))];
      const x0 = at(xs, 0.005), x1 = at(xs, 0.995), y0 = at(ys, 0.005), y1 = at(ys, 0.995);
      const half = (Math.max(x1 - x0, y1 - y0, 1e-6) / 2) * 1.08;
      this.home = { zoom: clamp(1 / half, MIN_ZOOM, MAX_ZOOM), cx: (x0 + x1) / 2, cy: (y0 + y1) / 2 };
    }

    resetView() {
      const home = this.home ?? { zoom: 1, cx: 0, cy: 0 };
      this.zoom = home.zoom;
      this.cx = home.cx;
      this.cy = home.cy;
      this.hideTooltip();
      this.requestDraw();
    }

    // Zooms by factor around a point given in CSS pixels (the centre when omitted).
    zoomBy(factor, px = this.width / 2, py = this.height / 2) {
      const [dx, dy] = this.toData(px, py);
      this.zoom = clamp(this.zoom * factor, MIN_ZOOM, MAX_ZOOM);
      // Keep the data point under (px, py) where it was.
      const scale = this.scale();
      this.cx = dx - (px - this.width / 2) / scale;
      this.cy = dy + (py - this.height / 2) / scale;
      this.hideTooltip();
      this.requestDraw();
    }

    panBy(px, py) {
      const scale = this.scale();
      this.cx -= px / scale;
      this.cy += py / scale;
      this.requestDraw();
    }

    // ---- geometry: data y grows upwards, screen y downwards
    scale() {
      return (Math.min(this.width, this.height) / 2) * 0.9 * this.zoom;
    }

    toScreen(i) {
      const s = this.scale();
      return [this.width / 2 + (this.xy[2 * i] - this.cx) * s, this.height / 2 - (this.xy[2 * i + 1] - this.cy) * s];
    }

    toData(px, py) {
      const s = this.scale();
      return [this.cx + (px - this.width / 2) / s, this.cy - (py - this.height / 2) / s];
    }

    // ---- colours and legend
    buildGroups() {
      const counts = new Map();
      const first = this.movies.map((m) => {
        const genre = m.genres.find((g) => g && !/^\(no genres/i.test(g)) ?? null;
        if (genre) counts.set(genre, (counts.get(genre) ?? 0) + 1);
        return genre;
      });
      const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, PALETTE.length).map(([genre]) => genre);
      const groupIndex = new Map(top.map((g, i) => [g, i]));
      const other = top.length;
      this.colourOf = new Uint8Array(this.movies.length);
      const members = Array.from({ length: top.length + 1 }, () => []);
      first.forEach((genre, i) => {
        const g = genre !== null && groupIndex.has(genre) ? groupIndex.get(genre) : other;
        this.colourOf[i] = g;
        members[g].push(i);
      });
      this.groups = members.map((indices, g) => ({
        label: g === other ? OTHER_LABEL : top[g],
        colour: g === other ? OTHER_COLOUR : PALETTE[g],
        indices: Int32Array.from(indices),
      }));
    }

    renderLegend() {
      const items = this.groups.filter((g) => g.indices.length > 0).map((g) => {
        const li = document.createElement('li');
        const swatch = document.createElement('span');
        swatch.className = 'swatch';
        swatch.setAttribute('aria-hidden', 'true');
        swatch.style.setProperty('--swatch', g.colour);
        const label = document.createElement('span');
        label.textContent = g.label;
        const count = document.createElement('span');
        count.className = 'legend-count';
        count.textContent = g.indices.length.toLocaleString('en-US');
        li.append(swatch, label, count);
        return li;
      });
      this.legend.replaceChildren(...items);
    }

    // ---- hit-testing: a uniform grid over the data's bounding box, linked lists per cell
    buildGrid() {
      const n = this.movies.length;
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (let i = 0; i < n; i++) {
        const x = this.xy[2 * i], y = this.xy[2 * i + 1];
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
      if (!(maxX > minX)) { minX = -1; maxX = 1; }
      if (!(maxY > minY)) { minY = -1; maxY = 1; }
      this.bounds = { minX, minY, cellW: (maxX - minX) / GRID || 1, cellH: (maxY - minY) / GRID || 1 };
      this.heads = new Int32Array(GRID * GRID).fill(-1);
      this.next = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const c = this.cellOf(this.xy[2 * i], this.xy[2 * i + 1]);
        this.next[i] = this.heads[c];
        this.heads[c] = i;
      }
    }

    cellCoord(v, min, size) {
      return clamp(Math.floor((v - min) / size), 0, GRID - 1);
    }

    cellOf(x, y) {
      const b = this.bounds;
      return this.cellCoord(y, b.minY, b.cellH) * GRID + this.cellCoord(x, b.minX, b.cellW);
    }

    // The dot nearest to (px, py) CSS pixels within HIT_PX, or -1.
    hitTest(px, py) {
      if (this.movies.length === 0) return -1;
      const [x, y] = this.toData(px, py);
      const r = HIT_PX / this.scale();
      const b = this.bounds;
      const x0 = this.cellCoord(x - r, b.minX, b.cellW), x1 = this.cellCoord(x + r, b.minX, b.cellW);
      const y0 = this.cellCoord(y - r, b.minY, b.cellH), y1 = this.cellCoord(y + r, b.minY, b.cellH);
      let best = -1;
      let bestD = r * r;
      for (let cy = y0; cy <= y1; cy++) {
        for (let cx = x0; cx <= x1; cx++) {
          for (let i = this.heads[cy * GRID + cx]; i !== -1; i = this.next[i]) {
            const dx = this.xy[2 * i] - x, dy = this.xy[2 * i + 1] - y;
            const d = dx * dx + dy * dy;
            if (d <= bestD) { bestD = d; best = i; }
          }
        }
      }
      return best;
    }

    // ---- drawing
    resize() {
      const box = this.canvas.getBoundingClientRect();
      this.width = Math.max(1, box.width);
      this.height = Math.max(1, box.height);
      this.dpr = window.devicePixelRatio || 1;
      this.canvas.width = Math.round(this.width * this.dpr);
      this.canvas.height = Math.round(this.height * this.dpr);
      this.requestDraw();
    }

    // Moving the window to a screen of another density changes devicePixelRatio but not the
    // canvas's CSS size, so the ResizeObserver would not notice.
    watchPixelRatio() {
      const query = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
      query.addEventListener('change', () => {
        this.resize();
        this.watchPixelRatio();
      }, { once: true });
    }

    requestDraw() {
      if (this.frame) return;
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.draw();
      });
    }

    readTheme() {
      const style = getComputedStyle(this.canvas);
      const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
      this.theme = {
        text: read('--text', '#1b1f2a'),
        halo: read('--surface', '#ffffff'),
        accent: read('--accent', '#4f46e5'),
        font: getComputedStyle(document.body).fontFamily,
      };
    }

    draw() {
      if (!this.theme) this.readTheme();
      const { ctx } = this;
      ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
      ctx.clearRect(0, 0, this.width, this.height);
      const n = this.movies.length;
      if (n === 0) return;
      const s = this.scale();
      const w = this.width, h = this.height;
      const ox = w / 2 - this.cx * s, oy = h / 2 + this.cy * s;
      // Smaller dots when there are many, larger once zoomed in.
      const r = clamp((n > 4000 ? 1.7 : n > 1000 ? 2.3 : 3.2) * Math.sqrt(Math.max(1, this.zoom) ** 0.5), 1.5, 6);
      const focused = this.selected >= 0;
      ctx.globalAlpha = focused ? 0.28 : 0.8;
      for (const group of this.groups) {
        ctx.fillStyle = group.colour;
        ctx.beginPath();
        for (const i of group.indices) {
          const sx = ox + this.xy[2 * i] * s, sy = oy - this.xy[2 * i + 1] * s;
          if (sx < -r || sy < -r || sx > w + r || sy > h + r) continue;
          ctx.moveTo(sx + r, sy);
          ctx.arc(sx, sy, r, 0, 2 * Math.PI);
        }
        ctx.fill();
      }
      ctx.globalAlpha = 1;
      const labelled = [];
      if (focused) {
        for (const i of this.neighbours) labelled.push([i, r + 1.5, false]);
        labelled.push([this.selected, r + 3.5, true]);
      }
      if (this.hover >= 0) labelled.push([this.hover, r + 2.5, null]);
      for (const [i, radius, isSelected] of labelled) {
        const [sx, sy] = this.toScreen(i);
        ctx.beginPath();
        ctx.arc(sx, sy, radius, 0, 2 * Math.PI);
        ctx.fillStyle = this.groups[this.colourOf[i]].colour;
        ctx.fill();
        ctx.lineWidth = isSelected ? 3 : 2;
        ctx.strokeStyle = isSelected === false ? this.theme.text : this.theme.accent;
        ctx.stroke();
      }
      if (focused) {
        ctx.font = `600 12px ${this.theme.font}`;
        ctx.textBaseline = 'middle';
        ctx.lineJoin = 'round';
        // The selected movie first; a neighbour's label is left out where it would overlap one
        // already drawn (its dot stays ringed, and the hover tooltip names it).
        const placed = [];
        for (const [i, radius, isSelected] of [...labelled].reverse()) {
          if (isSelected === null) continue;
          const [sx, sy] = this.toScreen(i);
          if (sx < 0 || sy < 0 || sx > w || sy > h) continue;
          const text = this.movies[i].title;
          const tw = ctx.measureText(text).width;
          const fitsRight = sx + radius + 4 + tw <= w - 2;
          const fitsLeft = sx - radius - 4 - tw >= 2;
          const right = fitsRight || !fitsLeft;
          ctx.textAlign = right ? 'left' : 'right';
          // Where neither side fits, the label slides left until it ends inside the map.
          const tx = right ? Math.max(2, Math.min(sx + radius + 4, w - 2 - tw)) : sx - radius - 4;
          const box = { l: right ? tx : tx - tw, r: right ? tx + tw : tx, t: sy - 8, b: sy + 8 };
          if (placed.some((p) => box.l < p.r && box.r > p.l && box.t < p.b && box.b > p.t)) continue;
          placed.push(box);
          ctx.lineWidth = 3.5;
          ctx.strokeStyle = this.theme.halo;
          ctx.strokeText(text, tx, sy);
          ctx.fillStyle = isSelected ? this.theme.accent : this.theme.text;
          ctx.fillText(text, tx, sy);
        }
      }
    }

    // ---- tooltip
    showTooltip(i) {
      const m = this.movies[i];
      const [sx, sy] = this.toScreen(i);
      const title = document.createElement('strong');
      title.textContent = m.title;
      const parts = [];
      if (m.year && !m.title.includes(`(${m.year})`)) parts.push(String(m.year));
      if (m.genres.length) parts.push(m.genres.join(', '));
      const meta = document.createElement('span');
      meta.textContent = parts.join(' · ');
      this.tooltip.replaceChildren(title, meta);
      this.tooltip.hidden = false;
      const tw = this.tooltip.offsetWidth, th = this.tooltip.offsetHeight;
      const left = clamp(sx + 12, 4, Math.max(4, this.width - tw - 4));
      const top = sy - th - 12 >= 4 ? sy - th - 12 : Math.min(this.height - th - 4, sy + 14);
      this.tooltip.style.setProperty('--x', `${left}px`);
      this.tooltip.style.setProperty('--y', `${top}px`);
    }

    hideTooltip() {
      this.tooltip.hidden = true;
      if (this.hover !== -1) {
        this.hover = -1;
        this.requestDraw();
      }
    }

    setHover(i) {
      if (i === this.hover) return;
      this.hover = i;
      if (i >= 0) this.showTooltip(i);
      else this.tooltip.hidden = true;
      this.canvas.classList.toggle('over-dot', i >= 0);
      this.requestDraw();
    }

    // ---- input: pointer (mouse, pen, touch with pinch), wheel, keyboard
    local(event) {
      const box = this.canvas.getBoundingClientRect();
      return [event.clientX - box.left, event.clientY - box.top];
    }

    bindEvents() {
      const c = this.canvas;
      c.addEventListener('pointerdown', (event) => {
        if (event.pointerType === 'mouse' && event.button !== 0) return;
        c.setPointerCapture(event.pointerId);
        const [x, y] = this.local(event);
        this.pointers.set(event.pointerId, { x, y });
        if (this.pointers.size === 1) {
          this.press = { x, y, moved: false };
        } else if (this.pointers.size === 2) {
          this.press = null;
          this.pinch = this.pinchState();
        }
      });
      c.addEventListener('pointermove', (event) => {
        const [x, y] = this.local(event);
        const p = this.pointers.get(event.pointerId);
        if (!p) {
          if (event.pointerType === 'mouse') this.setHover(this.hitTest(x, y));
          return;
        }
        if (this.pointers.size >= 2 && this.pinch) {
          p.x = x; p.y = y;
          const now = this.pinchState();
          this.panBy(now.mx - this.pinch.mx, now.my - this.pinch.my);
          if (this.pinch.d > 0 && now.d > 0) this.zoomBy(now.d / this.pinch.d, now.mx, now.my);
          this.pinch = now;
          return;
        }
        const dx = x - p.x, dy = y - p.y;
        p.x = x; p.y = y;
        if (this.press && !this.press.moved && Math.hypot(x - this.press.x, y - this.press.y) < DRAG_PX) return;
        if (this.press) this.press.moved = true;
        this.hideTooltip();
        c.classList.add('dragging');
        this.panBy(dx, dy);
      });
      const release = (event) => {
        if (!this.pointers.has(event.pointerId)) return;
        this.pointers.delete(event.pointerId);
        c.classList.remove('dragging');
        if (this.pointers.size < 2) this.pinch = null;
        if (event.type === 'pointerup' && this.press && !this.press.moved && this.pointers.size === 0) {
          const [x, y] = this.local(event);
          const i = this.hitTest(x, y);
          if (i >= 0) this.onPick?.(this.movies[i]);
        }
        if (this.pointers.size === 0) this.press = null;
      };
      c.addEventListener('pointerup', release);
      c.addEventListener('pointercancel', release);
      c.addEventListener('pointerleave', (event) => {
        if (event.pointerType === 'mouse' && !this.pointers.size) this.hideTooltip();
      });
      c.addEventListener('wheel', (event) => {
        if (this.movies.length === 0) return;
        event.preventDefault();
        const [x, y] = this.local(event);
        const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
        this.zoomBy(Math.exp(-clamp(delta, -200, 200) * 0.002), x, y);
      }, { passive: false });
      c.addEventListener('keydown', (event) => {
        if (event.shiftKey && event.key.startsWith('Arrow')) {
          const [dx, dy] = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[event.key];
          event.preventDefault();
          this.stepCursor(dx, dy);
          return;
        }
        if (event.key === 'Enter' && this.cursor >= 0) {
          event.preventDefault();
          this.onPick?.(this.movies[this.cursor]);
          return;
        }
        if (event.key === 'Escape' && this.cursor >= 0) {
          this.cursor = -1;
          this.hideTooltip();
          return;
        }
        const step = Math.min(this.width, this.height) * 0.12;
        const actions = {
          ArrowLeft: () => this.panBy(step, 0),
          ArrowRight: () => this.panBy(-step, 0),
          ArrowUp: () => this.panBy(0, step),
          ArrowDown: () => this.panBy(0, -step),
          '+': () => this.zoomBy(1.4),
          '=': () => this.zoomBy(1.4),
          '-': () => this.zoomBy(1 / 1.4),
          '0': () => this.resetView(),
        };
        const action = actions[event.key];
        if (!action || event.ctrlKey || event.metaKey || event.altKey) return;
        event.preventDefault();
        this.hideTooltip();
        action();
      });
    }

    pinchState() {
      const [a, b] = [...this.pointers.values()];
      return { mx: (a.x + b.x) / 2, my: (a.y + b.y) / 2, d: Math.hypot(a.x - b.x, a.y - b.y) };
    }
  }

  self.MovieMap = MovieMap;
})();
