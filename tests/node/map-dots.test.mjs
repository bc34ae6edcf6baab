// The map's hand-drawn dots (web/app/map/dots.mjs) against what a canvas arc would paint: the
// colour and opacity at the centre, nothing beyond the rim, an anti-aliased edge, source-over
// blending of overlapping dots, and dots off the canvas skipped without writing out of bounds.
import test from 'node:test';
import assert from 'node:assert/strict';
import { DotLayer } from '../../web/app/map/dots.mjs';

function fakeContext(width, height) {
  const ctx = {
    canvas: { width, height },
    createImageData: (w, h) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }),
    putImageData(image) { ctx.put = image; },
  };
  return ctx;
}
const pixel = (image, x, y) => Array.from(image.data.slice((y * image.width + x) * 4, (y * image.width + x) * 4 + 4));

// One dot per group at data (x, y) with a view mapping data [−1, 1] onto a 40 x 40 canvas.
function draw(ctx, dots, { r = 3, alpha = 0.8, dpr = 1 } = {}) {
  const xy = new Float32Array(dots.flatMap((d) => [d.x, d.y]));
  const groups = dots.map((d, i) => ({ colour: d.colour, indices: Int32Array.of(i) }));
  new DotLayer().draw(ctx, { xy, groups, s: 20, ox: 20, oy: 20, r, alpha, dpr });
  return ctx.put;
}

test('a dot has its colour and opacity inside, a soft rim and nothing outside', () => {
  const image = draw(fakeContext(40, 40), [{ x: 0, y: 0, colour: '#4e79a7' }]); // centre at CSS (20, 20)
  const [r, g, b, a] = pixel(image, 19, 19); // the pixel whose centre is (19.5, 19.5)
  assert.deepEqual([r, g, b], [0x4e, 0x79, 0xa7]);
  assert.ok(Math.abs(a - 0.8 * 255) <= 1, `alpha ${a}`);
  assert.equal(pixel(image, 19, 25)[3], 0, '5.5 px from the centre is outside a radius-3 dot');
  assert.equal(pixel(image, 26, 19)[3], 0);
  const rim = pixel(image, 22, 19)[3]; // 2.5 px out: half covered
  assert.ok(rim > 0.2 * 255 && rim < 0.8 * 255, `rim alpha ${rim}`);
  let painted = 0;
  for (let i = 3; i < image.data.length; i += 4) painted += image.data[i] / (0.8 * 255);
  assert.ok(Math.abs(painted - Math.PI * 9) < 2, `covered area ${painted.toFixed(2)} px², a disc of radius 3 is ${(Math.PI * 9).toFixed(2)}`);
});

test('overlapping dots blend source-over, later groups on top', () => {
  const image = draw(fakeContext(40, 40), [{ x: 0, y: 0, colour: '#ff0000' }, { x: 0, y: 0, colour: '#0000ff' }], { alpha: 0.5 });
  const [r, g, b, a] = pixel(image, 19, 19);
  // Blue at 0.5 over red at 0.5: alpha 0.75, colour (red 0.25, blue 0.5) / 0.75.
  assert.ok(Math.abs(a - 0.75 * 255) <= 1, `alpha ${a}`);
  assert.ok(Math.abs(r - 255 / 3) <= 1 && g === 0 && Math.abs(b - 2 * 255 / 3) <= 1, `${r} ${g} ${b}`);
});

test('device pixels: the same dot at twice the density covers four times the pixels', () => {
  const count = (image) => { let n = 0; for (let i = 3; i < image.data.length; i += 4) n += image.data[i] > 0; return n; };
  const one = count(draw(fakeContext(40, 40), [{ x: 0, y: 0, colour: '#00ff00' }]));
  const two = count(draw(fakeContext(80, 80), [{ x: 0, y: 0, colour: '#00ff00' }], { dpr: 2 }));
  assert.ok(two > 3 * one && two < 5 * one, `${one} → ${two}`);
});

test('dots on or beyond the edges are clipped, and the last frame is cleared', () => {
  const ctx = fakeContext(40, 40);
  const layer = new DotLayer();
  const dots = [[-1, -1], [1, 1], [-1, 1], [5, 5], [-7, 0], [0.99, -0.99]];
  const xy = new Float32Array(dots.flat());
  layer.draw(ctx, { xy, groups: [{ colour: '#123456', indices: Int32Array.from(dots.keys()) }], s: 20, ox: 20, oy: 20, r: 4, alpha: 1, dpr: 1 });
  assert.equal(ctx.put.data.length, 40 * 40 * 4);
  assert.equal(pixel(ctx.put, 0, 0)[3], 255, 'the corner dot is drawn where it is on the canvas');
  layer.draw(ctx, { xy, groups: [], s: 20, ox: 20, oy: 20, r: 4, alpha: 1, dpr: 1 });
  assert.ok(ctx.put.data.every((v) => v === 0), 'an empty frame is transparent');
});
