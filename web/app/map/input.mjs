// The map's input: pointer (mouse, pen, touch with pinch), wheel and keyboard, turned into calls
// on the map (`target`): hitTest(px, py), pick(i), hover(i), panBy(px, py), zoomBy(factor, px, py),
// resetView(), stepCursor(dx, dy), pickCursor(), leaveCursor(), hideTooltip(), isEmpty(),
// viewSize(). Positions are CSS pixels from the canvas's top left.

const DRAG_PX = 4; // a press that moves less than this is a click

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

export function bindMapInput(canvas, target) {
  const pointers = new Map();
  let press = null;  // {x, y, moved} of a single-pointer press
  let pinch = null;  // {mx, my, d} of a two-pointer gesture

  const local = (event) => {
    const box = canvas.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  };
  const pinchState = () => {
    const [a, b] = [...pointers.values()];
    return { mx: (a.x + b.x) / 2, my: (a.y + b.y) / 2, d: Math.hypot(a.x - b.x, a.y - b.y) };
  };

  canvas.addEventListener('pointerdown', (event) => {
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    canvas.setPointerCapture(event.pointerId);
    const [x, y] = local(event);
    pointers.set(event.pointerId, { x, y });
    if (pointers.size === 1) {
      press = { x, y, moved: false };
    } else if (pointers.size === 2) {
      press = null;
      pinch = pinchState();
    }
  });

  canvas.addEventListener('pointermove', (event) => {
    const [x, y] = local(event);
    const p = pointers.get(event.pointerId);
    if (!p) {
      if (event.pointerType === 'mouse') target.hover(target.hitTest(x, y));
      return;
    }
    if (pointers.size >= 2 && pinch) {
      p.x = x; p.y = y;
      const now = pinchState();
      target.panBy(now.mx - pinch.mx, now.my - pinch.my);
      if (pinch.d > 0 && now.d > 0) target.zoomBy(now.d / pinch.d, now.mx, now.my);
      pinch = now;
      return;
    }
    const dx = x - p.x, dy = y - p.y;
    p.x = x; p.y = y;
    if (press && !press.moved && Math.hypot(x - press.x, y - press.y) < DRAG_PX) return;
    if (press) press.moved = true;
    target.hideTooltip();
    canvas.classList.add('dragging');
    target.panBy(dx, dy);
  });

  const release = (event) => {
    if (!pointers.has(event.pointerId)) return;
    pointers.delete(event.pointerId);
    canvas.classList.remove('dragging');
    if (pointers.size < 2) pinch = null;
    if (event.type === 'pointerup' && press && !press.moved && pointers.size === 0) {
      const i = target.hitTest(...local(event));
      if (i >= 0) target.pick(i);
    }
    if (pointers.size === 0) press = null;
  };
  canvas.addEventListener('pointerup', release);
  canvas.addEventListener('pointercancel', release);
  canvas.addEventListener('pointerleave', (event) => {
    if (event.pointerType === 'mouse' && !pointers.size) target.hideTooltip();
  });

  canvas.addEventListener('wheel', (event) => {
    if (target.isEmpty()) return;
    event.preventDefault();
    const [x, y] = local(event);
    const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
    target.zoomBy(Math.exp(-clamp(delta, -200, 200) * 0.002), x, y);
  }, { passive: false });

  const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  canvas.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.shiftKey && ARROWS[event.key]) {
      event.preventDefault();
      target.stepCursor(...ARROWS[event.key]);
      return;
    }
    if (event.key === 'Enter' && target.pickCursor()) {
      event.preventDefault();
      return;
    }
    if (event.key === 'Escape' && target.leaveCursor()) return;
    const { width, height } = target.viewSize();
    const step = Math.min(width, height) * 0.12;
    const actions = {
      ArrowLeft: () => target.panBy(step, 0),
      ArrowRight: () => target.panBy(-step, 0),
      ArrowUp: () => target.panBy(0, step),
      ArrowDown: () => target.panBy(0, -step),
      '+': () => target.zoomBy(1.4),
      '=': () => target.zoomBy(1.4),
      '-': () => target.zoomBy(1 / 1.4),
      0: () => target.resetView(),
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    target.hideTooltip();
    action();
  });
}
