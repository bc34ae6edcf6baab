// The messages between Movie2Vec (movie2vec.mjs) and its Worker, and the requests it runs, each
// named once. Internal: use movie2vec.mjs.
//
// Worker → API, once: {type: READY, lock} or {type: FATAL, message}; lock names a Web Lock the
// Worker holds while it lives (null where there are none).
// API → Worker: {type: REQUEST, id, op, args} and {type: CANCEL, id}.
// Worker → API, per request: {type: PREPARED, id, value}? {type: PROGRESS, id, value}*, then
// {type: RESULT, id, value} or {type: ERROR, id, name, message, fatal}.
export const Message = Object.freeze({
  READY: 'ready',
  FATAL: 'fatal',
  REQUEST: 'request',
  CANCEL: 'cancel',
  PREPARED: 'prepared',
  PROGRESS: 'progress',
  RESULT: 'result',
  ERROR: 'error',
});

// What a REQUEST asks for; the engine's run() has one case per name.
export const Op = Object.freeze({
  LOAD_RATINGS: 'loadRatings',
  LOAD_MOVIES: 'loadMovies',
  LOAD_LINKS: 'loadLinks',
  SUMMARY: 'summary',
  TRAIN_OPTIONS: 'trainOptions',
  NEIGHBOUR_OPTIONS: 'neighbourOptions',
  AUTO_EPOCHS: 'autoEpochs',
  ESTIMATE_TRAINING: 'estimateTraining',
  THREAD_INFO: 'threadInfo',
  TRAIN: 'train',
  SIMILAR: 'similar',
  MORE_LIKE: 'moreLike',
  ANALOGY: 'analogy',
  RECOMMEND: 'recommend',
  USER_HISTORY: 'userHistory',
  SEARCH: 'search',
  MOVIES: 'movies',
  SAVE_MODEL: 'saveModel',
  LOAD_MODEL: 'loadModel',
  MAP: 'map',
  EXPORT_WORD2VEC: 'exportWord2Vec',
  EXPORT_PROJECTOR_TSV: 'exportProjectorTsv',
});

// A file to fetch (URL objects cannot cross postMessage): {[URL_SOURCE]: href}.
export const URL_SOURCE = 'movie2vecUrl';
