// movie2vec's JavaScript API: load rating files, train movie embeddings, ask for similar movies,
// save and load model files. Every method returns a Promise; results are plain objects.
//
//   import { Movie2Vec } from './movie2vec.mjs';
//   const m2v = await Movie2Vec.create();
//   await m2v.loadRatings(file);            // File, Blob, ArrayBuffer, Uint8Array, string or URL
//   await m2v.loadMovies(moviesFile);
//   await m2v.train({ epochs: 40 }, { onProgress: (p) => console.log(p.epoch, p.loss), signal });
//   console.log(await m2v.similar('Toy Story', 10));
//
// In browsers the WebAssembly runs in a Worker (movie2vec-worker.js, which loads movie2vec.js
// and movie2vec.wasm from beside this file), so the caller's thread never blocks. Under Node,
// or with {worker: false}, pass a moduleFactory (the full module's factory, e.g. the CommonJS
// build-wasm/movie2vec-node.js) and it runs in the calling thread, yielding between steps.
// The Embind handles stay inside: there is nothing to .delete() but close() frees it all.

import { Engine, RequestQueue, isFatal, messageOf, run } from './movie2vec-engine.mjs';
import { Message, Op, URL_SOURCE } from './movie2vec-protocol.mjs';

function abortError(signal, what = 'Training') {
  const reason = signal?.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return new DOMException(`${what} was cancelled.`, 'AbortError');
}

function errorFrom({ name, message, fatal }) {
  if (name === 'AbortError') return new DOMException(message, 'AbortError');
  return Object.assign(new Error(message), fatal ? { fatal: true } : {});
}

function toBytes(source, what) {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  if (typeof Blob !== 'undefined' && source instanceof Blob) return source;
  throw new TypeError(`${what} must be a Blob, an ArrayBuffer or a Uint8Array.`);
}

// A URL is fetched where the module runs (streamed, with progress); it crosses postMessage as
// an object of its own, since strings are file contents.
function fileSource(source) {
  return source instanceof URL ? { [URL_SOURCE]: source.href } : source;
}

// Runs requests in the calling thread, one at a time.
class InThreadBackend {
  #engine;
  #queue = new RequestQueue();
  #broken = null;
  #onBroken;

  constructor(engine, onBroken) {
    this.#engine = engine;
    this.#onBroken = onBroken;
  }

  call(op, args, { onProgress, onPrepared, signal } = {}) {
    return this.#queue.add(op, async () => {
      if (!this.#engine) throw new Error('This Movie2Vec was closed.');
      if (this.#broken) throw Object.assign(new Error(this.#broken), { fatal: true });
      try {
        return await run(this.#engine, op, args, { onProgress, onPrepared, isCancelled: () => Boolean(signal?.aborted) });
      } catch (error) {
        if (!isFatal(error)) throw error;
        this.#broken = `The WebAssembly module stopped: ${messageOf(error)}. Create a new Movie2Vec to start again.`;
        const broken = Object.assign(new Error(this.#broken), { fatal: true });
        this.#onBroken?.(broken);
        throw broken;
      }
    });
  }

  close() {
    this.#queue.add('close', async () => { this.#engine?.dispose(); this.#engine = null; });
  }
}

// Runs requests in a Worker.
class WorkerBackend {
  #worker;
  #pending = new Map();
  #nextId = 1;
  #broken = null;
  #onBroken = null; // set once started: a Worker that cannot start only rejects create()

  static start(url, description, onBroken) {
    const backend = new WorkerBackend(new Worker(url));
    return new Promise((resolve, reject) => {
      backend.#worker.onerror = (event) => {
        event.preventDefault?.();
        const error = new Error(`The movie2vec Worker (${description}) could not start${event.message ? `: ${event.message}` : ''}.`);
        backend.#fail(error.message);
        reject(error);
      };
      backend.#worker.onmessage = ({ data }) => {
        if (data?.type === Message.READY) {
          backend.#worker.onmessage = (event) => backend.#receive(event.data);
          backend.#worker.onerror = (event) => {
            event.preventDefault?.();
            backend.#fail(`The movie2vec Worker failed${event.message ? `: ${event.message}` : ''}.`);
          };
          backend.#watch(data.lock);
          backend.#onBroken = onBroken;
          resolve(backend);
        } else if (data?.type === Message.FATAL) {
          backend.#fail(data.message);
          backend.#worker.terminate();
          reject(new Error(data.message));
        }
      };
    });
  }

  constructor(worker) { this.#worker = worker; }

  // The Worker holds the lock named lock while it lives: getting it means the Worker is gone.
  #watch(lock) {
    if (typeof lock !== 'string' || !globalThis.navigator?.locks) return;
    navigator.locks.request(lock, () => {
      if (!this.#broken) {
        this.#fail('The movie2vec Worker stopped without a word (out of memory, crashed or closed); ' +
          'everything loaded in it is gone. Create a new Movie2Vec to start again.');
      }
    }).catch(() => {});
  }

  #fail(message) {
    if (this.#broken) return;
    this.#broken = message;
    for (const { reject } of this.#pending.values()) reject(Object.assign(new Error(message), { fatal: true }));
    this.#pending.clear();
    this.#onBroken?.(Object.assign(new Error(message), { fatal: true }));
  }

  #receive(data) {
    const request = this.#pending.get(data?.id);
    if (!request) return;
    if (data.type === Message.PROGRESS || data.type === Message.PREPARED) {
      const hook = data.type === Message.PROGRESS ? request.onProgress : request.onPrepared;
      try { hook?.(data.value); } catch (error) { console.error(error); }
      return;
    }
    this.#pending.delete(data.id);
    if (data.type === Message.RESULT) {
      request.resolve(data.value);
    } else {
      request.reject(errorFrom(data));
      if (data.fatal) this.#fail(data.message);
    }
  }

  call(op, args, { onProgress, onPrepared, signal } = {}) {
    if (this.#broken) return Promise.reject(Object.assign(new Error(this.#broken), { fatal: true }));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress, onPrepared });
      this.#worker.postMessage({ type: Message.REQUEST, id, op, args });
      signal?.addEventListener('abort', () => {
        this.#worker.postMessage({ type: Message.CANCEL, id });
      }, { once: true });
    });
  }

  close() {
    this.#onBroken = null;
    this.#worker.terminate();
    this.#fail('This Movie2Vec was closed.');
  }
}

// Where movie2vec-worker.js is: beside this module. In a classic-script bundle (no import.meta)
// there is no "beside": such pages pass workerUrl or workerSource.
function defaultWorkerUrl() {
  const base = import.meta.url;
  if (!base) throw new TypeError('Movie2Vec.create() needs workerUrl or workerSource here (this script is not an ES module).');
  return new URL('./movie2vec-worker.js', base);
}

export class Movie2Vec {
  #backend;

  constructor(backend) {
    if (!backend) throw new TypeError('Use `await Movie2Vec.create()` to make a Movie2Vec.');
    this.#backend = backend;
  }

  // options.worker: run in a Worker (default: true where Worker exists and no moduleFactory is given).
  // options.workerUrl: where movie2vec-worker.js is (default: beside this module).
  // options.workerSource: the whole worker as one classic script (web/dist/worker-standalone.js
  //   sets self.M2V_WORKER_SOURCE), for pages that cannot start a Worker from a URL (file://).
  // options.moduleFactory: the full module's factory, for running in this thread.
  // options.onBroken(error): called once if this Movie2Vec stops working for good (its Worker
  //   died: out of memory, crashed or closed; or the module trapped), even with nothing pending;
  //   pending calls reject with an Error whose fatal is true. Not called after close().
  static async create({ worker, workerUrl, workerSource, moduleFactory, onBroken } = {}) {
    const useWorker = worker ?? (typeof Worker === 'function' && !moduleFactory);
    if (useWorker) {
      if (typeof workerSource === 'string') {
        const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
        try {
          return new Movie2Vec(await WorkerBackend.start(url, 'from workerSource', onBroken));
        } finally {
          URL.revokeObjectURL(url); // the Worker has its script once it has started
        }
      }
      const url = workerUrl ?? defaultWorkerUrl();
      return new Movie2Vec(await WorkerBackend.start(url, String(url), onBroken));
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
    return new Movie2Vec(new InThreadBackend(new Engine(Module), onBroken));
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

  // Runs op with hooks.signal able to stop it: an AbortError when the signal aborts.
  async #cancellable(op, args, { onProgress, onPrepared, signal } = {}, what) {
    if (signal?.aborted) throw abortError(signal, what);
    const result = this.#call(op, args, { onProgress, onPrepared, signal });
    result.catch(() => {}); // after an abort nobody awaits it
    const outcome = signal
      ? await Promise.race([result, new Promise((_, reject) => {
        signal.addEventListener('abort', () => reject(abortError(signal, what)), { once: true });
      })])
      : await result;
    if (outcome.status === 'cancelled') throw abortError(signal, what);
    return outcome;
  }

  // ratings.csv (MovieLens, or Kaggle's ratings_small.csv). Resolves to the load report.
  loadRatings(source, { onProgress, name } = {}) {
    return this.#call(Op.LOAD_RATINGS, { source: fileSource(source), name }, { onProgress });
  }

  // movies.csv (MovieLens) or movies_metadata.csv (Kaggle, which needs links: links.csv).
  // After training, or after loadModel(), it re-labels the model: new titles, same vectors.
  loadMovies(source, { links, onProgress, name } = {}) {
    return this.#call(Op.LOAD_MOVIES, { source: fileSource(source), links: fileSource(links), name }, { onProgress });
  }

  // links.csv (movieId,imdbId,tmdbId) on its own, for a Kaggle movies_metadata.csv loaded before
  // (or after). It re-labels a model as loadMovies() does.
  loadLinks(source, { onProgress, name } = {}) {
    return this.#call(Op.LOAD_LINKS, { source: fileSource(source), name }, { onProgress });
  }

  summary() { return this.#call(Op.SUMMARY, {}); }

  // Every option train() takes, from the module: name, kind, default, range and a line of help.
  trainOptions() { return this.#call(Op.TRAIN_OPTIONS, {}); }

  // The options similar(), moreLike() and analogy() take (minRatings), as trainOptions() gives them.
  neighbourOptions() { return this.#call(Op.NEIGHBOUR_OPTIONS, {}); }

  // The epochs train() uses when options.epochs is left out, for this many ratings per epoch:
  // about 5 million in all, 1 to 50 passes (the trainer's own rule).
  autoEpochs(tokensPerEpoch) { return this.#call(Op.AUTO_EPOCHS, { tokens: tokensPerEpoch }); }

  // What train(options) would take on the ratings loaded, before training: {tokensPerEpoch,
  // vocabulary, sequences, epochs, autoEpochs (epochs came from the size rule), tokensPerSecond
  // (measured by training a scratch model on a sample for about measureMs, on the threads train()
  // would use), seconds (expected), measuredTokens, measuredSeconds, memoryBytes (corpus, model
  // and index)}.
  // Rejects with train()'s message for settings it would refuse.
  estimateTraining(options = {}, { measureMs = 250 } = {}) {
    return this.#call(Op.ESTIMATE_TRAINING, { options, measureMs });
  }

  // {maxThreads, crossOriginIsolated, threadsError}: the most threads train() can use here. A
  // browser page that is not cross-origin isolated (file://, a host without the COOP/COEP headers)
  // has no shared memory: one thread there. threadsError: null, or why the threaded module could
  // not start where it was tried (then one thread, with the single-threaded module).
  threadInfo() { return this.#call(Op.THREAD_INFO, {}); }

  // options: {dim, window, negative, epochs, lr, minCount, minRating, sample, nsExponent, seed, loss,
  // threads}; threads from 1 to threadInfo().maxThreads, all of them when left out.
  // Resolves to {progress, prepared} when done; rejects with an AbortError when signal aborts.
  // Until then the model there was before answers similar(), search() and the other queries
  // (between training steps); a cancelled or failed training leaves it in place.
  async train(options = {}, { onProgress, onPrepared, signal } = {}) {
    const outcome = await this.#cancellable(Op.TRAIN, { options }, { onProgress, onPrepared, signal }, 'Training');
    return { progress: outcome.progress, prepared: outcome.prepared };
  }

  // options.minRatings: leave out movies rated fewer times (default: neighbourOptions()'s).
  similar(movie, k = 10, { minRatings } = {}) { return this.#call(Op.SIMILAR, { movie, k, minRatings }); }
  moreLike(movies, k = 10, { minRatings } = {}) { return this.#call(Op.MORE_LIKE, { movies: [...movies], k, minRatings }); }
  analogy({ positive = [], negative = [] } = {}, k = 10, { minRatings } = {}) {
    return this.#call(Op.ANALOGY, { query: { positive: [...positive], negative: [...negative] }, k, minRatings });
  }
  // What to watch next: history is the movies watched (ids, or titles), most recent last; every
  // other movie is scored by its output vector against a mean of the input vectors of the last
  // options.recent (5) movies, the latest weighing 1, the one before 0.7, then 0.49, ... (as
  // `movie2vec recommend` and eval's "next" score them). Resolves to
  // movies as similar() gives them, each with because / becauseTitle: the history movie that
  // contributes most. Ids the model does not know are skipped. A model without output vectors
  // (an older model file) rejects with an Error that says so.
  recommend(history, k = 10, { minRatings, recent } = {}) {
    return this.#call(Op.RECOMMEND, { history: [...history], k, minRatings, recent });
  }
  // The movies one user of the loaded ratings file rated, in time order (movie ids).
  userHistory(userId) { return this.#call(Op.USER_HISTORY, { userId: Number(userId) }); }
  search(text, k = 10) { return this.#call(Op.SEARCH, { text: String(text), k }); }
  async movies() { return JSON.parse((await this.#call(Op.MOVIES, {})).moviesJson); }

  // outputVectors: keep the output vectors, which recommend() needs (default: true).
  saveModel({ int8 = false, outputVectors = true } = {}) {
    return this.#call(Op.SAVE_MODEL, { int8: Boolean(int8), outputVectors: Boolean(outputVectors) });
  }
  async loadModel(bytes) { return this.#call(Op.LOAD_MODEL, { bytes: toBytes(bytes, 'A model file') }); }

  // The 2-D map of every movie: {movies, xy} with xy = Float32Array [x0, y0, x1, y1, ...] in
  // [-1, 1], in the order of movies. layout 'pca' (instant) or 'umap' (seconds; onProgress gets
  // {epoch, epochs, searching, xy} with the layout so far, epochs increasing; searching in the
  // first report, while the neighbours are being found; an AbortSignal stops it with an AbortError).
  async map({ layout = 'pca' } = {}, { onProgress, signal } = {}) {
    const outcome = await this.#cancellable(Op.MAP, { layout: String(layout) }, { onProgress, signal }, 'The map');
    return { movies: JSON.parse(outcome.moviesJson), xy: outcome.xy };
  }

  exportWord2Vec() { return this.#call(Op.EXPORT_WORD2VEC, {}); }
  exportProjectorTsv() { return this.#call(Op.EXPORT_PROJECTOR_TSV, {}); }

  // Stops the Worker (or frees the in-thread module's session); later calls reject.
  close() { this.#backend.close(); }
}

export default Movie2Vec;
