// Building DOM nodes. Text always goes in as text nodes (textContent), never as HTML.

export const $ = (selector, root = document) => root.querySelector(selector);

// h('li', {class: 'x', 'data-movie-id': 1, text: 'a title'}, ...children)
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('data-') || key.startsWith('aria-') || key === 'role' || key === 'id') node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

// The year of a movie when its title does not already end with it.
export function yearSuffix(movie) {
  if (!movie.year) return '';
  return movie.title.includes(`(${movie.year})`) ? '' : String(movie.year);
}
