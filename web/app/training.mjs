// Panel 2, "Train": starts training with the form's options, shows progress (epoch, speed, time
// left) and the loss chart as it goes, and cancels. The model it makes replaces the one in use
// when it is done; until then that one still answers searches.

import { $ } from './dom.mjs';
import { duration, number, timeLeft } from './format.mjs';
import { setStatus, setStatusText, showError } from './status.mjs';
import * as store from './store.mjs';

const PROGRESS_MS = 250;

// The progress line: "Epoch 3/50 · 1,234,567 tokens/s · about 12 s left · loss 2.345".
export function progressLine(p) {
  const fraction = p.tokensTotal > 0 ? Math.min(1, p.tokensDone / p.tokensTotal) : 0;
  const left = fraction > 0 ? (p.seconds * (1 - fraction)) / fraction : NaN;
  const parts = [
    `Epoch ${Math.min(p.epoch, p.epochs)}/${p.epochs}`,
    `${number(Math.round(p.tokensPerSecond))} tokens/s`,
    p.done ? `took ${duration(p.seconds)}` : timeLeft(left),
  ];
  if (Number.isFinite(p.loss) && !p.done) parts.push(`loss ${p.loss.toFixed(3)}`);
  return parts.join(' · ');
}

// form: training-form.mjs's; chart: loss-chart.mjs's.
export function createTraining({ api, form, chart }) {
  const trainButton = $('#train');
  const cancelButton = $('#cancel');
  const bar = $('#train-progress');
  const text = $('[data-testid="progress"]');
  const threadNote = $('#thread-note');
  let controller = null;

  // How many threads training uses, or why only one.
  let threadsError = null;
  const threadText = (threads, isolated) => {
    if (threadsError) return `1 thread: the threaded module could not start (${threadsError}).`;
    return threads > 1 || isolated
      ? `Training uses ${number(threads)} ${threads === 1 ? 'thread' : 'threads'}.`
      : '1 thread: this page is not cross-origin isolated.';
  };
  let isolated = false;
  api.threadInfo().then((info) => {
    isolated = info.crossOriginIsolated;
    threadsError = info.threadsError ?? null;
    if (!threadNote.textContent) threadNote.textContent = threadText(info.maxThreads, isolated);
  }, () => {});

  function drawProgress(p) {
    bar.value = p.tokensTotal > 0 ? Math.min(1, p.tokensDone / p.tokensTotal) : 0;
    text.textContent = progressLine(p);
    chart.draw(p.epochLosses, p.done ? null : p.loss, p.epochs);
  }

  // Progress comes about every 100 ms. Drawing it takes the page's main thread, which shares
  // the cores with the training threads, so it is drawn at most every PROGRESS_MS: the latest
  // one, when that time has passed. stopProgress() drops one still waiting, and any that comes
  // after the run has ended (a report already on its way when Cancel was pressed).
  let waiting = null;
  let timer = 0;
  let drawnAt = -Infinity;
  let running = false;
  function showProgress(p) {
    if (!running) return;
    waiting = p;
    if (timer) return;
    timer = setTimeout(() => {
      timer = 0;
      drawnAt = performance.now();
      drawProgress(waiting);
    }, Math.max(0, drawnAt + PROGRESS_MS - performance.now()));
  }
  function stopProgress() {
    running = false;
    clearTimeout(timer);
    timer = 0;
    drawnAt = -Infinity;
  }

  async function train(event) {
    event?.preventDefault();
    const { busy, hasRatings } = store.current();
    if (busy || !hasRatings) return;
    await form.ready;
    const { options, problems } = form.read();
    if (problems.length > 0) {
      const details = problems[0].input.closest('details');
      if (details) details.open = true;
      problems[0].input.focus();
      showError(problems.map((p) => p.message).join(' '), 'Check the training settings.');
      return;
    }
    controller = new AbortController();
    // The model in use stays searchable until the new one is done (or the run is cancelled).
    store.update({ busy: 'training' });
    bar.value = 0;
    text.textContent = 'Preparing…';
    running = true;
    chart.draw([], null, options.epochs);
    setStatus('training', 'Preparing the training data…');
    let prepared = null;
    try {
      const result = await api.train(options, {
        signal: controller.signal,
        onPrepared: (info) => {
          prepared = info;
          threadNote.textContent = threadText(info.threads, isolated);
          setStatusText(`Training on ${number(info.vocabulary)} movies from ${number(info.sequences)} users…`);
        },
        onProgress: showProgress,
      });
      stopProgress();
      drawProgress(result.progress);
      store.update({ busy: null });
      store.setModel({ origin: 'trained', name: '', movies: result.prepared.vocabulary, dim: options.dim });
      const losses = result.progress.epochLosses;
      const last = losses.length ? ` Final loss ${losses[losses.length - 1].toFixed(3)}.` : '';
      setStatus('done', `Trained ${number((prepared ?? result.prepared).vocabulary)} movies in ${duration(result.progress.seconds)}.${last} Search for a movie below.`);
    } catch (error) {
      stopProgress();
      store.update({ busy: null });
      if (error.name === 'AbortError') {
        text.textContent = 'Training cancelled.';
        bar.value = 0;
        setStatus('idle', 'Training cancelled. Change the settings or press Train to start again.');
      } else if (error.fatal) {
        text.textContent = 'Training stopped: the background worker stopped.'; // recovery.mjs says what happened
        bar.value = 0;
      } else {
        text.textContent = 'Training stopped.';
        showError(error.message, 'Training could not run; the data loaded before is kept.');
      }
    } finally {
      controller = null;
    }
  }

  form.element.addEventListener('submit', train);
  cancelButton.addEventListener('click', () => {
    if (!controller) return;
    setStatusText('Cancelling…');
    controller.abort();
  });

  store.subscribe((state, before) => {
    trainButton.disabled = state.busy !== null || !state.hasRatings;
    cancelButton.disabled = state.busy !== 'training';
    form.setDisabled(state.busy === 'training');
    // A model opened from a file has no training behind it: no progress, no curve.
    if (store.modelChange(state, before) === 'new' && state.model.origin === 'file') {
      bar.value = 0;
      text.textContent = `Model opened from ${state.model.name}: nothing to train.`;
      chart.clear('A model opened from a file has no loss curve.');
    }
  });
}
