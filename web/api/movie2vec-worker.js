// The Worker behind movie2vec.mjs: messages in, messages out. It loads the full module
// (movie2vec.js + movie2vec.wasm, beside this file) and runs every request of one Movie2Vec.
//
// In: {id, op, args} and {type: 'cancel', id}. Out: {type: 'ready'} or {type: 'fatal', message}
// once; per request {id, type: 'progress', value}* then {id, type: 'result', value} or
// {id, type: 'error', message, name}.
'use strict';

const cancelled = new Set();
let engine = null;
let run = null;
let fatal = null;

const ready = (async () => {
  let api;
  try {
    importScripts('movie2vec.js');
    api = await import('./movie2vec-engine.mjs');
  } catch (error) {
    throw new Error(`The movie2vec Worker could not load movie2vec.js and movie2vec-engine.mjs from ${self.location.href.replace(/[^/]*$/, '')}: ${error?.message ?? error}`);
  }
  // eslint-disable-next-line no-undef
  const Module = await createMovie2Vec();
  engine = new api.Engine(Module);
  run = api.run;
})();

ready.then(
  () => postMessage({ type: 'ready' }),
  (error) => {
    fatal = error?.message ?? String(error);
    postMessage({ type: 'fatal', message: fatal });
  },
);

// A Uint8Array result travels without a copy.
const transferables = (value) => (value instanceof Uint8Array ? [value.buffer] : []);

// Requests run one at a time, in order; only 'cancel' jumps the queue.
let queue = Promise.resolve();

self.onmessage = ({ data }) => {
  if (!data || typeof data !== 'object') return;
  if (data.type === 'cancel') {
    cancelled.add(data.id);
    return;
  }
  const { id, op, args } = data;
  queue = queue.then(async () => {
    try {
      await ready;
      if (fatal) throw new Error(fatal);
      if (cancelled.has(id)) throw Object.assign(new Error('Cancelled.'), { name: 'AbortError' });
      const value = await run(engine, op, args ?? {}, {
        onProgress: (progress) => postMessage({ id, type: 'progress', value: progress }),
        isCancelled: () => cancelled.has(id),
      });
      postMessage({ id, type: 'result', value }, transferables(value));
    } catch (error) {
      const reply = { id, type: 'error', name: error?.name ?? 'Error', message: error?.message ?? String(error) };
      // A trap (out of memory, out of bounds) leaves the module unusable.
      if (typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError) {
        fatal = `The WebAssembly module stopped: ${reply.message}. Create a new Movie2Vec to start again.`;
        reply.message = fatal;
      }
      postMessage(reply);
    } finally {
      cancelled.delete(id);
    }
  });
};
