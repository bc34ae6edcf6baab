// The map's view transform: which part of the data the canvas shows. Data coordinates have y
// growing upwards, screen (CSS pixel) coordinates y growing downwards; zoom 1 fits [-1, 1] in
// 90% of the canvas's shorter side.

const MIN_ZOOM = 0.5;
const MAX_ZOOM = 400;

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

export class MapView {
  width = 1;
  height = 1;
  zoom = 1;
  cx = 0;
  cy = 0;
  home = { zoom: 1, cx: 0, cy: 0 };

  scale() { return (Math.min(this.width, this.height) / 2) * 0.9 * this.zoom; }

  toScreen(x, y) {
    const s = this.scale();
    return [this.width / 2 + (x - this.cx) * s, this.height / 2 - (y - this.cy) * s];
  }

  toData(px, py) {
    const s = this.scale();
    return [this.cx + (px - this.width / 2) / s, this.cy - (py - this.height / 2) / s];
  }

  resize(width, height) {
    this.width = Math.max(1, width);
    this.height = Math.max(1, height);
  }

  // The home view frames the middle 99% of the dots on each axis: PCA leaves a few far outliers
  // that would otherwise squeeze everyone else into the centre.
  fitHome(xy) {
    const n = xy.length / 2;
    this.home = { zoom: 1, cx: 0, cy: 0 };
    if (n < 20) return;
    const xs = new Float32Array(n), ys = new Float32Array(n);
    for (let i = 0; i < n; i++) { xs[i] = xy[2 * i]; ys[i] = xy[2 * i + 1]; }
    xs.sort(); ys.sort();
    const at = (a, q) => a[Math.min(n - 1, Math.max(0, Math.round(q * (n - 1))))];
    const x0 = at(xs, 0.005), x1 = at(xs, 0.995), y0 = at(ys, 0.005), y1 = at(ys, 0.995);
    const half = (Math.max(x1 - x0, y1 - y0, 1e-6) / 2) * 1.08;
    this.home = { zoom: clamp(1 / half, MIN_ZOOM, MAX_ZOOM), cx: (x0 + x1) / 2, cy: (y0 + y1) / 2 };
  }

  reset() {
    ({ zoom: this.zoom, cx: this.cx, cy: this.cy } = this.home);
  }

  // Zooms by factor around a point in CSS pixels (the centre when omitted), which stays put.
  zoomBy(factor, px = this.width / 2, py = this.height / 2) {
    const [dx, dy] = this.toData(px, py);
    this.zoom = clamp(this.zoom * factor, MIN_ZOOM, MAX_ZOOM);
    const s = this.scale();
    this.cx = dx - (px - this.width / 2) / s;
    this.cy = dy + (py - this.height / 2) / s;
  }

  panBy(px, py) {
    const s = this.scale();
    this.cx -= px / s;
    this.cy += py / s;
  }

  centreOn(x, y) {
    this.cx = x;
    this.cy = y;
  }
}
