// "Your movies" of the What to watch next panel, kept in this browser (localStorage) across
// reloads and never sent anywhere. Stored as a JSON array of {movieId, title}, oldest first, so
// <movie-recommend history-key="…"> can read the same key.

export const HISTORY_KEY = 'movie2vec.history';

// The stored list; [] when there is none, it is unreadable, or storage is unavailable
// (private windows, some file:// pages).
export function loadHistory() {
  let text = null;
  try {
    text = localStorage.getItem(HISTORY_KEY);
  } catch {
    return [];
  }
  if (!text) return [];
  try {
    const parsed = JSON.parse(text);
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter((m) => m && Number.isInteger(m.movieId))
      .map((m) => ({ movieId: m.movieId, title: typeof m.title === 'string' ? m.title : `Movie ${m.movieId}` }));
  } catch {
    return [];
  }
}

// Keeps movies ([{movieId, title}]); says whether it could.
export function saveHistory(movies) {
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(movies.map((m) => ({ movieId: m.movieId, title: m.title }))));
    return true;
  } catch {
    return false;
  }
}

// Pasted text as entries, one per line, or separated by commas when it is a single line of ids:
// [{id}] for a number, [{title}] for anything else.
export function parsePasted(text) {
  const lines = String(text).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const entries = [];
  for (const line of lines) {
    if (/^\s*-?\d+(\s*,\s*-?\d+)*\s*,?\s*$/.test(line)) {
      for (const id of line.split(',').map((x) => x.trim()).filter(Boolean)) entries.push({ id: Number(id) });
    } else {
      entries.push({ title: line });
    }
  }
  return entries;
}
