// <movie-similar model="model.m2v" movie="1" k="10">, <movie-recommend model="model.m2v"
// history="1,2355,588"> and MovieModel: similar movies and what to watch next from a model file,
// with the small embed-only WebAssembly module (no training code).
//
// The build appends this file to the Emscripten glue (--extern-post-js), twice:
//   web/dist/movie-similar.mjs  ES module (+ movie-similar.wasm); movie-similar-exports.mjs adds the exports
//   web/dist/movie-similar.js   one classic script with the WebAssembly inside (works from file://)
// so `createMovie2VecEmbed` (the module factory) is in scope, and only `MovieSimilar` is added
// beside it. Titles reach the page through textContent only.
// eslint-disable-next-line no-unused-vars, no-var
var MovieSimilar = (() => {
  'use strict';

  let modulePromise = null;
  function embedModule() {
    if (!modulePromise) {
      // eslint-disable-next-line no-undef
      modulePromise = createMovie2VecEmbed().catch((error) => {
        modulePromise = null;
        throw new Error(`The movie2vec WebAssembly module could not be started: ${messageOf(error)}`);
      });
    }
    return modulePromise;
  }

  function messageOf(error) {
    if (error instanceof Error) return error.message || String(error);
    return typeof error === 'string' ? error : 'unexpected error in the WebAssembly module';
  }

  function base64Bytes(text) {
    const binary = atob(String(text).replace(/\s+/g, ''));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  async function fetchBytes(url) {
    let response;
    try {
      response = await fetch(url);
    } catch (error) {
      const hint = typeof location !== 'undefined' && location.protocol === 'file:'
        ? ' Pages opened from file:// cannot fetch files: put the model inside the page instead ' +
          '(<script type="application/octet-stream" id="…"> with the base64 of the file, and model="#…").'
        : '';
      throw new Error(`Could not fetch the model file ${url}: ${messageOf(error)}.${hint}`);
    }
    if (!response.ok) throw new Error(`Could not fetch the model file ${url} (HTTP ${response.status}).`);
    return new Uint8Array(await response.arrayBuffer());
  }

  // A model file as bytes: Uint8Array, ArrayBuffer, Blob, or a URL (string or URL).
  async function modelBytes(source) {
    if (source instanceof Uint8Array) return source;
    if (source instanceof ArrayBuffer) return new Uint8Array(source);
    if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    if (typeof Blob !== 'undefined' && source instanceof Blob) return new Uint8Array(await source.arrayBuffer());
    if (typeof source === 'string' || source instanceof URL) {
      const base = typeof document !== 'undefined' ? document.baseURI : undefined;
      return fetchBytes(new URL(String(source), base).href);
    }
    throw new TypeError('MovieModel.load() takes a URL, a Blob, an ArrayBuffer or a Uint8Array.');
  }

  // Numbers and digit strings are movie ids; anything else is looked up as a title.
  function idOf(model, movie) {
    if (typeof movie === 'number' && Number.isInteger(movie)) return movie;
    const text = String(movie ?? '').trim();
    if (/^-?\d+$/.test(text)) return Number(text);
    const [best] = text ? model.search(text, 1) : [];
    if (!best) throw new Error(`No movie in the model matches "${text}".`);
    return best.movieId;
  }

  const finalizer = typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((handle) => { try { handle.delete(); } catch { /* already gone */ } })
    : null;

  // A loaded model file. Queries are synchronous and return plain objects:
  // [{movieId, title, year, genres, score}], best first.
  class MovieModel {
    #handle;
    #info;

    constructor(handle, info) {
      this.#handle = handle;
      this.#info = info;
      finalizer?.register(this, handle, this);
    }

    // source: URL (string or URL, relative to the page), Blob, ArrayBuffer or Uint8Array.
    static async load(source) {
      const [bytes, Module] = await Promise.all([modelBytes(source), embedModule()]);
      const handle = new Module.Model();
      try {
        const info = handle.load(bytes);
        return new MovieModel(handle, {
          movies: Number(info.movies), dim: Number(info.dim), hasOutputVectors: Boolean(info.hasOutputVectors),
          hasNextModel: Boolean(info.hasNextModel),
        });
      } catch (error) {
        handle.delete();
        throw new Error(messageOf(error));
      }
    }

    get size() { return this.#info.movies; }
    get dim() { return this.#info.dim; }
    get hasOutputVectors() { return this.#info.hasOutputVectors; }
    get hasNextModel() { return this.#info.hasNextModel; }

    // { minRatings }: leave out movies with fewer ratings (when the model file has the counts);
    // without it, the module's default.
    similar(movie, k = 10, { minRatings } = {}) {
      return this.#call((h) => h.similar(idOf(this, movie), k, minRatings ?? NaN));
    }
    moreLike(movies, k = 10, { minRatings } = {}) {
      return this.#call((h) => h.moreLike(movies.map((m) => idOf(this, m)), k, minRatings ?? NaN));
    }
    analogy({ positive = [], negative = [] } = {}, k = 10, { minRatings } = {}) {
      return this.#call((h) => h.analogy(positive.map((m) => idOf(this, m)), negative.map((m) => idOf(this, m)), k,
        minRatings ?? NaN));
    }
    // What to watch next after history (most recent last): [{..., score, because, becauseTitle}].
    // { minRatings, recent }: recent is how many of the last movies make the query (default 5).
    recommend(history, k = 10, { minRatings, recent } = {}) {
      return this.#call((h) => {
        const ids = Array.from(history, (m) => idOf(this, m));
        if (ids.length === 0) throw new Error('recommend() needs a history: the movies watched, most recent last.');
        return h.recommend(ids, k, minRatings ?? NaN, recent ?? NaN).items;
      });
    }
    search(text, k = 10) { return this.#call((h) => h.search(String(text), k)); }
    movies() { return this.#call((h) => h.movies()); }

    // Frees the WebAssembly memory now rather than when the object is collected.
    dispose() {
      if (!this.#handle) return;
      finalizer?.unregister(this);
      this.#handle.delete();
      this.#handle = null;
    }

    #call(f) {
      if (!this.#handle) throw new Error('This MovieModel was disposed.');
      try {
        return f(this.#handle);
      } catch (error) {
        throw new Error(messageOf(error));
      }
    }
  }

  // One load per model source, shared by every element on the page.
  const models = new Map();
  function sharedModel(key, load) {
    if (!models.has(key)) {
      const promise = load();
      models.set(key, promise);
      promise.catch(() => models.delete(key));
    }
    return models.get(key);
  }

  // What <movie-similar> and <movie-recommend> share: the model attribute, loading, the list.
  // model: a URL, or "#id" of an element whose text is the model file in base64 (for file://).
  // k: how many (default 10). href: a link for each title, "{id}" replaced by the movie id.
  // min-ratings: leave out movies with fewer ratings. state attribute: loading | ready | error.
  // Events: '<tag>-ready' (detail: {..., results, loadMs}) and '<tag>-error' (detail: {message}).
  const Base = typeof HTMLElement === 'function' ? HTMLElement : class {};
  class ModelListElement extends Base {
    #renders = 0;

    connectedCallback() { this.render(); }
    attributeChangedCallback() { if (this.isConnected) this.render(); }

    get tag() { return this.localName; }

    #modelPromise() {
      const source = (this.getAttribute('model') || '').trim();
      if (!source) return Promise.reject(new Error(`<${this.tag}> needs a model attribute (the URL of a .m2v file).`));
      if (source.startsWith('#')) {
        const holder = document.getElementById(source.slice(1));
        if (!holder) return Promise.reject(new Error(`<${this.tag}>: no element with id "${source.slice(1)}" holds the model.`));
        return sharedModel(holder, () => Promise.resolve().then(() => MovieModel.load(base64Bytes(holder.textContent))));
      }
      const url = new URL(source, document.baseURI).href;
      return sharedModel(url, () => MovieModel.load(url));
    }

    options() {
      const k = Math.max(1, Math.min(1000, Number.parseInt(this.getAttribute('k') ?? '10', 10) || 10));
      const minAttribute = this.getAttribute('min-ratings');
      const minRatings = minAttribute === null || minAttribute.trim() === '' ? undefined : Math.max(0, Number.parseInt(minAttribute, 10) || 0);
      return { k, minRatings };
    }

    // Shows the list again (re-reading what the element depends on).
    async render() {
      const render = ++this.#renders;
      this.setAttribute('state', 'loading');
      this.setAttribute('aria-busy', 'true');
      const started = performance.now();
      try {
        const model = await this.#modelPromise();
        const loadMs = performance.now() - started;
        if (render !== this.#renders) return;
        const { results, detail } = this.query(model);
        this.replaceChildren(this.#list(results));
        this.setAttribute('state', 'ready');
        this.dispatchEvent(new CustomEvent(`${this.tag}-ready`, { detail: { ...detail, results, loadMs } }));
      } catch (error) {
        if (render !== this.#renders) return;
        const p = document.createElement('p');
        p.className = 'movie-similar-error';
        p.textContent = messageOf(error);
        this.replaceChildren(p);
        this.setAttribute('state', 'error');
        this.dispatchEvent(new CustomEvent(`${this.tag}-error`, { detail: { message: p.textContent } }));
      } finally {
        if (render === this.#renders) this.removeAttribute('aria-busy');
      }
    }

    #list(results) {
      const template = this.getAttribute('href');
      const ol = document.createElement('ol');
      ol.className = 'movie-similar-list';
      for (const m of results) {
        const li = document.createElement('li');
        li.dataset.movieId = String(m.movieId);
        li.dataset.score = m.score.toFixed(4);
        if (m.ratings > 0) li.dataset.ratings = String(m.ratings);
        const title = document.createElement(template ? 'a' : 'span');
        title.className = 'movie-similar-title';
        title.textContent = m.title;
        if (template) title.href = template.replaceAll('{id}', encodeURIComponent(String(m.movieId)));
        li.append(title);
        if (m.because !== undefined) {
          li.dataset.because = String(m.because);
          const because = document.createElement('span');
          because.className = 'movie-similar-because';
          because.textContent = ` because you watched ${m.becauseTitle}`;
          li.append(because);
        }
        ol.append(li);
      }
      return ol;
    }
  }

  // <movie-similar movie="1">: the nearest movies by cosine. movie: an id or a title; without it,
  // the page URL's ?movie= parameter. Ready detail: {movieId, results, loadMs}.
  class MovieSimilarElement extends ModelListElement {
    static get observedAttributes() { return ['model', 'movie', 'k', 'href', 'min-ratings']; }

    query(model) {
      const movie = this.getAttribute('movie') ?? new URLSearchParams(location.search).get('movie');
      if (movie === null || movie.trim() === '') throw new Error('<movie-similar> needs a movie attribute (or ?movie= in the page URL).');
      const { k, minRatings } = this.options();
      const movieId = idOf(model, movie);
      return { results: model.similar(movieId, k, { minRatings }), detail: { movieId } };
    }
  }

  // A history as text: a JSON array, or ids (or titles) separated by commas.
  function parseHistory(text) {
    const trimmed = String(text ?? '').trim();
    if (trimmed.startsWith('[')) {
      let parsed;
      try {
        parsed = JSON.parse(trimmed);
      } catch {
        throw new Error('the history is not a valid JSON array');
      }
      if (!Array.isArray(parsed)) throw new Error('the history is not a JSON array');
      return parsed.map((x) => (typeof x === 'object' && x !== null ? x.movieId : x)).filter((x) => x !== undefined && x !== null && x !== '');
    }
    return trimmed.split(',').map((x) => x.trim()).filter((x) => x !== '');
  }

  // <movie-recommend history="1,2355,588">: what to watch next (MovieModel.recommend()).
  // history: ids or titles, most recent last; history-key: the localStorage key holding the history
  // instead (a JSON array of ids, or of {movieId}, or a comma list), re-read when another tab
  // changes it ('storage') and on refresh(). Ready detail: {history, results, loadMs}.
  class MovieRecommendElement extends ModelListElement {
    static get observedAttributes() { return ['model', 'history', 'history-key', 'k', 'href', 'min-ratings']; }

    #onStorage = (event) => {
      const key = this.getAttribute('history-key');
      if (key && (event.key === key || event.key === null)) this.render();
    };

    connectedCallback() {
      window.addEventListener('storage', this.#onStorage);
      super.connectedCallback();
    }
    disconnectedCallback() { window.removeEventListener('storage', this.#onStorage); }

    // Re-reads the history (after the page itself changed localStorage: 'storage' fires only in other tabs).
    refresh() { return this.render(); }

    query(model) {
      const key = this.getAttribute('history-key');
      let text = this.getAttribute('history');
      if (key) {
        try {
          text = localStorage.getItem(key) ?? '';
        } catch (error) {
          throw new Error(`<movie-recommend> cannot read localStorage["${key}"]: ${messageOf(error)}`);
        }
      }
      let history;
      try {
        history = parseHistory(text);
      } catch (error) {
        throw new Error(`<movie-recommend>: ${messageOf(error)}${key ? ` (localStorage["${key}"])` : ''}.`);
      }
      if (history.length === 0) {
        throw new Error(key ? `<movie-recommend>: no movies watched yet (localStorage["${key}"] is empty).`
          : '<movie-recommend> needs a history attribute: movie ids separated by commas, most recent last.');
      }
      const { k, minRatings } = this.options();
      return { results: model.recommend(history, k, { minRatings }), detail: { history } };
    }
  }

  if (typeof customElements !== 'undefined' && !customElements.get('movie-similar')) {
    customElements.define('movie-similar', MovieSimilarElement);
  }
  if (typeof customElements !== 'undefined' && !customElements.get('movie-recommend')) {
    customElements.define('movie-recommend', MovieRecommendElement);
  }
  return { MovieModel, MovieSimilarElement, MovieRecommendElement };
})();
