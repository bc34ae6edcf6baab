// The part of the movie2vec API that touches WebAssembly: one Session of the full module, the
// file streaming, the training loop in bounded steps, and plain-object results. It runs inside
// the API's Worker (movie2vec-worker-main.mjs) in browsers, and in the calling thread under Node.
// Internal: use movie2vec.mjs.

import { Op, URL_SOURCE } from './movie2vec-protocol.mjs';

const SLICE_BYTES = 4 * 1024 * 1024;
// A File or Blob is read in slices of this size by READERS reader Workers, each up to READ_AHEAD
// slices ahead of the parser.
const BLOB_SLICE_BYTES = 16 * 1024 * 1024;
const READ_AHEAD = 2;
const READERS = 2;
// The first slice (reading 16 MiB takes ~0.1-0.2 s the parser would wait).
const FIRST_SLICE_BYTES = 1024 * 1024;
const READER_STALL_MS = 30_000;
// Training runs in steps of about this many milliseconds, then yields, so a cancel is read quickly.
const STEP_TARGET_MS = 100;
// UMAP epochs between two progress reports (about 0.15 s for 10,000 movies; fewer for more
// movies, so that a cancel is seen as soon).
const UMAP_STEP_EPOCHS = 10;
const umapStepEpochs = (movies) => Math.max(1, Math.round(UMAP_STEP_EPOCHS * 10000 / Math.max(10000, movies)));

// Movies per slice of map()'s list: about 30 ms of the Worker's time each.
const MOVIES_SLICE = 8192;

export const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function messageOf(error) {
  if (error instanceof Error) return error.message || String(error);
  if (typeof error === 'string') return error;
  return 'Unexpected error inside the WebAssembly module.';
}

// A trap (out of memory, out of bounds) leaves the module's memory in an unknown state: nothing
// after it can be trusted.
export const isFatal = (error) => typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError;

const list = (value) => Array.from(value ?? [], (x) => x);

function plainMovies(items) {
  return list(items).map((m) => ({
    movieId: Number(m.movieId), title: String(m.title), year: Number(m.year) || 0,
    genres: list(m.genres).map(String), score: Number(m.score), ratings: Number(m.ratings) || 0,
  }));
}

// recommend()'s results: movies with the history movie contributing most.
function plainRecommendations(items) {
  const all = list(items);
  return plainMovies(all).map((m, i) => ({ ...m, because: Number(all[i].because), becauseTitle: String(all[i].becauseTitle) }));
}

function plainReport(r) {
  return {
    file: String(r.file), kind: String(r.kind),
    rowsRead: Number(r.rowsRead), rowsKept: Number(r.rowsKept), rowsSkipped: Number(r.rowsSkipped),
    problems: list(r.problems).map(String), notes: list(r.notes).map(String),
  };
}

function plainProgress(p) {
  return {
    epoch: Number(p.epoch), epochs: Number(p.epochs),
    tokensDone: Number(p.tokensDone), tokensTotal: Number(p.tokensTotal),
    tokensPerSecond: Number(p.tokensPerSecond), loss: Number(p.loss),
    epochLosses: list(p.epochLosses).map(Number), seconds: Number(p.seconds), done: Boolean(p.done),
  };
}

function plainOption(o) {
  const option = { name: String(o.name), kind: String(o.kind), default: o.default ?? null, optional: Boolean(o.optional), help: String(o.help) };
  if (option.optional) option.leftOut = String(o.leftOut ?? '');
  if (option.kind === 'choice') option.choices = list(o.choices).map(String);
  else Object.assign(option, { min: Number(o.min), max: Number(o.max), minExclusive: Boolean(o.minExclusive), maxExclusive: Boolean(o.maxExclusive) });
  return option;
}

const isUrlSource = (source) => typeof source?.[URL_SOURCE] === 'string';

// The size of a source when known before reading it (a Blob's, or bytes'), else undefined.
function knownSize(source) {
  if (typeof Blob !== 'undefined' && source instanceof Blob) return source.size;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return source.byteLength;
  return undefined;
}

// Calls feed(bytes) for each piece of a file: Blob/File (read in 16 MiB slices), ArrayBuffer,
// typed array, string (UTF-8) or a URL source (fetched and streamed). onProgress({loaded, total})
// after each piece; onSize(bytes) once the size of a fetched file is known.
export async function forEachPiece(source, feed, onProgress, onSize) {
  if (isUrlSource(source)) {
    await forEachFetchedPiece(source[URL_SOURCE], feed, onProgress, onSize);
    return;
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    const total = source.size;
    let loaded = 0;
    for await (const bytes of blobSlices(source)) {
      feed(bytes);
      loaded += bytes.byteLength;
      onProgress?.({ loaded, total });
    }
    return;
  }
  let bytes;
  if (typeof source === 'string') bytes = new TextEncoder().encode(source);
  else if (source instanceof ArrayBuffer) bytes = new Uint8Array(source);
  else if (ArrayBuffer.isView(source)) bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  else throw new TypeError('A file must be a File, Blob, ArrayBuffer, Uint8Array, string or URL.');
  for (let offset = 0; offset < bytes.length; offset += SLICE_BYTES) {
    feed(bytes.subarray(offset, offset + SLICE_BYTES));
    onProgress?.({ loaded: Math.min(offset + SLICE_BYTES, bytes.length), total: bytes.length });
  }
  if (bytes.length === 0) feed(bytes);
}

// A reader Worker: it is given its slices, reads as many as it has credit for and sends each over
// (moved, not copied). A Blob's bytes are read on the thread that asks for them (Chromium copies
// them there from the browser's process, about 5 ms per MB on a 2-core machine), so read here
// they would take turns with the parser; read in Workers of their own they arrive while it
// parses (25 M rows, 651 MB: 5.8-6.6 s to the load report instead of 7.5-8.6 s with one reader;
// with two, each copying every other slice, 4.0-4.7 s instead of 4.7-5.1 s; docs/performance.md).
const READER_SOURCE = `'use strict';
let blob = null;
let slices = [];
let next = 0;
onmessage = async ({ data }) => {
  if (data.blob) ({ blob, slices } = data);
  for (let i = 0; i < data.credit && next < slices.length; i++) {
    const [at, end] = slices[next++];
    try {
      const bytes = await blob.slice(at, end).arrayBuffer();
      postMessage({ at, bytes }, [bytes]);
    } catch (error) {
      postMessage({ at, error: String(error && error.message || error) });
      return;
    }
  }
};`;

// Starts the reader's Worker, or returns null where there are no Workers (Node) or none may be
// made from a blob: URL (a page whose Content-Security-Policy forbids it).
function startReader() {
  if (typeof Worker === 'undefined' || typeof URL?.createObjectURL !== 'function') return null;
  const url = URL.createObjectURL(new Blob([READER_SOURCE], { type: 'text/javascript' }));
  try {
    return new Worker(url);
  } catch {
    return null;
  } finally {
    // The Worker has its own reference to the script once made (revoking at once is safe).
    URL.revokeObjectURL(url);
  }
}

// The slices of a Blob in order, as Uint8Arrays: read by `readers` reader Workers where they can
// be made (reader r reads slices r, r + readers, ...), each READ_AHEAD slices ahead of the
// consumer, else on this thread. If a Worker fails (it could not start, or was stopped), the rest
// is read on this thread from where the consumer stands.
export async function* blobSlices(blob, { sliceBytes = BLOB_SLICE_BYTES, firstBytes = FIRST_SLICE_BYTES, useWorker = true, readers: readerCount = READERS } = {}) {
  let offset = 0;
  // The slices: the first small, so that the parser starts as soon as it can.
  const slices = [];
  for (let at = 0; at < blob.size;) {
    const end = Math.min(blob.size, at + (at === 0 ? Math.min(sliceBytes, firstBytes) : sliceBytes));
    slices.push([at, end]);
    at = end;
  }
  const readers = [];
  if (useWorker) {
    for (let r = 0; r < Math.min(readerCount, slices.length); r++) {
      const reader = startReader();
      if (!reader) break;
      readers.push(reader);
    }
  }
  if (readers.length > 0) {
    const arrived = new Map(); // offset -> message
    let failed = false;
    let wake = null;
    for (const reader of readers) {
      reader.onmessage = ({ data }) => { arrived.set(data.at, data); wake?.(); };
      reader.onerror = reader.onmessageerror = (event) => { event.preventDefault?.(); failed = true; wake?.(); };
    }
    try {
      // The browser copies each slice into the thread that asked for it: two readers copy on two
      // threads at once.
      readers.forEach((reader, r) => reader.postMessage({
        blob, slices: slices.filter((_, i) => i % readers.length === r), credit: READ_AHEAD,
      }));
      for (let i = 0; offset < blob.size; i++) {
        while (!arrived.has(offset) && !failed) {
          // A Worker silent for READER_STALL_MS is given up on like one that failed.
          const stalled = setTimeout(() => { failed = true; wake?.(); }, READER_STALL_MS);
          await new Promise((resolve) => { wake = resolve; });
          clearTimeout(stalled);
        }
        const message = arrived.get(offset);
        if (!message) break; // a Worker failed: read the rest here
        arrived.delete(offset);
        if (message.error !== undefined) throw new Error(`Could not read the file at byte ${offset}: ${message.error}`);
        offset += message.bytes.byteLength;
        readers[i % readers.length].postMessage({ credit: 1 });
        yield new Uint8Array(message.bytes);
      }
    } finally {
      for (const reader of readers) reader.terminate();
    }
  }
  // On this thread: the browser reads the next slices (off this thread) while this one is parsed.
  const read = (at) => {
    const bytes = blob.slice(at, at + sliceBytes).arrayBuffer();
    bytes.catch(() => {}); // awaited below, unless the consumer stops first
    return bytes;
  };
  const ahead = [];
  for (let at = offset; at < blob.size && ahead.length < READ_AHEAD; at += sliceBytes) ahead.push(read(at));
  let next = offset + ahead.length * sliceBytes;
  while (offset < blob.size) {
    const bytes = new Uint8Array(await ahead.shift());
    offset += bytes.byteLength;
    if (next < blob.size) { ahead.push(read(next)); next += sliceBytes; }
    yield bytes;
  }
}

async function forEachFetchedPiece(url, feed, onProgress, onSize) {
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (error) {
    throw new Error(`Could not fetch ${url}: ${messageOf(error)}`);
  }
  if (!response.ok) throw new Error(`Could not fetch ${url} (HTTP ${response.status}).`);
  // Content-Length counts encoded bytes: only a guide for progress when the body is compressed.
  const declared = Number(response.headers.get('Content-Length')) || 0;
  if (declared > 0 && !response.headers.get('Content-Encoding')) onSize?.(declared);
  const reader = response.body.getReader();
  let loaded = 0;
  let reported = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    feed(value);
    loaded += value.byteLength;
    if (loaded - reported >= SLICE_BYTES / 4) {
      reported = loaded;
      onProgress?.({ loaded, total: Math.max(declared, loaded) });
    }
  }
  onProgress?.({ loaded, total: loaded });
}

export function fileName(source, fallback) {
  if (isUrlSource(source)) {
    const last = new URL(source[URL_SOURCE]).pathname.split('/').pop();
    return last ? decodeURIComponent(last) : fallback;
  }
  return typeof source?.name === 'string' && source.name ? source.name : fallback;
}

// Requests that only read the session (the model, the data loaded, the option tables). They are
// answered at once, between the steps of whatever runs (a training, a UMAP map), unless a request
// that is not a read came before them and is not done: then they wait for it. While a training runs
// the model searchable when it started stays searchable until the new one is done (the session
// swaps it in only then).
const READS = new Set([Op.SUMMARY, Op.TRAIN_OPTIONS, Op.NEIGHBOUR_OPTIONS, Op.AUTO_EPOCHS, Op.SIMILAR, Op.MORE_LIKE,
  Op.ANALOGY, Op.RECOMMEND, Op.SEARCH, Op.MOVIES, Op.SAVE_MODEL, Op.EXPORT_WORD2VEC, Op.EXPORT_PROJECTOR_TSV]);

// One request at a time, in the order they came, except reads (READS): a search typed while the
// map is computed or the model is copied is not held behind them.
export class RequestQueue {
  #tail = Promise.resolve();
  #training = 0;
  #others = 0; // requests that are not reads, queued or running

  // task: () => Promise; resolves or rejects as task does. yields: the task gives way between its
  // own steps, so it waits for the tasks before it but not the ones after it for it.
  add(op, task, { yields = false } = {}) {
    const read = READS.has(op);
    if (read && (this.#training > 0 || this.#others === 0)) return task();
    if (!read) this.#others += 1;
    const result = this.#tail.then(async () => {
      if (op === Op.TRAIN) this.#training += 1;
      try {
        return await task();
      } finally {
        if (op === Op.TRAIN) this.#training -= 1;
        if (!read) this.#others -= 1;
      }
    });
    if (!yields) this.#tail = result.catch(() => {});
    return result;
  }
}

export class Engine {
  #Module;
  #session;
  #trained = false;
  #generation = 0; // counts the changes of the model or its titles (a map made across one is dropped)
  #threads;
  #crossOriginIsolated;
  #threadsError;

  // Module.m2vThreads: the threads the threaded module started with (absent: one thread);
  // Module.m2vThreadsError: why the threaded module could not start, where it was tried.
  constructor(Module, { crossOriginIsolated = false } = {}) {
    this.#Module = Module;
    this.#session = new Module.Session();
    this.#threads = Math.max(1, Number(Module.m2vThreads) || 1);
    this.#crossOriginIsolated = crossOriginIsolated;
    this.#threadsError = typeof Module.m2vThreadsError === 'string' ? Module.m2vThreadsError : null;
  }

  // {maxThreads, crossOriginIsolated, threadsError}: what train()'s threads option can be here,
  // and why (threadsError: null, or why the threaded module could not start).
  threadInfo() {
    return { maxThreads: this.#threads, crossOriginIsolated: this.#crossOriginIsolated, threadsError: this.#threadsError };
  }

  // options.threads, from 1 to the threads this module has (trainOptions()); left out: all of them.
  #threadsFor(options) {
    const asked = options?.threads;
    if (asked === undefined || asked === null) return this.#threads;
    if (!Number.isInteger(asked) || asked < 1 || asked > this.#threads) {
      const why = this.#threads === 1 ? ' (this module has one thread: the page is not cross-origin isolated, or the machine has one core)' : '';
      throw new Error(`threads must be between 1 and ${this.#threads}, got ${asked}${why}`);
    }
    return asked;
  }

  // kind: 'ratings', 'movies' or 'links'. Movies and links files re-label the current model (its
  // titles, years and genres) without touching its vectors; ratings are used by the next train().
  async load(kind, source, { name, onProgress } = {}) {
    this.#session.beginFile(kind, name ?? fileName(source, `${kind}.csv`));
    const expect = (bytes) => this.#session.expectBytes(bytes); // ratings take room for the whole file at once
    const size = knownSize(source);
    if (size > 0) expect(size);
    await forEachPiece(source, (bytes) => this.#session.feed(bytes), onProgress, expect);
    this.#generation += 1;
    return plainReport(this.#session.finishFile());
  }

  summary() {
    const s = this.#session.summary();
    return {
      ratings: Number(s.ratings), users: Number(s.users), moviesRated: Number(s.moviesRated),
      moviesWithTitles: Number(s.moviesWithTitles), catalogueSize: Number(s.catalogueSize),
      notes: list(s.notes).map(String),
    };
  }

  // threads: from 1 to the threads this module has, all of them by default (the single-thread
  // module's table has no threads: it is added here, as 1 to 1).
  trainOptions() {
    const options = list(this.#Module.trainOptions()).map(plainOption);
    let threads = options.find((o) => o.name === 'threads');
    if (!threads) {
      threads = { name: 'threads', kind: 'integer', optional: false, minExclusive: false, maxExclusive: false,
        help: 'Training threads; above 1, runs are not bit-identical.' };
      options.push(threads);
    }
    Object.assign(threads, { min: 1, max: this.#threads, default: this.#threads });
    return options;
  }
  neighbourOptions() { return list(this.#Module.neighbourOptions()).map(plainOption); }
  autoEpochs(tokensPerEpoch) { return Number(this.#Module.autoEpochs(Number(tokensPerEpoch) || 0)); }

  // What train(options) would take: {tokensPerEpoch, vocabulary, sequences, epochs, autoEpochs,
  // measuredTokens, measuredSeconds, tokensPerSecond, seconds, memoryBytes}, from counting the
  // corpus and training a scratch model for about measureMs.
  estimateTraining(options, measureMs) {
    // Measured on the threads training would use.
    const e = this.#session.estimate({ ...(options ?? {}), threads: this.#threadsFor(options) }, Number(measureMs) || 250);
    return {
      tokensPerEpoch: Number(e.tokensPerEpoch), vocabulary: Number(e.vocabulary), sequences: Number(e.sequences),
      epochs: Number(e.epochs), autoEpochs: Boolean(e.autoEpochs), measuredTokens: Number(e.measuredTokens),
      measuredSeconds: Number(e.measuredSeconds), tokensPerSecond: Number(e.tokensPerSecond), seconds: Number(e.seconds),
      memoryBytes: Number(e.memoryBytes),
    };
  }

  // isCancelled() is polled between steps; resolves {status: 'done', progress, prepared} or
  // {status: 'cancelled'}. onPrepared(prepared) once the corpus is built, before the first step.
  // The model there was before stays the one queries use until the new one is done.
  async train(options, { onProgress, onPrepared, isCancelled }) {
    const threads = this.#threadsFor(options);
    const info = this.#session.prepare({ ...(options ?? {}), threads });
    const prepared = { vocabulary: Number(info.vocabulary), sequences: Number(info.sequences), tokens: Number(info.tokens), threads };
    onPrepared?.(prepared);
    let stepTokens = 20000;
    for (let step = 0; ; step++) {
      // On threads, which train on between steps (the first step starts them), this thread waits
      // on a timer, not in the module (where it would wake every millisecond, on a core the
      // threads need).
      if (threads > 1 && step > 0) await sleep(STEP_TARGET_MS);
      else await nextTask();
      if (isCancelled()) {
        this.#session.stopTraining(); // with threads, they train on between steps until stopped
        return { status: 'cancelled' };
      }
      const started = performance.now();
      const progress = plainProgress(this.#session.trainStep(threads > 1 ? 0 : stepTokens));
      const elapsed = Math.max(1, performance.now() - started);
      stepTokens = Math.round(Math.min(2e6, Math.max(1000, stepTokens * (STEP_TARGET_MS / elapsed))));
      if (progress.done) {
        this.#trained = true;
        this.#generation += 1;
        return { status: 'done', progress, prepared };
      }
      onProgress?.(progress);
    }
  }

  #model() {
    if (!this.#trained) throw new Error('No model yet: train one with train() or load one with loadModel().');
    return this.#session;
  }

  // Numbers and digit strings are movie ids; other strings are looked up as titles.
  resolve(movie) {
    if (typeof movie === 'number' && Number.isInteger(movie)) return movie;
    const text = String(movie ?? '').trim();
    if (/^-?\d+$/.test(text)) return Number(text);
    const [best] = text ? plainMovies(this.#model().search(text, 1)) : [];
    if (!best) throw new Error(`No movie in the model matches "${text}".`);
    return best.movieId;
  }

  // minRatings: leave out movies with fewer ratings; undefined gives the module's default.
  similar(movie, k, minRatings) { return plainMovies(this.#model().similar(this.resolve(movie), k, minRatings ?? NaN)); }
  moreLike(movies, k, minRatings) {
    return plainMovies(this.#model().moreLike(list(movies).map((m) => this.resolve(m)), k, minRatings ?? NaN));
  }
  analogy({ positive = [], negative = [] } = {}, k, minRatings) {
    const session = this.#model();
    return plainMovies(session.analogy(list(positive).map((m) => this.resolve(m)), list(negative).map((m) => this.resolve(m)), k,
      minRatings ?? NaN));
  }
  // What to watch next after history (ids or titles, most recent last); ids the model does not
  // know are skipped. options: {minRatings, recent}.
  recommend(history, k, { minRatings, recent } = {}) {
    const session = this.#model();
    const ids = list(history).map((m) => (typeof m === 'number' ? m : this.resolve(m)));
    if (ids.length === 0) throw new Error('recommend() needs a history: the movies watched, most recent last.');
    return plainRecommendations(session.recommend(ids, k, minRatings ?? NaN, recent ?? NaN).items);
  }
  // One user's movies in the loaded ratings file, in time order.
  userHistory(userId) {
    if (!Number.isInteger(userId)) throw new Error(`A user id is a whole number, not "${userId}".`);
    return list(this.#session.userHistory(userId)).map(Number);
  }
  // Before training, searches the loaded movies file; after, the trained movies.
  search(text, k) { return plainMovies(this.#session.search(String(text), k)); }
  // {moviesJson}: the list as JSON text, parsed by the API (see map()); made again from the start
  // if the model or its titles change while it gives way.
  async movies() {
    for (;;) {
      const generation = this.#generation;
      const moviesJson = await this.#moviesJson(() => generation !== this.#generation);
      if (moviesJson !== null) return { moviesJson };
    }
  }
  // Every movie as JSON text, made in slices with a pause between them so that other requests are
  // answered meanwhile (90,000 movies take most of a second); null once stopped() turns true.
  async #moviesJson(stopped) {
    const session = this.#model();
    const slices = [];
    const count = session.movieCount();
    for (let first = 0; first < count; first += MOVIES_SLICE) {
      if (first > 0) {
        await nextTask();
        if (stopped()) return null;
      }
      slices.push(session.moviesJsonSlice(first, MOVIES_SLICE).slice(1, -1));
    }
    return `[${slices.join(',')}]`;
  }
  saveModel({ int8 = false, outputVectors = true } = {}) { return this.#model().saveModel(Boolean(int8), Boolean(outputVectors)); }
  async loadModel(source) {
    const bytes = typeof Blob !== 'undefined' && source instanceof Blob ? new Uint8Array(await source.arrayBuffer()) : source;
    const info = this.#session.loadModel(bytes);
    this.#trained = true;
    this.#generation += 1;
    return {
      movies: Number(info.movies), dim: Number(info.dim), outputVectors: Boolean(this.#session.hasOutputVectors()),
      nextModel: Boolean(this.#session.hasNextModel()),
    };
  }
  // The 2-D map of every movie: PCA at once, or UMAP with onProgress({epoch, epochs, searching, xy})
  // between steps (searching: still finding the neighbours; xy: the layout so far);
  // {status: 'cancelled'} when isCancelled() turns true.
  // Both give way between steps (the movies' list is made in slices), so other requests are
  // answered meanwhile; one that changes the model or its titles cancels the map.
  async map({ layout = 'pca' } = {}, { onProgress, isCancelled }) {
    const session = this.#model();
    if (layout !== 'pca' && layout !== 'umap') throw new Error(`The map layout must be "pca" or "umap", not "${layout}".`);
    const generation = this.#generation;
    const stopped = () => isCancelled() || generation !== this.#generation;
    // The list crosses to the page as JSON text, parsed there: copying one string holds the
    // Worker for milliseconds, cloning 90,000 objects for most of a second.
    const moviesJson = await this.#moviesJson(stopped);
    if (moviesJson === null) return { status: 'cancelled' };
    const count = session.movieCount();
    if (layout === 'pca') return { status: 'done', moviesJson, xy: new Float32Array(session.projection()) };
    let state = session.umapStart();
    const stepEpochs = umapStepEpochs(count);
    // Reported once per epoch count: the neighbour search's steps (epoch 0) once, at its start.
    let reported = -1;
    while (!state.done) {
      if (Number(state.epoch) > reported) {
        reported = Number(state.epoch);
        onProgress?.({ epoch: reported, epochs: Number(state.epochs), searching: Boolean(state.searching), xy: state.xy });
      }
      await nextTask();
      if (stopped()) return { status: 'cancelled' };
      state = session.umapStep(stepEpochs);
    }
    return { status: 'done', moviesJson, xy: state.xy };
  }
  exportWord2Vec() { return this.#model().exportWord2Vec(); }
  exportProjectorTsv() {
    const session = this.#model();
    return { vectors: session.exportProjectorVectors(), metadata: session.exportProjectorMetadata() };
  }

  dispose() {
    this.#session?.delete();
    this.#session = null;
  }
}

// One request, by name: the same table serves the Worker and the in-thread backend.
// hooks: {onProgress, onPrepared, isCancelled}.
export async function run(engine, op, args, hooks) {
  const load = (kind, source, name) => engine.load(kind, source, { name: name ?? undefined, onProgress: hooks.onProgress });
  switch (op) {
    case Op.LOAD_RATINGS: return load('ratings', args.source, args.name);
    case Op.LOAD_MOVIES: {
      const report = await load('movies', args.source, args.name);
      if (args.links != null) report.links = await engine.load('links', args.links, { name: fileName(args.links, 'links.csv') });
      return report;
    }
    case Op.LOAD_LINKS: return load('links', args.source, args.name);
    case Op.SUMMARY: return engine.summary();
    case Op.TRAIN_OPTIONS: return engine.trainOptions();
    case Op.NEIGHBOUR_OPTIONS: return engine.neighbourOptions();
    case Op.AUTO_EPOCHS: return engine.autoEpochs(args.tokens);
    case Op.ESTIMATE_TRAINING: return engine.estimateTraining(args.options, args.measureMs);
    case Op.THREAD_INFO: return engine.threadInfo();
    case Op.TRAIN: return engine.train(args.options, hooks);
    case Op.SIMILAR: return engine.similar(args.movie, args.k, args.minRatings);
    case Op.MORE_LIKE: return engine.moreLike(args.movies, args.k, args.minRatings);
    case Op.ANALOGY: return engine.analogy(args.query, args.k, args.minRatings);
    case Op.RECOMMEND: return engine.recommend(args.history, args.k, args);
    case Op.USER_HISTORY: return engine.userHistory(args.userId);
    case Op.SEARCH: return engine.search(args.text, args.k);
    case Op.MOVIES: return engine.movies();
    case Op.SAVE_MODEL: return engine.saveModel(args);
    case Op.LOAD_MODEL: return engine.loadModel(args.bytes);
    case Op.MAP: return engine.map(args, hooks);
    case Op.EXPORT_WORD2VEC: return engine.exportWord2Vec();
    case Op.EXPORT_PROJECTOR_TSV: return engine.exportProjectorTsv();
    default: throw new Error(`Unknown request "${op}".`);
  }
}
