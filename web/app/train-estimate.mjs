// The line under the training settings that says, before Train is pressed, what training will
// take with these settings on the ratings loaded: tokens per epoch, the epochs the settings imply,
// the expected time (from a short run of a scratch model on this machine, through the API's
// estimateTraining()) and the memory it needs. When epochs were typed above what the size rule
// (left empty: about 5 million tokens in all) gives, one click applies the size-aware settings.

import { $ } from './dom.mjs';
import { bytes, duration, number } from './format.mjs';
import * as store from './store.mjs';

// Settings change while someone types: wait for a pause before measuring again.
const PAUSE_MS = 300;

export function createTrainEstimate({ api, form }) {
  const box = $('[data-testid="train-estimate"]');
  const text = $('.estimate-text');
  const apply = $('[data-testid="apply-size-aware"]');
  let serial = 0;
  let timer = null;
  let shown = 0; // estimates (or reasons for none) shown so far, as data-shown: tests wait on it
  let warm = false; // the worker has run training code since its ratings were loaded

  function show(message, state) {
    box.hidden = false;
    box.dataset.state = state;
    text.textContent = message;
    if (state !== 'measuring') box.dataset.shown = String(++shown);
  }

  async function measure() {
    const mine = ++serial;
    const { busy, hasRatings } = store.current();
    if (!hasRatings) {
      box.hidden = true;
      return;
    }
    if (busy) return; // measured again once loading or training is over
    await form.ready;
    const { options, problems } = form.read({ mark: false });
    if (problems.length > 0) {
      apply.hidden = true;
      show(`No estimate: ${problems[0].message}`, 'invalid');
      return;
    }
    show('Estimating: measuring this machine\u2019s speed with these settings…', 'measuring');
    try {
      // A worker's first training code runs before the browser has optimised it, several times
      // slower than training will: the first measurement only warms it up.
      if (!warm) await api.estimateTraining(options);
      warm = true;
      if (mine !== serial) return;
      const e = await api.estimateTraining(options);
      if (mine !== serial) return;
      const auto = e.autoEpochs ? ' (auto)' : '';
      show(`${number(e.tokensPerEpoch)} tokens per epoch \u00d7 ${number(e.epochs)} ${e.epochs === 1 ? 'epoch' : 'epochs'}${auto}: ` +
        `about ${duration(e.seconds)} at ${number(Math.round(e.tokensPerSecond))} tokens/s measured here; ` +
        `needs about ${bytes(e.memoryBytes)} of memory besides the ratings.`, 'ready');
      Object.assign(box.dataset, { tokensPerEpoch: e.tokensPerEpoch, epochs: e.epochs, seconds: e.seconds.toFixed(1) });
      const sizeAware = e.autoEpochs ? e.epochs : await api.autoEpochs(e.tokensPerEpoch);
      if (mine !== serial) return;
      apply.hidden = e.autoEpochs || sizeAware >= e.epochs;
      apply.textContent = `Use the settings for this file's size (${number(sizeAware)} epochs)`;
    } catch (error) {
      if (mine !== serial) return;
      apply.hidden = true;
      show(`No estimate: ${error.message}`, 'invalid');
    }
  }

  function later() {
    clearTimeout(timer);
    ++serial; // an answer still on its way is for the old settings
    timer = setTimeout(measure, PAUSE_MS);
  }

  form.onChange(later);
  apply.addEventListener('click', () => form.set({ epochs: null }));
  store.subscribe((state, before) => {
    if (!state.hasRatings) {
      box.hidden = true;
      warm = false; // a new worker after a failure starts cold
    } else if (state.busy === 'training') {
      // Settings typed just before Train may not have been measured: no estimate beside the run.
      ++serial;
      box.hidden = true;
    } else if (before.busy && !state.busy) {
      later(); // new ratings, or a training over
    }
    apply.disabled = state.busy !== null;
  });

  return { update: later };
}
