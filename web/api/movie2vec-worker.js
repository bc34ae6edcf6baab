// The Worker behind movie2vec.mjs, as served over http(s): a classic worker, so that it can load
// the Emscripten glue (movie2vec.js, with movie2vec.wasm beside it) with importScripts, then
// hand over to movie2vec-worker-main.mjs, which speaks the protocol. On a cross-origin isolated
// page with more than one core it loads the threaded module (movie2vec-threads.js) instead.
'use strict';

import('./movie2vec-worker-main.mjs').then(
  ({ serveWorker, threadsAvailable }) => serveWorker(() => {
    const threads = threadsAvailable();
    if (threads > 1) {
      importScripts('./movie2vec-threads.js');
      // Its threads are Web Workers that load the same script: from here, not from a <script>.
      return self.createMovie2Vec({ m2vThreads: threads, mainScriptUrlOrBlob: new URL('./movie2vec-threads.js', self.location.href).href });
    }
    importScripts('movie2vec.js');
    return self.createMovie2Vec();
  }),
  (error) => {
    // Without the protocol module no message can be sent: an uncaught error reaches the
    // Worker's error event, which Movie2Vec.create() turns into its rejection.
    setTimeout(() => {
      throw new Error(`movie2vec-worker-main.mjs could not be loaded from ${self.location.href.replace(/[^/]*$/, '')}: ${error?.message ?? error}`);
    });
  },
);
