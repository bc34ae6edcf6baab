// The training settings form. Every field's default, limits and hint come from the module
// (Movie2Vec.trainOptions(), the trainer's own table); the form checks a value against the
// same limits before training starts, and says what is allowed.

import { $ } from './dom.mjs';
import { number } from './format.mjs';

function rangeText(spec) {
  const [min, max] = [number(spec.min), number(spec.max)];
  if (spec.minExclusive && spec.maxExclusive) return `above ${min} and below ${max}`;
  if (spec.minExclusive) return `above ${min} and at most ${max}`;
  if (spec.maxExclusive) return `at least ${min} and below ${max}`;
  return `from ${min} to ${max}`;
}

function problemText(spec, label) {
  const kind = spec.kind === 'integer' ? 'a whole number' : 'a number';
  return `${label} must be ${kind} ${rangeText(spec)}${spec.optional ? ', or left empty' : ''}.`;
}

function isValid(spec, value) {
  if (!Number.isFinite(value)) return false;
  if (spec.kind === 'integer' && !Number.isInteger(value)) return false;
  if (spec.minExclusive ? value <= spec.min : value < spec.min) return false;
  return spec.maxExclusive ? value < spec.max : value <= spec.max;
}

// specs: a Promise of the module's train options; autoEpochs(ratings): the epochs the trainer
// takes for that many ratings when the field is left empty. Returns {ready, read(), set(),
// onChange(), setDisabled(), showAutoEpochs(ratings)}.
export function createTrainingForm(specsPromise, { autoEpochs = null } = {}) {
  const form = $('#train-form');
  let specs = [];
  let touched = false; // once the user edits the form, defaults no longer replace what they typed

  const field = (name) => form.elements[name];
  const labelOf = (name) => form.querySelector(`label[for="p-${name}"]`)?.textContent.trim() ?? name;

  function reset() {
    for (const spec of specs) {
      const input = field(spec.name);
      if (input) input.value = spec.default === null ? '' : String(spec.default);
    }
    touched = false;
    read();
  }

  // The options as train() takes them, and the fields that are wrong ({input, message}); mark:
  // show each field's message (false: only look, as the estimate does while someone types).
  function read({ mark = true } = {}) {
    const options = {};
    const problems = [];
    for (const spec of specs) {
      const input = field(spec.name);
      if (!input) continue;
      const raw = String(input.value ?? '').trim();
      if (spec.kind === 'choice') {
        options[spec.name] = spec.choices.includes(raw) ? raw : spec.default;
        continue;
      }
      const errorNode = document.getElementById(`e-${spec.name}`);
      const ok = (raw === '' && spec.optional) || (raw !== '' && isValid(spec, Number(raw)));
      const message = ok ? '' : problemText(spec, labelOf(spec.name));
      if (mark) {
        input.setAttribute('aria-invalid', String(!ok));
        errorNode.textContent = message;
      }
      if (!ok) problems.push({ input, message });
      else if (raw !== '') options[spec.name] = Number(raw); // left out when empty: no filter at all
    }
    return { options, problems };
  }

  const ready = specsPromise.then((loaded) => {
    specs = loaded.filter((spec) => field(spec.name));
    for (const spec of specs) {
      const input = field(spec.name);
      const hint = document.getElementById(`h-${spec.name}`);
      if (hint) hint.textContent = spec.help;
      if (spec.kind === 'choice') {
        const known = new Set([...input.options].map((o) => o.value));
        for (const choice of spec.choices) if (!known.has(choice)) input.append(new Option(choice, choice));
        continue;
      }
      input.min = String(spec.min);
      input.max = String(spec.max);
      input.step = spec.kind === 'integer' ? '1' : 'any';
      if (spec.default === null) input.placeholder = spec.leftOut || 'none';
    }
    if (!touched) reset();
  });

  const changeListeners = new Set();
  const changed = () => { for (const listener of changeListeners) listener(); };
  form.addEventListener('input', (event) => {
    touched = true;
    if (event.target.getAttribute('aria-invalid') === 'true') read();
    changed();
  });
  form.addEventListener('change', changed); // a select, or a value set by a script
  $('#reset-params').addEventListener('click', () => {
    reset();
    changed();
  });

  // The empty epochs field says what it will mean for the ratings loaded: "auto: 5".
  async function showAutoEpochs(ratings) {
    if (!autoEpochs) return;
    await ready;
    const input = field('epochs');
    if (!input || !(ratings > 0)) return;
    const epochs = await autoEpochs(ratings);
    input.placeholder = `auto: ${number(epochs)}`;
    input.dataset.auto = String(epochs);
  }

  return {
    ready,
    read,
    showAutoEpochs,
    // listener() after any setting changed (typed, chosen, reset or set()).
    onChange(listener) { changeListeners.add(listener); },
    // Sets fields by name (a value of '' empties an optional field) as if typed.
    set(values) {
      touched = true;
      for (const [name, value] of Object.entries(values)) {
        const input = field(name);
        if (input) input.value = value === null ? '' : String(value);
      }
      read();
      changed();
    },
    // Training: the fields cannot change; reset neither.
    setDisabled(disabled) {
      for (const element of form.elements) if (element.tagName !== 'BUTTON') element.disabled = disabled;
      $('#reset-params').disabled = disabled;
    },
    element: form,
  };
}
