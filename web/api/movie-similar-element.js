// <movie-similar model="model.m2v" movie="1" k="10"> and MovieModel: similar movies from a model
// file, with the small embed-only WebAssembly module (no training code).
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
        return new MovieModel(handle, { movies: Number(info.movies), dim: Number(info.dim) });
      } catch (error) {
        handle.delete();
        throw new Error(messageOf(error));
      }
    }

    get size() { return this.#info.movies; }
    get dim() { return this.#info.dim; }

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

  // model: a URL, or "#id" of an element whose text is the model file in base64 (for file://).
  // movie: an id or a title; without it, the page URL's ?movie= parameter.
  // k: how many (default 10). href: a link for each title, "{id}" replaced by the movie id.
  // state attribute: loading | ready | error. Events: 'movie-similar-ready' (detail: {movieId,
  // results, loadMs}) and 'movie-similar-error' (detail: {message}).
  const Base = typeof HTMLElement === 'function' ? HTMLElement : class {};
  class MovieSimilarElement extends Base {
    static get observedAttributes() { return ['model', 'movie', 'k', 'href', 'min-ratings']; }

    #renders = 0;

    connectedCallback() { this.#render(); }
    attributeChangedCallback() { if (this.isConnected) this.#render(); }

    #modelPromise() {
      const source = (this.getAttribute('model') || '').trim();
      if (!source) return Promise.reject(new Error('<movie-similar> needs a model attribute (the URL of a .m2v file).'));
      if (source.startsWith('#')) {
        const holder = document.getElementById(source.slice(1));
        if (!holder) return Promise.reject(new Error(`<movie-similar>: no element with id "${source.slice(1)}" holds the model.`));
        return sharedModel(holder, () => Promise.resolve().then(() => MovieModel.load(base64Bytes(holder.textContent))));
      }
      const url = new URL(source, document.baseURI).href;
      return sharedModel(url, () => MovieModel.load(url));
    }

    async #render() {
      const render = ++this.#renders;
      this.setAttribute('state', 'loading');
      this.setAttribute('aria-busy', 'true');
      const started = performance.now();
      try {
        const model = await this.#modelPromise();
        const loadMs = performance.now() - started;
        if (render !== this.#renders) return;
        const movie = this.getAttribute('movie') ?? new URLSearchParams(location.search).get('movie');
        if (movie === null || movie.trim() === '') throw new Error('<movie-similar> needs a movie attribute (or ?movie= in the page URL).');
        const k = Math.max(1, Math.min(1000, Number.parseInt(this.getAttribute('k') ?? '10', 10) || 10));
        const movieId = idOf(model, movie);
        const minAttribute = this.getAttribute('min-ratings');
        const minRatings = minAttribute === null || minAttribute.trim() === '' ? undefined : Math.max(0, Number.parseInt(minAttribute, 10) || 0);
        const results = model.similar(movieId, k, { minRatings });
        this.replaceChildren(this.#list(results));
        this.setAttribute('state', 'ready');
        this.dispatchEvent(new CustomEvent('movie-similar-ready', { detail: { movieId, results, loadMs } }));
      } catch (error) {
        if (render !== this.#renders) return;
        const p = document.createElement('p');
        p.className = 'movie-similar-error';
        p.textContent = messageOf(error);
        this.replaceChildren(p);
        this.setAttribute('state', 'error');
        this.dispatchEvent(new CustomEvent('movie-similar-error', { detail: { message: p.textContent } }));
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
        ol.append(li);
      }
      return ol;
    }
  }

  if (typeof customElements !== 'undefined' && !customElements.get('movie-similar')) {
    customElements.define('movie-similar', MovieSimilarElement);
  }
  return { MovieModel, MovieSimilarElement };
})();
