// The page's one Movie2Vec (the public API; the page never talks to the Worker or the module
// itself). Served over http(s), the API starts its Worker from beside movie2vec.mjs; opened from
// file://, where Chromium refuses Workers from files, from the one-script worker that
// dist/worker-standalone.js carries.
//
// createClient() returns an object with every Movie2Vec method, each waiting for the module to
// start. After a fatal error (a WebAssembly trap, or the Worker died) the API cannot go on: the
// client starts a new one and calls onRestart(error), since everything loaded is gone.

import { Movie2Vec } from '../dist/movie2vec.mjs';

const FROM_FILE = location.protocol === 'file:';

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => { script.remove(); resolve(); };
    script.onerror = () => { script.remove(); reject(new Error(`could not load ${src}`)); };
    document.head.append(script);
  });
}

async function start(onBroken) {
  if (!FROM_FILE) return Movie2Vec.create({ onBroken });
  if (typeof self.M2V_WORKER_SOURCE !== 'string') {
    await loadScript('dist/worker-standalone.js').catch(() => {
      throw new Error('This page was opened from a file, which needs dist/worker-standalone.js, and it is missing. ' +
        'Build it with ./build-wasm.sh build, or open the page through ./build-wasm.sh serve or any static server.');
    });
  }
  return Movie2Vec.create({ workerSource: self.M2V_WORKER_SOURCE, onBroken });
}

// onStartError(error): the module could not start at all.
export function createClient({ onRestart, onStartError }) {
  let current = null;

  // The Movie2Vec behind `from` stopped for good (its Worker died or the module trapped, with
  // or without a call pending): once per instance, a new one starts and onRestart(error) runs.
  function restart(from, error) {
    if (current !== from) return;
    from.then((m2v) => m2v.close(), () => {});
    launch();
    onRestart(error);
  }

  function launch() {
    const instance = start((error) => restart(instance, error));
    current = instance;
    current.catch(onStartError);
  }
  launch();

  const client = {};
  for (const name of Object.getOwnPropertyNames(Movie2Vec.prototype)) {
    if (name === 'constructor' || name === 'close') continue;
    client[name] = async (...args) => {
      const instance = current;
      const m2v = await instance;
      try {
        return await m2v[name](...args);
      } catch (error) {
        if (error?.fatal) restart(instance, error);
        throw error;
      }
    };
  }
  return client;
}

export const openedFromFile = FROM_FILE;
