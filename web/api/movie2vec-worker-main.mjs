// The Worker behind movie2vec.mjs: messages in, messages out (movie2vec-protocol.mjs). It starts
// the full module once and runs every request of one Movie2Vec, one at a time, in order; only a
// cancel jumps the queue. Internal: movie2vec-worker.js starts it over http(s), and the bundle
// made for pages opened from file:// (web/dist/worker-standalone.js) starts it with the
// single-file module.

import { Engine, RequestQueue, isFatal, messageOf, run } from './movie2vec-engine.mjs';
import { Message, Op } from './movie2vec-protocol.mjs';

// The most training threads: more cores than this are seldom there, and each thread keeps its own
// copies of the frequent rows and a Web Worker.
export const MAX_THREADS = 8;

// How many threads the threaded module would start here: the cores the browser reports (at most
// MAX_THREADS), or 1 where shared memory is not allowed (a page that is not cross-origin isolated).
export function threadsAvailable() {
  if (!self.crossOriginIsolated || typeof SharedArrayBuffer !== 'function') return 1;
  return Math.max(1, Math.min(MAX_THREADS, Number(self.navigator?.hardwareConcurrency) || 1));
}

// startModule: () => Promise<the Emscripten module>.
export function serveWorker(startModule) {
  const cancelled = new Set();
  let engine = null;
  let fatal = null;

  const ready = (async () => {
    let Module;
    try {
      Module = await startModule();
    } catch (error) {
      throw new Error(`The movie2vec WebAssembly module could not be started: ${messageOf(error)}`);
    }
    engine = new Engine(Module, { crossOriginIsolated: Boolean(self.crossOriginIsolated) });
  })();

  // A lock held for the Worker's whole life: the API asks for the same lock, which it gets the
  // moment this Worker is gone however it ended (out of memory, crashed, closed), with no error
  // event to say so. Where the Locks API is missing (not a secure context), null.
  const lifeLock = (async () => {
    try {
      const name = `movie2vec-worker-${crypto.randomUUID()}`;
      await new Promise((granted, refused) => {
        self.navigator.locks.request(name, () => {
          granted();
          return new Promise(() => {});
        }).catch(refused);
      });
      return name;
    } catch {
      return null;
    }
  })();

  ready.then(
    async () => postMessage({ type: Message.READY, lock: await lifeLock }),
    (error) => {
      fatal = messageOf(error);
      postMessage({ type: Message.FATAL, message: fatal });
    },
  );

  // Uint8Array and Float32Array results travel without a copy.
  const transferables = (value) => {
    if (ArrayBuffer.isView(value)) return [value.buffer];
    if (ArrayBuffer.isView(value?.xy)) return [value.xy.buffer];
    return [];
  };

  const queue = new RequestQueue();

  self.onmessage = ({ data }) => {
    if (!data || typeof data !== 'object') return;
    if (data.type === Message.CANCEL) {
      cancelled.add(data.id);
      return;
    }
    if (data.type !== Message.REQUEST) return;
    const { id, op, args } = data;
    // A map and the movies' list run in steps and yield between them: each starts after the
    // requests before it, but the ones after it (a search while typing) are answered between its steps.
    const yields = op === Op.MAP || op === Op.MOVIES;
    queue.add(op, async () => {
      try {
        await ready;
        if (fatal) throw new Error(fatal);
        if (cancelled.has(id)) throw Object.assign(new Error('Cancelled.'), { name: 'AbortError' });
        const value = await run(engine, op, args ?? {}, {
          onProgress: (progress) => postMessage({ type: Message.PROGRESS, id, value: progress }, transferables(progress)),
          onPrepared: (prepared) => postMessage({ type: Message.PREPARED, id, value: prepared }),
          isCancelled: () => cancelled.has(id),
        });
        postMessage({ type: Message.RESULT, id, value }, transferables(value));
      } catch (error) {
        const reply = { type: Message.ERROR, id, name: error?.name ?? 'Error', message: messageOf(error), fatal: false };
        if (isFatal(error)) {
          fatal = `The WebAssembly module stopped: ${reply.message}. Create a new Movie2Vec to start again.`;
          Object.assign(reply, { message: fatal, fatal: true });
        }
        postMessage(reply);
      } finally {
        cancelled.delete(id);
      }
    }, { yields });
  };
}
