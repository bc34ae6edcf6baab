// The map's dots, written pixel by pixel into an ImageData and put on the canvas in one call.
// A canvas path of arcs costs about a microsecond per dot to build and fill, which at the
// 60–90 thousand movies of a full MovieLens catalogue is most of a second per frame; stamping
// each dot's few pixels by hand costs a fraction of that (docs/performance.md, "Map frames").
// Each dot is a disc of radius r device pixels with an anti-aliased edge (coverage falls from 1
// to 0 over the pixel at the rim), blended over what is already drawn with source-over.

const hexRgb = (hex) => {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
};

// Coverage masks of a disc of radius R device pixels whose centre sits at one of SUB x SUB
// positions within a pixel: masks[v * SUB + u].cover is a Float32Array of (2K + 1)^2 coverages
// (row by row, K = ceil(R + 0.5)), 1 inside, 0 outside, the pixel at the rim in between.
const SUB = 4;
function discMasks(R) {
  const K = Math.ceil(R + 0.5), side = 2 * K + 1, masks = [];
  for (let v = 0; v < SUB; v++) {
    for (let u = 0; u < SUB; u++) {
      const cx = K + u / SUB, cy = K + v / SUB, mask = new Float32Array(side * side);
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          const c = R + 0.5 - Math.hypot(x - cx, y - cy);
          mask[y * side + x] = c <= 0 ? 0 : c >= 1 ? 1 : c;
        }
      }
      // Each row's covered cells, [from, to): the loop below never visits an empty cell.
      const from = new Int32Array(side), to = new Int32Array(side);
      for (let y = 0; y < side; y++) {
        let a = 0, b = side;
        while (a < side && mask[y * side + a] === 0) a++;
        while (b > a && mask[y * side + b - 1] === 0) b--;
        from[y] = a;
        to[y] = b;
      }
      masks.push({ cover: mask, from, to });
    }
  }
  return { K, side, masks };
}

export class DotLayer {
  #image = null;
  #premultiplied = null; // r, g, b, a per pixel in [0, 1], colours premultiplied by alpha
  #masks = null;

  // ctx: the map's 2-D context (its canvas in device pixels). xy: data coordinates; groups:
  // [{colour: '#rrggbb', indices}] drawn in order; data (x, y) is at CSS pixel (ox + x * s,
  // oy - y * s); r: the radius in CSS pixels; alpha: each dot's opacity; dpr: device pixels per
  // CSS pixel; share: the part of each group drawn, its first indices (the most-rated movies:
  // model rows come most rated first). Replaces every pixel of the canvas (the background is
  // transparent).
  draw(ctx, { xy, groups, s, ox, oy, r, alpha, dpr, share = 1 }) {
    const width = ctx.canvas.width, height = ctx.canvas.height;
    if (!this.#image || this.#image.width !== width || this.#image.height !== height) {
      this.#image = ctx.createImageData(width, height);
      this.#premultiplied = new Float32Array(width * height * 4);
    }
    const R = Math.round(r * dpr * SUB) / SUB;
    if (this.#masks?.R !== R) this.#masks = { R, ...discMasks(R) };
    const { K, side, masks } = this.#masks;
    const buffer = this.#premultiplied;
    buffer.fill(0);
    const scale = s * dpr, x0 = ox * dpr - 0.5, y0 = oy * dpr - 0.5; // pixel centres at whole numbers
    for (const group of groups) {
      const [cr, cg, cb] = hexRgb(group.colour).map((c) => (c / 255) * alpha);
      const indices = share < 1 ? group.indices.subarray(0, Math.ceil(group.indices.length * share)) : group.indices;
      for (const i of indices) {
        const px = x0 + xy[2 * i] * scale, py = y0 - xy[2 * i + 1] * scale;
        if (!(px > -K && py > -K && px < width + K && py < height + K)) continue;
        const fx = Math.floor(px), fy = Math.floor(py);
        const { cover, from, to } = masks[((((py - fy) * SUB) | 0) * SUB) + (((px - fx) * SUB) | 0)];
        // Mask cell (x, y) covers pixel (fx - K + x, fy - K + y).
        const xa = Math.max(0, K - fx), xb = Math.min(side, width - fx + K);
        const ya = Math.max(0, K - fy), yb = Math.min(side, height - fy + K);
        for (let y = ya; y < yb; y++) {
          const a = Math.max(xa, from[y]), b = Math.min(xb, to[y]);
          let at = ((fy - K + y) * width + (fx - K + a)) * 4;
          for (let m = y * side + a, end = y * side + b; m < end; m++, at += 4) {
            const c = cover[m];
            const keep = 1 - c * alpha;
            buffer[at] = cr * c + buffer[at] * keep;
            buffer[at + 1] = cg * c + buffer[at + 1] * keep;
            buffer[at + 2] = cb * c + buffer[at + 2] * keep;
            buffer[at + 3] = c * alpha + buffer[at + 3] * keep;
          }
        }
      }
    }
    const data = this.#image.data;
    for (let at = 0; at < buffer.length; at += 4) {
      const a = buffer[at + 3];
      if (a === 0) {
        data[at] = data[at + 1] = data[at + 2] = data[at + 3] = 0;
        continue;
      }
      const k = 255 / a;
      data[at] = buffer[at] * k;
      data[at + 1] = buffer[at + 1] * k;
      data[at + 2] = buffer[at + 2] * k;
      data[at + 3] = a * 255;
    }
    ctx.putImageData(this.#image, 0, 0);
  }
}
