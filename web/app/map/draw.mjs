// Drawing the map in one pass: every dot (dots.mjs, dimmed while a movie is chosen),
// then the rings of the chosen movie, its neighbours and the dot under the pointer or the
// keyboard, then the titles placed by labels.mjs. Titles reach the canvas as canvas text only.

import { placeLabels } from './labels.mjs';

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

// The colours and font of the page's theme, read from its CSS custom properties.
export function readTheme(canvas) {
  const style = getComputedStyle(canvas);
  const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read('--text', '#1b1f2a'),
    halo: read('--surface', '#ffffff'),
    accent: read('--accent', '#4f46e5'),
    font: getComputedStyle(document.body).fontFamily,
  };
}

// scene: {view, xy, movies, groups, colourOf, selected, neighbours (Set), hover, theme, dpr,
// dots (a DotLayer, which keeps its pixel buffer from frame to frame), share (of the dots drawn,
// most rated first; 1 for all)}.
// Returns the labels drawn ([{dot, text, l, t, r, b}] in CSS pixels).
export function drawMap(ctx, scene) {
  const { view, xy, movies, groups, colourOf, selected, neighbours, hover, theme, dpr, dots: dotLayer, share } = scene;
  const w = view.width, h = view.height;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const n = movies.length;
  if (n === 0) return [];
  const s = view.scale();
  const ox = w / 2 - view.cx * s, oy = h / 2 + view.cy * s;
  // Smaller dots when there are many, larger once zoomed in.
  const r = clamp((n > 4000 ? 1.7 : n > 1000 ? 2.3 : 3.2) * Math.sqrt(Math.max(1, view.zoom) ** 0.5), 1.5, 6);
  const focused = selected >= 0;
  dotLayer.draw(ctx, { xy, groups, s, ox, oy, r, alpha: focused ? 0.28 : 0.8, dpr, share });
  // [index, ring radius, kind]: kind 'selected' | 'neighbour' | 'hover'
  const ringed = [];
  if (focused) {
    for (const i of neighbours) ringed.push([i, r + 1.5, 'neighbour']);
    ringed.push([selected, r + 3.5, 'selected']);
  }
  if (hover >= 0) ringed.push([hover, r + 2.5, 'hover']);
  for (const [i, radius, kind] of ringed) {
    const [sx, sy] = view.toScreen(xy[2 * i], xy[2 * i + 1]);
    ctx.beginPath();
    ctx.arc(sx, sy, radius, 0, 2 * Math.PI);
    ctx.fillStyle = groups[colourOf[i]].colour;
    ctx.fill();
    ctx.lineWidth = kind === 'selected' ? 3 : 2;
    ctx.strokeStyle = kind === 'neighbour' ? theme.text : theme.accent;
    ctx.stroke();
  }
  if (!focused) return [];
  ctx.font = `600 12px ${theme.font}`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.lineJoin = 'round';
  // The chosen movie first, then its neighbours, nearest first.
  const dots = ringed.filter(([, , kind]) => kind !== 'hover').reverse().map(([i, radius, kind]) => {
    const [x, y] = view.toScreen(xy[2 * i], xy[2 * i + 1]);
    return { index: i, x, y, r: radius + 1, text: movies[i].title, always: kind === 'selected' };
  });
  const labels = placeLabels(dots, { width: w, height: h, measure: (text) => ctx.measureText(text).width });
  for (const label of labels) {
    const y = (label.t + label.b) / 2;
    ctx.lineWidth = 3.5;
    ctx.strokeStyle = theme.halo;
    ctx.strokeText(label.text, label.l, y);
    ctx.fillStyle = label.dot.always ? theme.accent : theme.text;
    ctx.fillText(label.text, label.l, y);
  }
  return labels;
}
