// The loss chart: the mean loss of each finished epoch as a line (points up to 60 epochs), the
// epoch in progress as a dashed step, on a log scale when the first epoch is far above the rest
// (NCE starts high). SVG, redrawn whole; the viewBox follows the drawn size, so text is never
// stretched.

import { svg } from './dom.mjs';

// Digits enough to tell neighbouring ticks apart.
function tickDecimals(step) {
  return Math.min(4, Math.max(1, Math.ceil(-Math.log10(step)) + 1));
}

export function createLossChart(chart) {
  let last = { message: 'The loss appears here while training.' };

  function empty(message) {
    const W = Math.max(240, Math.round(chart.clientWidth || 480)), H = 180, top = 10, plotH = H - 36;
    chart.setAttribute('viewBox', `0 0 ${W} ${H}`);
    chart.replaceChildren(
      svg('rect', { class: 'plot-bg', x: 0, y: top, width: W, height: plotH, rx: 6 }),
      svg('text', { class: 'chart-empty', x: W / 2, y: top + plotH / 2, 'text-anchor': 'middle', 'dominant-baseline': 'middle' }, message),
    );
    chart.setAttribute('aria-label', `Loss chart: ${message}`);
  }

  function draw(epochLosses, currentLoss, epochs) {
    last = { epochLosses, currentLoss, epochs };
    const values = [...epochLosses];
    const hasCurrent = currentLoss !== null && Number.isFinite(currentLoss);
    if (hasCurrent) values.push(currentLoss);
    if (values.length === 0) {
      empty('The loss appears here while training.');
      return;
    }
    const W = Math.max(240, Math.round(chart.clientWidth || 480)), H = 180;
    chart.setAttribute('viewBox', `0 0 ${W} ${H}`);
    const left = 46, right = 14, top = 10, bottom = 26;
    const plotW = W - left - right, plotH = H - top - bottom;
    const nodes = [svg('rect', { class: 'plot-bg', x: left, y: top, width: plotW, height: plotH, rx: 6 })];
    const min = Math.min(...values), max = Math.max(...values);
    const logScale = min > 0 && max / min > 4;
    const f = logScale ? Math.log : (v) => v;
    let lo = f(min), hi = f(max);
    if (hi - lo < 1e-3) { hi += 0.05; lo -= 0.05; }
    const pad = (hi - lo) * 0.1;
    lo = logScale ? lo - pad : Math.max(0, lo - pad);
    hi += pad;
    const n = Math.max(epochs, values.length, 2);
    const x = (i) => left + (plotW * i) / (n - 1);
    const y = (v) => top + plotH * (1 - (f(v) - lo) / (hi - lo));

    const decimals = tickDecimals((max - min) / 3);
    for (let t = 0; t <= 3; t++) {
      const v = logScale ? Math.exp(lo + ((hi - lo) * t) / 3) : lo + ((hi - lo) * t) / 3;
      const label = logScale ? String(Number(v.toPrecision(2))) : v.toFixed(decimals);
      nodes.push(svg('line', { class: 'grid', x1: left, x2: left + plotW, y1: y(v), y2: y(v) }));
      nodes.push(svg('text', { class: 'tick', x: left - 6, y: y(v), 'text-anchor': 'end', 'dominant-baseline': 'middle' }, label));
    }
    if (logScale) nodes.push(svg('text', { class: 'tick', x: left + plotW - 6, y: top + 12, 'text-anchor': 'end' }, 'log scale'));
    for (const i of new Set([0, Math.floor((n - 1) / 2), n - 1])) {
      const anchor = i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle';
      nodes.push(svg('text', { class: 'tick', x: x(i), y: H - 6, 'text-anchor': anchor }, i === 0 ? 'epoch 1' : String(i + 1)));
    }
    const points = epochLosses.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    if (points.length > 1) nodes.push(svg('polyline', { class: 'loss-line', points: points.join(' ') }));
    if (epochLosses.length <= 60) {
      epochLosses.forEach((v, i) => nodes.push(svg('circle', { class: 'loss-point', cx: x(i), cy: y(v), r: 3 })));
    }
    if (hasCurrent) {
      const i = epochLosses.length;
      if (i > 0) {
        nodes.push(svg('line', { class: 'loss-current-line', x1: x(i - 1), y1: y(epochLosses[i - 1]), x2: x(i), y2: y(currentLoss) }));
      }
      nodes.push(svg('circle', { class: 'loss-current', cx: x(i), cy: y(currentLoss), r: 3.5 }));
    }
    chart.replaceChildren(...nodes);
    const lastLoss = epochLosses.length ? epochLosses[epochLosses.length - 1].toFixed(3) : 'not yet known';
    chart.setAttribute('aria-label', `Loss chart${logScale ? ' (log scale)' : ''}: ${epochLosses.length} of ${epochs} epochs done, latest epoch loss ${lastLoss}`);
  }

  // No curve to show, and why.
  function clear(message) {
    last = { message };
    empty(message);
  }

  new ResizeObserver(() => (last.message ? empty(last.message) : draw(last.epochLosses, last.currentLoss, last.epochs))).observe(chart);
  return { draw, clear };
}
