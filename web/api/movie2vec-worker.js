// The Worker behind movie2vec.mjs, as served over http(s): a classic worker, so that it can load
// the Emscripten glue (movie2vec.js, with movie2vec.wasm beside it) with importScripts, then
// hand over to movie2vec-worker-main.mjs, which speaks the protocol. On a cross-origin isolated
// page with more than one core it loads the threaded module (movie2vec-threads.js) instead, and
// falls back to movie2vec.js when that cannot start (its files missing, its workers refused).
'use strict';

// How long the threaded module may take to start its threads: a thread whose script cannot be
// loaded never reports, so waiting longer would leave the page without a module.
const THREADS_START_MS = 20_000;

async function startThreaded(threads) {
  importScripts('./movie2vec-threads.js');
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`its ${threads} threads did not start within ${THREADS_START_MS / 1000} s`)), THREADS_START_MS);
  });
  try {
    // Its threads are Web Workers that load the same script: from here, not from a <script>.
    return await Promise.race([
      self.createMovie2Vec({ m2vThreads: threads, mainScriptUrlOrBlob: new URL('./movie2vec-threads.js', self.location.href).href }),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

import('./movie2vec-worker-main.mjs').then(
  ({ serveWorker, threadsAvailable }) => serveWorker(async () => {
    const threads = threadsAvailable();
    let threadsError = null;
    if (threads > 1) {
      try {
        return await startThreaded(threads);
      } catch (error) {
        threadsError = String(error?.message ?? error);
      }
    }
    importScripts('movie2vec.js');
    const Module = await self.createMovie2Vec();
    // threadInfo() tells why training has one thread here.
    if (threadsError) Module.m2vThreadsError = threadsError;
    return Module;
  }),
  (error) => {
    // Without the protocol module no message can be sent: an uncaught error reaches the
    // Worker's error event, which Movie2Vec.create() turns into its rejection.
    setTimeout(() => {
      throw new Error(`movie2vec-worker-main.mjs could not be loaded from ${self.location.href.replace(/[^/]*$/, '')}: ${error?.message ?? error}`);
    });
  },
);
