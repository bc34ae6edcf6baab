// The part of the movie2vec API that touches WebAssembly: one Session of the full module, the
// file streaming, the training loop in bounded steps, and plain-object results. It runs inside
// the API's Worker (movie2vec-worker.js) in browsers, and in the calling thread under Node.
// Internal: use movie2vec.mjs.

const SLICE_BYTES = 4 * 1024 * 1024;
// Training runs in steps of about this many milliseconds, then yields, so a cancel is read quickly.
const STEP_TARGET_MS = 100;
// UMAP epochs between two progress reports (about 0.15 s for 10,000 movies).
const UMAP_STEP_EPOCHS = 10;

export const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

export function messageOf(error) {
  if (error instanceof Error) return error.message || String(error);
  if (typeof error === 'string') return error;
  return 'Unexpected error inside the WebAssembly module.';
}

const list = (value) => Array.from(value ?? [], (x) => x);

function plainMovies(items) {
  return list(items).map((m) => ({
    movieId: Number(m.movieId), title: String(m.title), year: Number(m.year) || 0,
    genres: list(m.genres).map(String), score: Number(m.score), ratings: Number(m.ratings) || 0,
  }));
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

// Calls source(bytes) for each piece of a file: Blob/File (read in 4 MiB slices), ArrayBuffer,
// typed array or string (UTF-8). onProgress({loaded, total}) after each piece.
export async function forEachPiece(source, feed, onProgress) {
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    const total = source.size;
    for (let offset = 0; offset < total; offset += SLICE_BYTES) {
      feed(new Uint8Array(await source.slice(offset, offset + SLICE_BYTES).arrayBuffer()));
      onProgress?.({ loaded: Math.min(offset + SLICE_BYTES, total), total });
    }
    return;
  }
  let bytes;
  if (typeof source === 'string') bytes = new TextEncoder().encode(source);
  else if (source instanceof ArrayBuffer) bytes = new Uint8Array(source);
  else if (ArrayBuffer.isView(source)) bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  else throw new TypeError('A file must be a File, Blob, ArrayBuffer, Uint8Array or string.');
  for (let offset = 0; offset < bytes.length; offset += SLICE_BYTES) {
    feed(bytes.subarray(offset, offset + SLICE_BYTES));
    onProgress?.({ loaded: Math.min(offset + SLICE_BYTES, bytes.length), total: bytes.length });
  }
  if (bytes.length === 0) feed(bytes);
}

export function fileName(source, fallback) {
  return typeof source?.name === 'string' && source.name ? source.name : fallback;
}

export class Engine {
  #session;
  #trained = false;

  constructor(Module) {
    this.#session = new Module.Session();
  }

  static defaultOptions(Module) {
    return { ...Module.defaultOptions() };
  }

  async load(kind, source, { name, onProgress } = {}) {
    this.#session.beginFile(kind, name ?? fileName(source, `${kind}.csv`));
    const size = source?.size ?? source?.byteLength; // Blob/File, or ArrayBuffer/typed array
    if (typeof size === 'number' && size > 0) this.#session.expectBytes(size);
    await forEachPiece(source, (bytes) => this.#session.feed(bytes), onProgress);
    const report = plainReport(this.#session.finishFile());
    // New ratings invalidate nothing already trained, but the next train() starts from them.
    return report;
  }

  summary() {
    const s = this.#session.summary();
    return {
      ratings: Number(s.ratings), users: Number(s.users), moviesRated: Number(s.moviesRated),
      moviesWithTitles: Number(s.moviesWithTitles), catalogueSize: Number(s.catalogueSize),
      notes: list(s.notes).map(String),
    };
  }

  // isCancelled() is polled between steps; resolves {status: 'done', progress, prepared} or
  // {status: 'cancelled'}.
  async train(options, { onProgress, isCancelled }) {
    const info = this.#session.prepare(options ?? {});
    this.#trained = false;
    const prepared = { vocabulary: Number(info.vocabulary), sequences: Number(info.sequences), tokens: Number(info.tokens) };
    let stepTokens = 20000;
    for (;;) {
      await nextTask();
      if (isCancelled()) return { status: 'cancelled' };
      const started = performance.now();
      const progress = plainProgress(this.#session.trainStep(stepTokens));
      const elapsed = Math.max(1, performance.now() - started);
      stepTokens = Math.round(Math.min(2e6, Math.max(1000, stepTokens * (STEP_TARGET_MS / elapsed))));
      if (progress.done) {
        this.#trained = true;
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
  // Before training, searches the loaded movies file; after, the trained movies.
  search(text, k) { return plainMovies(this.#session.search(String(text), k)); }
  movies() { return plainMovies(this.#model().movies()); }
  saveModel({ int8 = false } = {}) { return this.#model().saveModel(Boolean(int8)); }
  loadModel(bytes) {
    const info = this.#session.loadModel(bytes);
    this.#trained = true;
    return { movies: Number(info.movies), dim: Number(info.dim) };
  }
  // The 2-D map of every movie: PCA at once, or UMAP with onProgress({epoch, epochs}) between
  // steps; {status: 'cancelled'} when isCancelled() turns true.
  async map({ layout = 'pca' } = {}, { onProgress, isCancelled }) {
    const session = this.#model();
    const movies = plainMovies(session.movies());
    if (layout === 'pca') return { status: 'done', movies, xy: new Float32Array(session.projection()) };
    if (layout !== 'umap') throw new Error(`The map layout must be "pca" or "umap", not "${layout}".`);
    let state = session.umapStart();
    while (!state.done) {
      onProgress?.({ epoch: Number(state.epoch), epochs: Number(state.epochs) });
      await nextTask();
      if (isCancelled()) return { status: 'cancelled' };
      state = session.umapStep(UMAP_STEP_EPOCHS);
    }
    return { status: 'done', movies, xy: state.xy };
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
// hooks: {onProgress, isCancelled}.
export async function run(engine, op, args, hooks) {
  switch (op) {
    case 'loadRatings':
      return engine.load('ratings', args.source, { name: args.name, onProgress: hooks.onProgress });
    case 'loadMovies': {
      const report = await engine.load('movies', args.source, { name: args.name, onProgress: hooks.onProgress });
      if (args.links != null) report.links = await engine.load('links', args.links, { name: fileName(args.links, 'links.csv') });
      return report;
    }
    case 'summary': return engine.summary();
    case 'train': return engine.train(args.options, hooks);
    case 'similar': return engine.similar(args.movie, args.k, args.minRatings);
    case 'moreLike': return engine.moreLike(args.movies, args.k, args.minRatings);
    case 'analogy': return engine.analogy(args.query, args.k, args.minRatings);
    case 'search': return engine.search(args.text, args.k);
    case 'movies': return engine.movies();
    case 'saveModel': return engine.saveModel(args);
    case 'loadModel': return engine.loadModel(args.bytes);
    case 'map': return engine.map(args, hooks);
    case 'exportWord2Vec': return engine.exportWord2Vec();
    case 'exportProjectorTsv': return engine.exportProjectorTsv();
    default: throw new Error(`Unknown request "${op}".`);
  }
}
