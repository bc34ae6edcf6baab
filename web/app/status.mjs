// The status line (data-state: idle | loading | training | done | error) and the error box.
// Messages come from the module or the page and are shown as text.

import { $ } from './dom.mjs';

const status = $('[data-testid="status"]');
const statusText = $('.status-text');
const errorBox = $('[data-testid="error"]');

export function setStatus(state, text) {
  status.dataset.state = state;
  if (text !== undefined) statusText.textContent = text;
  if (state !== 'error') {
    errorBox.hidden = true;
    errorBox.textContent = '';
  }
}

// Only the text, keeping the state (progress while loading).
export function setStatusText(text) {
  statusText.textContent = text;
}

export const statusState = () => status.dataset.state;

export function showError(message, summary = 'Something went wrong; what was loaded before is kept.') {
  setStatus('error', summary);
  errorBox.textContent = message;
  errorBox.hidden = false;
  const box = errorBox.getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) {
    const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    status.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
  }
}
