// The minimum of ratings a result must have (beside the similar movies): its default, range and
// hint come from the module (Movie2Vec.neighbourOptions()); a change lists every result again.

import { $ } from './dom.mjs';
import { number } from './format.mjs';
import * as store from './store.mjs';

// specs: a Promise of the module's neighbour options.
export function createMinRatings(specsPromise) {
  const input = $('#min-ratings');
  const hint = $('#min-ratings-hint');
  const error = $('#min-ratings-error');
  let spec = null;

  specsPromise.then((specs) => {
    spec = specs.find((s) => s.name === 'minRatings');
    if (!spec) return;
    input.min = String(spec.min);
    input.max = String(spec.max);
    input.step = '1';
    hint.textContent = spec.help;
    input.value = String(spec.default);
    store.update({ minRatings: spec.default });
  });

  input.addEventListener('change', () => {
    if (!spec) return;
    const value = Number(input.value.trim());
    const ok = input.value.trim() !== '' && Number.isInteger(value) && value >= spec.min && value <= spec.max;
    input.setAttribute('aria-invalid', String(!ok));
    error.textContent = ok ? '' : `The minimum must be a whole number from ${number(spec.min)} to ${number(spec.max)}.`;
    if (ok && value !== store.current().minRatings) store.update({ minRatings: value });
  });
}
