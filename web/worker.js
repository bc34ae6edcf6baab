// The movie2vec Web Worker: messages in, messages out. It owns the WebAssembly module and the one
// Session that holds the user's data and model, so the page never touches WebAssembly.
//
// Every request from the page is {id, type, ...}; the answer is {id, type: 'result', value} or
// {id, type: 'error', message}. Long requests also send events with the same id:
// {id, type: 'load-progress', loaded, total} and {id, type: 'prepared' | 'progress', ...}.
// 'cancel' has no answer of its own: the training it stops answers {status: 'cancelled'}.
'use strict';

const SLICE_BYTES = 4 * 1024 * 1024;
// Training runs in steps of about this many milliseconds, so a cancel is read quickly.
const STEP_TARGET_MS = 120;

let session = null;
let trained = false;
let training = false;
let cancelRequested = false;
let fatal = null;

// Served over HTTP, the worker imports the module beside it. Opened from file:// the page builds
// this worker from dist/worker-standalone.js (tools/bundle-standalone.mjs), which puts the
// single-file module (the .wasm inlined as base64) in front of this source: createMovie2Vec is
// then defined already and nothing is fetched.
const ready = (async () => {
  const standalone = typeof createMovie2Vec === 'function';
  if (!standalone) {
    try {
      importScripts('dist/movie2vec.js');
    } catch (error) {
      throw new Error('The WebAssembly module (dist/movie2vec.js) could not be loaded. ' +
        'If you serve this page yourself, build it first with ./build-wasm.sh build.');
    }
  }
  let Module;
  try {
    // eslint-disable-next-line no-undef
    // Emscripten looks for the .wasm beside the worker script, not beside movie2vec.js.
    Module = await createMovie2Vec(standalone ? {} : { locateFile: (file) => `dist/${file}` });
  } catch (error) {
    throw new Error(`The WebAssembly module (dist/movie2vec.wasm) could not be started: ${messageOf(error)}`);
  }
  session = new Module.Session();
  return Module;
})();

ready.then(
  (Module) => postMessage({ type: 'ready', defaults: plainOptions(Module.defaultOptions()) }),
  (error) => {
    fatal = messageOf(error);
    postMessage({ type: 'fatal', message: fatal });
  },
);

function messageOf(error) {
  if (error instanceof Error) return error.message || String(error);
  if (typeof error === 'string') return error;
  return 'Unexpected error inside the WebAssembly module.';
}

// Embind may hand back registered vectors; the page only ever sees plain arrays.
function toArray(value) {
  if (Array.isArray(value)) return value;
  if (value && typeof value.size === 'function' && typeof value.get === 'function') {
    const out = [];
    for (let i = 0; i < value.size(); i++) out.push(value.get(i));
    if (typeof value.delete === 'function') value.delete();
    return out;
  }
  return [];
}

function plainReport(r) {
  return {
    file: String(r.file), kind: String(r.kind),
    rowsRead: Number(r.rowsRead), rowsKept: Number(r.rowsKept), rowsSkipped: Number(r.rowsSkipped),
    problems: toArray(r.problems).map(String), notes: toArray(r.notes).map(String),
  };
}

function plainSummary(s) {
  return {
    ratings: Number(s.ratings), users: Number(s.users), moviesRated: Number(s.moviesRated),
    moviesWithTitles: Number(s.moviesWithTitles), catalogueSize: Number(s.catalogueSize),
    notes: toArray(s.notes).map(String),
  };
}

function plainProgress(p) {
  return {
    epoch: Number(p.epoch), epochs: Number(p.epochs),
    tokensDone: Number(p.tokensDone), tokensTotal: Number(p.tokensTotal),
    tokensPerSecond: Number(p.tokensPerSecond), loss: Number(p.loss),
    epochLosses: toArray(p.epochLosses).map(Number), seconds: Number(p.seconds), done: Boolean(p.done),
  };
}

function plainOptions(o) {
  const out = {};
  // lr and sample are float32 in C++: 6 significant digits show 0.025, not 0.0250000003725.
  for (const key of ['dim', 'window', 'negative', 'epochs', 'lr', 'minCount', 'sample', 'nsExponent', 'seed']) {
    out[key] = Number(Number(o[key]).toPrecision(6));
  }
  out.minRating = o.minRating === null || o.minRating === undefined ? null : Number(o.minRating);
  out.loss = String(o.loss);
  return out;
}

function plainMovies(list) {
  return toArray(list).map((m) => ({
    movieId: Number(m.movieId), title: String(m.title), year: Number(m.year) || 0,
    genres: toArray(m.genres).map(String), score: Number(m.score), ratings: Number(m.ratings) || 0,
  }));
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

async function readBlob(id, blob, feed) {
  const total = blob.size;
  for (let offset = 0; offset < total; offset += SLICE_BYTES) {
    const bytes = new Uint8Array(await blob.slice(offset, offset + SLICE_BYTES).arrayBuffer());
    feed(bytes);
    postMessage({ id, type: 'load-progress', loaded: Math.min(offset + SLICE_BYTES, total), total });
  }
}

// The sample files are fetched from this page's own server and streamed in chunks.
async function readUrl(id, url, feed) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`Could not fetch the sample file ${url} (HTTP ${response.status}).`);
  const total = Number(response.headers.get('Content-Length')) || 0;
  const reader = response.body.getReader();
  let loaded = 0;
  let lastPost = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    feed(value);
    loaded += value.byteLength;
    if (loaded - lastPost >= SLICE_BYTES / 4 || loaded === total) {
      lastPost = loaded;
      postMessage({ id, type: 'load-progress', loaded, total: Math.max(total, loaded) });
    }
  }
  postMessage({ id, type: 'load-progress', loaded, total: loaded });
}

const handlers = {
  async load({ id, kind, name, file, url }) {
    if (!['ratings', 'movies', 'links'].includes(kind)) throw new Error(`Unknown file kind "${kind}".`);
    session.beginFile(kind, name);
    if (file && file.size > 0) session.expectBytes(file.size); // ratings take room for the whole file at once
    const feed = (bytes) => session.feed(bytes);
    if (file) await readBlob(id, file, feed);
    else await readUrl(id, url, feed);
    const report = plainReport(session.finishFile());
    trained = false;
    return { report, summary: plainSummary(session.summary()) };
  },

  async summary() {
    return plainSummary(session.summary());
  },

  async train({ id, options }) {
    cancelRequested = false;
    trained = false;
    const info = session.prepare(options);
    postMessage({ id, type: 'prepared', info: {
      vocabulary: Number(info.vocabulary), sequences: Number(info.sequences), tokens: Number(info.tokens),
    } });
    training = true;
    try {
      let stepTokens = 20000;
      for (;;) {
        await nextTask(); // lets a 'cancel' message in
        if (cancelRequested) return { status: 'cancelled' };
        const started = performance.now();
        const progress = plainProgress(session.trainStep(stepTokens));
        const elapsed = Math.max(1, performance.now() - started);
        stepTokens = Math.round(Math.min(2e6, Math.max(1000, stepTokens * (STEP_TARGET_MS / elapsed))));
        if (progress.done) {
          trained = true;
          return { status: 'done', progress };
        }
        postMessage({ id, type: 'progress', progress });
      }
    } finally {
      training = false;
    }
  },

  async search({ text, k }) {
    return plainMovies(session.search(String(text), k ?? 8));
  },

  async similar({ movieId, k }) {
    if (!trained) throw new Error('Train a model first.');
    return plainMovies(session.similar(movieId, k ?? 10, NaN));
  },

  async moreLike({ movieIds, k }) {
    if (!trained) throw new Error('Train a model first.');
    return plainMovies(session.moreLike(movieIds, k ?? 10, NaN));
  },

  async analogy({ positive, negative, k }) {
    if (!trained) throw new Error('Train a model first.');
    return plainMovies(session.analogy(positive, negative, k ?? 10, NaN));
  },

  async exportWord2Vec() {
    if (!trained) throw new Error('Train a model first.');
    return new Blob([session.exportWord2Vec()], { type: 'text/plain' });
  },

  // The two files TensorFlow's Embedding Projector reads, rows in the same order.
  async exportProjector() {
    if (!trained) throw new Error('Train a model first.');
    return {
      vectors: new Blob([session.exportProjectorVectors()], { type: 'text/tab-separated-values' }),
      metadata: new Blob([session.exportProjectorMetadata()], { type: 'text/tab-separated-values' }),
    };
  },

  async saveModel({ quantize }) {
    if (!trained) throw new Error('Train a model first.');
    return new Blob([session.saveModel(Boolean(quantize))], { type: 'application/octet-stream' });
  },

  // A model file replaces the trained model; a bad file throws and leaves the current one.
  async loadModel({ file, bytes }) {
    const data = bytes ?? new Uint8Array(await file.arrayBuffer());
    const info = session.loadModel(data);
    trained = true;
    return { movies: Number(info.movies), dim: Number(info.dim) };
  },

  // Everything the movie map needs: the movies in model order and their 2-D PCA positions.
  async mapData() {
    if (!trained) throw new Error('Train a model first.');
    const movies = plainMovies(session.movies());
    const xy = session.projection();
    return { movies, xy: new Float32Array(xy) };
  },

  // The UMAP map of the current model: 'layout' events show it forming, the result is the last.
  async umap({ id }) {
    if (!trained) throw new Error('Train a model first.');
    let layout = session.umapStart();
    for (;;) {
      const state = { epoch: Number(layout.epoch), epochs: Number(layout.epochs), xy: layout.xy };
      if (layout.done) return state;
      postMessage({ id, type: 'layout', ...state }, [state.xy.buffer]);
      await nextTask();
      layout = session.umapStep(UMAP_STEP_EPOCHS);
    }
  },
};

// Steps of the UMAP layout between two pictures of it sent to the page.
const UMAP_STEP_EPOCHS = 10;

// Requests run one at a time, in order; only 'cancel' jumps the queue.
let queue = Promise.resolve();

self.onmessage = (event) => {
  const message = event.data;
  if (!message || typeof message !== 'object') return;
  if (message.type === 'cancel') {
    if (training) cancelRequested = true;
    return;
  }
  const handler = handlers[message.type];
  queue = queue.then(async () => {
    try {
      if (!handler) throw new Error(`Unknown request "${message.type}".`);
      await ready;
      if (fatal) throw new Error(fatal);
      const value = await handler(message);
      postMessage({ id: message.id, type: 'result', value });
    } catch (error) {
      const reply = { id: message.id, type: 'error', message: messageOf(error) };
      // A trap (out of memory, out of bounds) leaves the module unusable: the page must restart us.
      if (typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError) {
        fatal = `The WebAssembly module stopped: ${messageOf(error)}. Reload the page to start again.`;
        reply.fatal = true;
        reply.message = fatal;
      }
      postMessage(reply);
    }
  });
};
