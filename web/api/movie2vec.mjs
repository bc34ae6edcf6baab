// movie2vec's JavaScript API: load rating files, train movie embeddings, ask for similar movies,
// save and load model files. Every method returns a Promise; results are plain objects.
//
//   import { Movie2Vec } from './movie2vec.mjs';
//   const m2v = await Movie2Vec.create();
//   await m2v.loadRatings(file);            // File, Blob, ArrayBuffer, Uint8Array or string
//   await m2v.loadMovies(moviesFile);
//   await m2v.train({ epochs: 40 }, { onProgress: (p) => console.log(p.epoch, p.loss), signal });
//   console.log(await m2v.similar('Toy Story', 10));
//
// In browsers the WebAssembly runs in a Worker (movie2vec-worker.js, which loads movie2vec.js
// and movie2vec.wasm from beside this file), so the caller's thread never blocks. Under Node,
// or with {worker: false}, pass a moduleFactory (the full module's factory, e.g. the CommonJS
// build-wasm/movie2vec-node.js) and it runs in the calling thread, yielding between steps.
// The Embind handles stay inside: there is nothing to .delete() but close() frees it all.

import { Engine, messageOf, run } from './movie2vec-engine.mjs';

function abortError(signal) {
  const reason = signal?.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return new DOMException('Training was cancelled.', 'AbortError');
}

function errorFrom({ name, message }) {
  if (name === 'AbortError') return new DOMException(message, 'AbortError');
  return new Error(message);
}

function toBytes(source, what) {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  throw new TypeError(`${what} must be an ArrayBuffer or a Uint8Array.`);
}

// Runs requests in the calling thread, one at a time.
class InThreadBackend {
  #engine;
  #queue = Promise.resolve();

  constructor(engine) { this.#engine = engine; }

  call(op, args, { onProgress, signal } = {}) {
    const result = this.#queue.then(() => {
      if (!this.#engine) throw new Error('This Movie2Vec was closed.');
      return run(this.#engine, op, args, { onProgress, isCancelled: () => Boolean(signal?.aborted) });
    });
    this.#queue = result.catch(() => {});
    return result;
  }

  close() {
    this.#queue.then(() => { this.#engine?.dispose(); this.#engine = null; });
  }
}

// Runs requests in a Worker.
class WorkerBackend {
  #worker;
  #pending = new Map();
  #nextId = 1;
  #broken = null;

  static start(url) {
    const backend = new WorkerBackend(new Worker(url));
    return new Promise((resolve, reject) => {
      backend.#worker.onerror = (event) => {
        event.preventDefault?.();
        const error = new Error(`The movie2vec Worker (${url}) could not start${event.message ? `: ${event.message}` : ''}.`);
        backend.#fail(error.message);
        reject(error);
      };
      backend.#worker.onmessage = ({ data }) => {
        if (data?.type === 'ready') {
          backend.#worker.onmessage = (event) => backend.#receive(event.data);
          resolve(backend);
        } else if (data?.type === 'fatal') {
          backend.#fail(data.message);
          backend.#worker.terminate();
          reject(new Error(data.message));
        }
      };
    });
  }

  constructor(worker) { this.#worker = worker; }

  #fail(message) {
    this.#broken = message;
    for (const { reject } of this.#pending.values()) reject(new Error(message));
    this.#pending.clear();
  }

  #receive(data) {
    const request = this.#pending.get(data?.id);
    if (!request) return;
    if (data.type === 'progress') {
      try { request.onProgress?.(data.value); } catch (error) { console.error(error); }
      return;
    }
    this.#pending.delete(data.id);
    if (data.type === 'result') request.resolve(data.value);
    else request.reject(errorFrom(data));
  }

  call(op, args, { onProgress, signal } = {}) {
    if (this.#broken) return Promise.reject(new Error(this.#broken));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress });
      this.#worker.postMessage({ id, op, args });
      signal?.addEventListener('abort', () => {
        this.#worker.postMessage({ type: 'cancel', id });
      }, { once: true });
    });
  }

  close() {
    this.#worker.terminate();
    this.#fail('This Movie2Vec was closed.');
  }
}

export class Movie2Vec {
  #backend;

  constructor(backend) {
    if (!backend) throw new TypeError('Use `await Movie2Vec.create()` to make a Movie2Vec.');
    this.#backend = backend;
  }

  // options.worker: run in a Worker (default: true where Worker exists and no moduleFactory is given).
  // options.workerUrl: where movie2vec-worker.js is (default: beside this module).
  // options.moduleFactory: the full module's factory, for running in this thread.
  static async create({ worker, workerUrl, moduleFactory } = {}) {
    const useWorker = worker ?? (typeof Worker === 'function' && !moduleFactory);
    if (useWorker) {
      const url = workerUrl ?? new URL('./movie2vec-worker.js', import.meta.url);
      return new Movie2Vec(await WorkerBackend.start(url));
    }
    if (typeof moduleFactory !== 'function') {
      throw new TypeError('Movie2Vec.create({worker: false}) needs a moduleFactory (e.g. require("./movie2vec-node.js")).');
    }
    let Module;
    try {
      Module = await moduleFactory();
    } catch (error) {
      throw new Error(`The movie2vec WebAssembly module could not be started: ${messageOf(error)}`);
    }
    return new Movie2Vec(new InThreadBackend(new Engine(Module)));
  }

  // A Movie2Vec holding a saved model (from saveModel()), ready for queries.
  static async loadModel(bytes, options) {
    const m2v = await Movie2Vec.create(options);
    try {
      await m2v.loadModel(bytes);
      return m2v;
    } catch (error) {
      m2v.close();
      throw error;
    }
  }

  #call(op, args, hooks) { return this.#backend.call(op, args, hooks); }

  // ratings.csv (MovieLens, or Kaggle's ratings_small.csv). Resolves to the load report.
  loadRatings(source, { onProgress, name } = {}) {
    return this.#call('loadRatings', { source, name }, { onProgress });
  }

  // movies.csv (MovieLens) or movies_metadata.csv (Kaggle, which needs links: links.csv).
  loadMovies(source, { links, onProgress, name } = {}) {
    return this.#call('loadMovies', { source, links, name }, { onProgress });
  }

  summary() { return this.#call('summary', {}); }

  // options: {dim, window, negative, epochs, lr, minCount, minRating, sample, nsExponent, seed, loss}.
  // Resolves to {progress, prepared} when done; rejects with an AbortError when signal aborts.
  async train(options = {}, { onProgress, signal } = {}) {
    if (signal?.aborted) throw abortError(signal);
    const result = this.#call('train', { options }, { onProgress, signal });
    result.catch(() => {}); // after an abort nobody awaits it
    const outcome = signal
      ? await Promise.race([result, new Promise((_, reject) => {
        signal.addEventListener('abort', () => reject(abortError(signal)), { once: true });
      })])
      : await result;
    if (outcome.status === 'cancelled') throw abortError(signal);
    return { progress: outcome.progress, prepared: outcome.prepared };
  }

  // options.minRatings: leave out movies rated fewer times (default: defaultOptions().minRatings).
  similar(movie, k = 10, { minRatings } = {}) { return this.#call('similar', { movie, k, minRatings }); }
  moreLike(movies, k = 10, { minRatings } = {}) { return this.#call('moreLike', { movies: [...movies], k, minRatings }); }
  analogy({ positive = [], negative = [] } = {}, k = 10, { minRatings } = {}) {
    return this.#call('analogy', { query: { positive: [...positive], negative: [...negative] }, k, minRatings });
  }
  search(text, k = 10) { return this.#call('search', { text: String(text), k }); }
  movies() { return this.#call('movies', {}); }

  saveModel({ int8 = false } = {}) { return this.#call('saveModel', { int8: Boolean(int8) }); }
  async loadModel(bytes) { return this.#call('loadModel', { bytes: toBytes(bytes, 'A model file') }); }

  // The 2-D map of every movie: {movies, xy} with xy = Float32Array [x0, y0, x1, y1, ...] in
  // [-1, 1], in the order of movies. layout 'pca' (instant) or 'umap' (seconds; onProgress gets
  // {epoch, epochs}; an AbortSignal stops it with an AbortError).
  async map({ layout = 'pca' } = {}, { onProgress, signal } = {}) {
    if (signal?.aborted) throw abortError(signal);
    const outcome = await this.#call('map', { layout: String(layout) }, { onProgress, signal });
    if (outcome.status === 'cancelled') throw abortError(signal);
    return { movies: outcome.movies, xy: outcome.xy };
  }

  exportWord2Vec() { return this.#call('exportWord2Vec', {}); }
  exportProjectorTsv() { return this.#call('exportProjectorTsv', {}); }

  // Stops the Worker (or frees the in-thread module's session); later calls reject.
  close() { this.#backend.close(); }
}

export default Movie2Vec;
