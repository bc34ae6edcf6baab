// The map's colours: each movie takes the colour of its first genre among the ten most common
// (the rest are "Other"), and the legend lists them with their counts.

// Tableau 10: distinct on light and dark backgrounds and for most colour-vision deficiencies.
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7',
  '#9c755f', '#2ab0d8'];
const OTHER_COLOUR = '#8d93a3';
const OTHER_LABEL = 'Other';

// movies: [{genres}]. Returns {groups: [{label, colour, indices: Int32Array}], colourOf: Uint8Array}
// (colourOf[i]: movie i's group).
export function genreGroups(movies) {
  const counts = new Map();
  const first = movies.map((m) => {
    const genre = m.genres.find((g) => g && !/^\(no genres/i.test(g)) ?? null;
    if (genre) counts.set(genre, (counts.get(genre) ?? 0) + 1);
    return genre;
  });
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, PALETTE.length).map(([genre]) => genre);
  const groupIndex = new Map(top.map((g, i) => [g, i]));
  const other = top.length;
  const colourOf = new Uint8Array(movies.length);
  const members = Array.from({ length: top.length + 1 }, () => []);
  first.forEach((genre, i) => {
    const g = genre !== null && groupIndex.has(genre) ? groupIndex.get(genre) : other;
    colourOf[i] = g;
    members[g].push(i);
  });
  const groups = members.map((indices, g) => ({
    label: g === other ? OTHER_LABEL : top[g],
    colour: g === other ? OTHER_COLOUR : PALETTE[g],
    indices: Int32Array.from(indices),
  }));
  return { groups, colourOf };
}

export function renderLegend(list, groups) {
  list.replaceChildren(...groups.filter((g) => g.indices.length > 0).map((g) => {
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
  }));
}
