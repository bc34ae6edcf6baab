// Where the map's titles go: beside, above or below each labelled dot, always whole inside the
// map (a title wider than the map is shortened with an ellipsis) and never over its own dot; a
// label that would cover another label or labelled dot tries the next place, and a neighbour's
// label that fits nowhere is left out (its dot stays ringed, the tooltip names it).
// Pure: positions in CSS pixels, text widths from measure(text).

const GAP = 4;        // between a dot's edge and its label
const MARGIN = 2;     // between a label and the map's edge
const ELLIPSIS = '…';

// A title shortened to at most maxWidth pixels.
function fitText(text, maxWidth, measure) {
  if (measure(text) <= maxWidth) return text;
  const chars = [...text];
  let lo = 0, hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(chars.slice(0, mid).join('').trimEnd() + ELLIPSIS) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('').trimEnd() + ELLIPSIS;
}

const overlaps = (a, b) => a.l < b.r && a.r > b.l && a.t < b.b && a.b > b.t;
const dotBox = (d) => ({ l: d.x - d.r, r: d.x + d.r, t: d.y - d.r, b: d.y + d.r });

// dots: [{x, y, r, text, always}] in drawing order of importance (`always`: the chosen movie,
// placed even where it must cover another label). Returns [{dot, text, l, t, r, b}] (the text's
// box; draw it left-aligned at l, vertically centred in [t, b]).
export function placeLabels(dots, { width, height, measure, lineHeight = 16 }) {
  const placed = [];
  const shown = dots.filter((d) => d.x >= 0 && d.y >= 0 && d.x <= width && d.y <= height);
  const others = shown.map(dotBox);
  shown.forEach((dot, i) => {
    const text = fitText(dot.text, width - 2 * MARGIN, measure);
    const w = measure(text);
    const half = lineHeight / 2;
    const centred = Math.min(Math.max(dot.x - w / 2, MARGIN), width - MARGIN - w);
    const candidates = [
      { l: dot.x + dot.r + GAP, t: dot.y - half },              // right
      { l: dot.x - dot.r - GAP - w, t: dot.y - half },          // left
      { l: centred, t: dot.y - dot.r - GAP - lineHeight },      // above
      { l: centred, t: dot.y + dot.r + GAP },                   // below
    ].map((c) => ({ ...c, r: c.l + w, b: c.t + lineHeight }))
      .filter((c) => c.l >= MARGIN - 1e-9 && c.r <= width - MARGIN + 1e-9 && c.t >= 0 && c.b <= height);
    const free = candidates.find((c) => !placed.some((p) => overlaps(c, p)) &&
      !others.some((o, j) => j !== i && overlaps(c, o)));
    const box = free ?? (dot.always ? candidates[0] : undefined);
    if (box) placed.push({ dot, text, ...box });
  });
  return placed;
}
