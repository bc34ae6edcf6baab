// Which dot is where: a uniform grid over the dots' bounding box, with a linked list of dots per
// cell, so the dot under the pointer is found without looking at every dot. Positions are data
// coordinates (x right, y up), as xy = [x0, y0, x1, y1, ...].

const GRID = 64; // cells per side

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

export class SpatialIndex {
  constructor(xy) {
    this.xy = xy;
    const n = xy.length / 2;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = xy[2 * i], y = xy[2 * i + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    if (!(maxX > minX)) { minX = -1; maxX = 1; }
    if (!(maxY > minY)) { minY = -1; maxY = 1; }
    this.minX = minX;
    this.minY = minY;
    this.cellW = (maxX - minX) / GRID || 1;
    this.cellH = (maxY - minY) / GRID || 1;
    this.heads = new Int32Array(GRID * GRID).fill(-1);
    this.next = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = this.#cellY(xy[2 * i + 1]) * GRID + this.#cellX(xy[2 * i]);
      this.next[i] = this.heads[c];
      this.heads[c] = i;
    }
  }

  #cellX(x) { return clamp(Math.floor((x - this.minX) / this.cellW), 0, GRID - 1); }
  #cellY(y) { return clamp(Math.floor((y - this.minY) / this.cellH), 0, GRID - 1); }

  // The dot nearest to (x, y) within radius r (data units), or -1.
  nearest(x, y, r) {
    const { xy } = this;
    let best = -1;
    let bestD = r * r;
    for (let cy = this.#cellY(y - r), y1 = this.#cellY(y + r); cy <= y1; cy++) {
      for (let cx = this.#cellX(x - r), x1 = this.#cellX(x + r); cx <= x1; cx++) {
        for (let i = this.heads[cy * GRID + cx]; i !== -1; i = this.next[i]) {
          const dx = xy[2 * i] - x, dy = xy[2 * i + 1] - y;
          const d = dx * dx + dy * dy;
          if (d <= bestD) { bestD = d; best = i; }
        }
      }
    }
    return best;
  }
}

// The dot nearest to (x, y), whatever the distance, or -1 when there is none.
export function nearestTo(xy, x, y) {
  let best = -1, bestD = Infinity;
  for (let i = 0; i < xy.length / 2; i++) {
    const d = (xy[2 * i] - x) ** 2 + (xy[2 * i + 1] - y) ** 2;
    if (d < bestD) { bestD = d; best = i; }
  }
  return best;
}

// The dot nearest to dot `from` within 45 degrees of the screen direction (dx, dy) (y down), or -1:
// what Shift with an arrow key steps to.
export function nextInDirection(xy, from, dx, dy) {
  const x0 = xy[2 * from], y0 = xy[2 * from + 1];
  let next = -1, best = Infinity;
  for (let i = 0; i < xy.length / 2; i++) {
    if (i === from) continue;
    const vx = xy[2 * i] - x0, vy = y0 - xy[2 * i + 1]; // data y grows upwards, screen y downwards
    const along = vx * dx + vy * dy, across = Math.abs(vx * dy - vy * dx);
    if (along <= 0 || across > along) continue;
    const cost = along + 2 * across;
    if (cost < best) { best = cost; next = i; }
  }
  return next;
}
