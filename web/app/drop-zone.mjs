// Files dropped anywhere on the page: sorted into ratings, movies and links by name, or by
// their header when the name does not tell, ratings first.

import { KIND_ORDER } from './load-report.mjs';

function kindByName(name) {
  const lower = name.toLowerCase();
  if (lower.includes('rating') || lower === 'u.data') return 'ratings';
  if (lower === 'u.item') return 'movies';
  if (lower.includes('link')) return 'links';
  if (lower.includes('movie') || lower.includes('metadata')) return 'movies';
  return null;
}

async function kindOf(file) {
  const byName = kindByName(file.name);
  if (byName) return byName;
  const head = (await file.slice(0, 2048).text()).split(/\r?\n/, 1)[0].toLowerCase();
  if (head.includes('rating') && head.includes('userid')) return 'ratings';
  // No header, numbers only: user, item, rating (MovieLens 100K's u.data, 1M's ratings.dat).
  if (/^\s*\d+\s*(,|\t|;|::)\s*\d+\s*\1\s*[\d.]+/.test(head)) return 'ratings';
  if (head.includes('imdbid') && head.includes('tmdbid') && !head.includes('title')) return 'links';
  return 'movies';
}

// overlay: shown while files are dragged over the page. isBusy(): drops are refused then.
// onFiles([{kind, name, source: File}]).
export function enableDrop({ overlay, isBusy, onFiles }) {
  let depth = 0;
  const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  window.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth++;
    if (!isBusy()) overlay.hidden = false;
  });
  window.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = isBusy() ? 'none' : 'copy';
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) overlay.hidden = true;
  });
  window.addEventListener('drop', async (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth = 0;
    overlay.hidden = true;
    if (isBusy()) return;
    const items = [];
    for (const file of event.dataTransfer.files) items.push({ kind: await kindOf(file), name: file.name, source: file });
    items.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
    if (items.length > 0) onFiles(items);
  });
}
