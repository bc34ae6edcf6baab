// One Tab stop for a group of buttons (WAI-ARIA's roving tabindex): Tab enters the group at
// the button last used and leaves it; arrow keys move inside. A result list of ten rows would
// otherwise take twenty Tab presses to cross.

function focusInside(container, target, event) {
  if (!target) return;
  event.preventDefault();
  target.focus();
}

// The buttons of container get tabindex -1, but `active` (or the first) 0.
export function resetRoving(container, active = null) {
  const buttons = [...container.querySelectorAll('button')];
  const chosen = active ?? buttons.find((b) => !b.disabled && !b.hidden) ?? null;
  for (const button of buttons) button.tabIndex = button === chosen ? 0 : -1;
}

function remember(container) {
  container.addEventListener('focusin', (event) => {
    if (event.target.tagName === 'BUTTON') resetRoving(container, event.target);
  });
}

// A list whose rows (<li>) hold buttons: Up and Down move between rows (same column), Left and
// Right between a row's buttons, Home and End to the first and last row.
export function rovingList(list) {
  remember(list);
  list.addEventListener('keydown', (event) => {
    const button = event.target.closest?.('button');
    const row = button?.closest('li');
    if (!row || row.parentElement !== list || event.altKey || event.ctrlKey || event.metaKey) return;
    const rows = [...list.children];
    const r = rows.indexOf(row);
    const cells = [...row.querySelectorAll('button')];
    const c = cells.indexOf(button);
    const cellOf = (li) => (li ? li.querySelectorAll('button')[Math.min(c, li.querySelectorAll('button').length - 1)] : null);
    const moves = {
      ArrowDown: () => cellOf(rows[r + 1]),
      ArrowUp: () => cellOf(rows[r - 1]),
      ArrowRight: () => cells[c + 1],
      ArrowLeft: () => cells[c - 1],
      Home: () => cellOf(rows[0]),
      End: () => cellOf(rows.at(-1)),
    };
    if (moves[event.key]) focusInside(list, moves[event.key](), event);
  });
}

// A toolbar: Left and Right (Home, End) move between its enabled buttons.
export function rovingToolbar(toolbar) {
  remember(toolbar);
  toolbar.addEventListener('keydown', (event) => {
    if (event.target.tagName !== 'BUTTON' || event.altKey || event.ctrlKey || event.metaKey) return;
    const buttons = [...toolbar.querySelectorAll('button')].filter((b) => !b.disabled);
    const i = buttons.indexOf(event.target);
    const moves = {
      ArrowRight: () => buttons[(i + 1) % buttons.length],
      ArrowLeft: () => buttons[(i - 1 + buttons.length) % buttons.length],
      Home: () => buttons[0],
      End: () => buttons.at(-1),
    };
    if (moves[event.key]) focusInside(toolbar, moves[event.key](), event);
  });
  resetRoving(toolbar);
}
