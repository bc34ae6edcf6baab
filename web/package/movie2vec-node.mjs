// movie2vec under Node: what `import { Movie2Vec } from 'movie2vec'` gives there (the package's
// "node" condition). The same API as movie2vec.mjs, whose create() and loadModel() here default
// to the CommonJS build beside this file, run in the calling thread (no Worker, no moduleFactory
// to pass).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Movie2Vec as Movie2VecApi } from './movie2vec.mjs';

const createMovie2Vec = createRequire(import.meta.url)('./movie2vec-node.cjs');
// The Node glue's WebAssembly is the page's movie2vec.wasm (the build checks they are the same
// bytes), so the package ships it once.
const wasmPath = fileURLToPath(new URL('./movie2vec.wasm', import.meta.url));

export const moduleFactory = () => createMovie2Vec({ locateFile: (file) => (file.endsWith('.wasm') ? wasmPath : file) });

export class Movie2Vec extends Movie2VecApi {
  static create(options = {}) { return Movie2VecApi.create({ moduleFactory, ...options }); }
  static loadModel(bytes, options = {}) { return Movie2VecApi.loadModel(bytes, { moduleFactory, ...options }); }
}

export default Movie2Vec;
