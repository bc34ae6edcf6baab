// The map's tooltip: a movie's title, year, genres and rating count beside its dot, as text.

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

// (sx, sy): the dot in CSS pixels of a map width x height.
export function showTooltip(tooltip, movie, sx, sy, width, height) {
  const title = document.createElement('strong');
  title.textContent = movie.title;
  const parts = [];
  if (movie.year && !movie.title.includes(`(${movie.year})`)) parts.push(String(movie.year));
  if (movie.genres.length) parts.push(movie.genres.join(', '));
  if (movie.ratings > 0) parts.push(`${movie.ratings.toLocaleString('en-US')} rating${movie.ratings === 1 ? '' : 's'}`);
  const meta = document.createElement('span');
  meta.textContent = parts.join(' · ');
  tooltip.replaceChildren(title, meta);
  tooltip.hidden = false;
  const tw = tooltip.offsetWidth, th = tooltip.offsetHeight;
  const left = clamp(sx + 12, 4, Math.max(4, width - tw - 4));
  const top = sy - th - 12 >= 4 ? sy - th - 12 : Math.min(height - th - 4, sy + 14);
  tooltip.style.setProperty('--x', `${left}px`);
  tooltip.style.setProperty('--y', `${top}px`);
}

export function hideTooltip(tooltip) {
  tooltip.hidden = true;
}
