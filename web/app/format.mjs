// How the page writes numbers, sizes and durations: one format for all of them. Counts have
// thousands separators ("9,724"); sizes are decimal units (1 MB = 1,000,000 bytes), as the
// command line prints them.

export const number = (n) => Number(n).toLocaleString('en-US');

export const percent = (part, whole) => (whole > 0 ? `${Math.round((100 * part) / whole)}%` : '–');

export function bytes(n) {
  if (n < 1000) return `${number(n)} B`;
  if (n < 1e6) return `${Math.round(n / 1e3)} kB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(2)} GB`;
}

// A duration for "took …": "0.4 s", "12 s", "3 min 5 s", "1 h 2 min".
export function duration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

// What is left, as a phrase: "less than a second left", "about 12 s left".
export function timeLeft(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return 'time left not known yet';
  if (seconds < 1) return 'less than a second left';
  if (seconds < 60) return `about ${Math.round(seconds)} s left`;
  return `about ${duration(seconds)} left`;
}
