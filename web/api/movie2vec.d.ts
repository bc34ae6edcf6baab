// Types for movie2vec.mjs, movie2vec's Promise API (hand-written; see README "JavaScript API").

/**
 * A file: a File or Blob (read in 16 MiB slices by two Workers of its own, made from a blob: URL,
 * while the module parses; on the module's thread where no such Worker can be made), bytes, text,
 * or a URL object (fetched where the module runs and streamed, with progress; a string is always
 * the file's text, never a URL).
 */
export type FileSource = Blob | ArrayBuffer | ArrayBufferView | string | URL;

// A movie in a result, and a movie id or title to look up: the same types as the embed module's.
import type { MovieRef, NeighbourOptions, RecommendedMovie, RecommendOptions, SimilarMovie } from './movie-similar';
export type { MovieRef, NeighbourOptions, RecommendedMovie, RecommendOptions, SimilarMovie };

export interface LoadReport {
  file: string;
  /** "ratings", "movielens-movies", "kaggle-metadata" or "links" */
  kind: string;
  rowsRead: number;
  rowsKept: number;
  rowsSkipped: number;
  /** What was wrong, with file:line. */
  problems: string[];
  notes: string[];
}

export interface MoviesLoadReport extends LoadReport {
  /** Present when links were given. */
  links?: LoadReport;
}

/** Bytes read so far; total is the file's size (for a fetched file, its Content-Length when given). */
export interface LoadProgress { loaded: number; total: number; }

export interface DataSummary {
  ratings: number;
  users: number;
  moviesRated: number;
  moviesWithTitles: number;
  catalogueSize: number;
  notes: string[];
}

export interface TrainOptions {
  /** Vector size (default 64). */
  dim?: number;
  /** Context movies on each side (default 8). */
  window?: number;
  /** Noise samples per position, for losses 'nce' and 'negative' (default 25). */
  negative?: number;
  /** Passes over the data (default: autoEpochs() of the ratings: about 5 million in all, 1 to 50 passes; under 40,000 ratings 2 million, up to 100). */
  epochs?: number;
  /** Starting learning rate (default 0.02). */
  lr?: number;
  /** Movies rated fewer times are left out (default 1). */
  minCount?: number;
  /** Ratings below this are left out (default: none). */
  minRating?: number | null;
  /** Down-sampling of frequent movies (default 0, off). */
  sample?: number;
  /** Noise samples are drawn in proportion to (ratings count)^nsExponent, from -1 to 1 (default 0.6;
   *  gensim's ns_exponent, 0.75 there). */
  nsExponent?: number;
  seed?: number;
  /** 'nce' (default): noise-contrastive estimation, whose output vectors score log p(movie | context);
   *  'negative': word2vec's negative sampling; 'softmax': the exact full softmax (slow on large catalogues). */
  loss?: 'nce' | 'negative' | 'softmax';
  /** Training threads (default and most: threadInfo().maxThreads). Above 1, runs are not bit-identical. */
  threads?: number;
  /** Movies drawn from each position's earlier side that also predict it alone, in the model's own rows
   *  (default 0): recommend() predicts better, neighbours are less alike in genre. */
  nextPairs?: number;
  /** Movies drawn from each position's earlier side that predict it in a second model, whose scores
   *  recommend() adds (default 6; 0: no second model, training about 2.4 times as fast). Similar movies,
   *  the map and the exports are the first model's, the same with or without it. */
  nextModel?: number;
}

export interface ThreadInfo {
  /** The most threads train() uses here: the cores the browser reports (at most 8) on a cross-origin
   *  isolated page, else 1. */
  maxThreads: number;
  crossOriginIsolated: boolean;
  /** null, or why the threaded module could not start on this cross-origin isolated page (its files
   *  missing, its threads refused or not started within 20 s): training then uses 1 thread. */
  threadsError: string | null;
}

/**
 * One option as the module declares it (the same table as the command line's): a form can take
 * its limits, default and hint from here.
 */
export type OptionSpec<Name extends string = string> =
  | {
    name: Name;
    kind: 'integer' | 'number';
    /** null when optional: the option is then left out (minRating: every rating is kept). */
    default: number | null;
    min: number;
    max: number;
    /** The bound itself is not allowed (lr: above 0; sample: below 1). */
    minExclusive: boolean;
    maxExclusive: boolean;
    optional: boolean;
    /** When optional: what leaving it out means, as a form's placeholder ("auto" for epochs, "none" for minRating). */
    leftOut?: string;
    help: string;
  }
  | {
    name: Name;
    kind: 'choice';
    default: string;
    choices: string[];
    optional: boolean;
    help: string;
  };

/** One option train() takes. */
export type TrainOption = OptionSpec<keyof TrainOptions>;

/** What train() found to train on, reported once before the first step. */
export interface PreparedCorpus {
  /** Movies trained (rated at least minCount times). */
  vocabulary: number;
  /** Users with at least two movies. */
  sequences: number;
  /** Tokens (ratings) per epoch. */
  tokens: number;
  /** Threads training uses. */
  threads: number;
}

/** What train() with some options would take, from estimateTraining(). */
export interface TrainEstimate {
  /** Tokens (ratings kept) per epoch, as train() would build the corpus. */
  tokensPerEpoch: number;
  vocabulary: number;
  sequences: number;
  /** options.epochs, or the size rule's (autoEpochs) when left out. */
  epochs: number;
  /** epochs came from the size rule. */
  autoEpochs: boolean;
  /** Speed of a scratch model trained on a sample of the corpus with these options, on the threads train() would use. */
  tokensPerSecond: number;
  measuredTokens: number;
  measuredSeconds: number;
  /** Expected training time: tokensPerEpoch * epochs / tokensPerSecond. */
  seconds: number;
  /** Memory training needs on top of the ratings loaded: corpus, model and similarity index. */
  memoryBytes: number;
}

export interface TrainProgress {
  epoch: number;
  epochs: number;
  tokensDone: number;
  tokensTotal: number;
  tokensPerSecond: number;
  /** Mean loss of the current epoch so far. */
  loss: number;
  /** Mean loss of each finished epoch. */
  epochLosses: number[];
  seconds: number;
  done: boolean;
}

export interface TrainResult {
  progress: TrainProgress;
  prepared: PreparedCorpus;
}

/**
 * The map as it forms: UMAP's epochs so far, and its layout after them (as map()'s xy), once per
 * epoch count; searching is true in the first report, epoch 0, made while every movie's nearest
 * movies are being found (xy the PCA start).
 */
export interface MapProgress { epoch: number; epochs: number; searching: boolean; xy: Float32Array; }

export interface CreateOptions {
  /** Run in a Worker (default: true in browsers unless moduleFactory is given). */
  worker?: boolean;
  /** Where movie2vec-worker.js is (default: beside movie2vec.mjs). */
  workerUrl?: string | URL;
  /**
   * The whole worker as one classic script, for pages that cannot start a Worker from a URL
   * (opened from file://): web/dist/worker-standalone.js sets self.M2V_WORKER_SOURCE to it.
   */
  workerSource?: string;
  /** The full module's factory, to run in the calling thread (Node: require('build-wasm/movie2vec-node.js')). */
  moduleFactory?: () => Promise<unknown>;
  /**
   * Called once if this Movie2Vec stops working for good: its Worker died (out of memory, crashed,
   * closed; noticed through a Web Lock where the page may use them) or the module trapped. Pending
   * calls reject with an Error whose `fatal` is true. Not called after close().
   */
  onBroken?: (error: Error & { fatal: true }) => void;
}

export class Movie2Vec {
  private constructor();
  static create(options?: CreateOptions): Promise<Movie2Vec>;
  /** A Movie2Vec holding a saved model, ready for queries. Rejects when the bytes are not a valid model file. */
  static loadModel(bytes: ArrayBuffer | ArrayBufferView, options?: CreateOptions): Promise<Movie2Vec>;

  /** A file that cannot be used rejects with the reason (file:line) and changes nothing loaded before. */
  loadRatings(source: FileSource, options?: { onProgress?: (p: LoadProgress) => void; name?: string }): Promise<LoadReport>;
  /**
   * movies.csv (MovieLens), or movies_metadata.csv (Kaggle) with links: links.csv. With a model
   * (trained or loaded), it re-labels it: results then carry the new titles, years and genres;
   * the vectors stay as they are, so there is nothing to train again.
   */
  loadMovies(source: FileSource, options?: { links?: FileSource; onProgress?: (p: LoadProgress) => void; name?: string }): Promise<MoviesLoadReport>;
  /** links.csv on its own (joins a Kaggle movies_metadata.csv loaded before or after); re-labels as loadMovies does. */
  loadLinks(source: FileSource, options?: { onProgress?: (p: LoadProgress) => void; name?: string }): Promise<LoadReport>;
  summary(): Promise<DataSummary>;
  /** Every option train() takes, with its default, range and help, from the module. */
  trainOptions(): Promise<TrainOption[]>;
  /** The options similar(), moreLike() and analogy() take (minRatings, default 5), likewise. */
  neighbourOptions(): Promise<OptionSpec<keyof NeighbourOptions>[]>;
  /** The epochs train() uses when options.epochs is left out, for this many ratings per epoch. */
  autoEpochs(tokensPerEpoch: number): Promise<number>;
  /** What train(options) would take on the ratings loaded; measures this machine for about measureMs (default 250). */
  estimateTraining(options?: TrainOptions, hooks?: { measureMs?: number }): Promise<TrainEstimate>;
  threadInfo(): Promise<ThreadInfo>;

  /**
   * Rejects with a DOMException named "AbortError" when signal aborts, and with an Error whose
   * message says what is wrong for an option out of range. onPrepared comes once, before the first progress.
   * Until it resolves, the model there was before still answers queries; cancelled or failed, it stays.
   */
  train(options?: TrainOptions, hooks?: {
    onProgress?: (p: TrainProgress) => void;
    onPrepared?: (p: PreparedCorpus) => void;
    signal?: AbortSignal;
  }): Promise<TrainResult>;

  similar(movie: MovieRef, k?: number, options?: NeighbourOptions): Promise<SimilarMovie[]>;
  moreLike(movies: MovieRef[], k?: number, options?: NeighbourOptions): Promise<SimilarMovie[]>;
  /** positive − negative, e.g. {positive: ['Toy Story', 'Alien'], negative: ['Aladdin']}. */
  analogy(query: { positive?: MovieRef[]; negative?: MovieRef[] }, k?: number, options?: NeighbourOptions): Promise<SimilarMovie[]>;
  /**
   * What to watch next after history (movies watched, most recent last), as `movie2vec recommend`
   * and eval's "next" score it: the history left out, each result with the history movie that
   * contributes most. Ids the model does not know are skipped. With a next model (TrainOptions.nextModel),
   * its score is added to the output vectors'. Rejects, saying so and how to get one, for a model file
   * without output vectors.
   */
  recommend(history: MovieRef[], k?: number, options?: RecommendOptions): Promise<RecommendedMovie[]>;
  /** The movie ids one user of the loaded ratings file rated, in time order. Rejects for an unknown user. */
  userHistory(userId: number): Promise<number[]>;
  /** Titles matching text (case- and accent-insensitive), best first. */
  search(text: string, k?: number): Promise<SimilarMovie[]>;
  /** Every trained movie (score 0), most rated first. */
  movies(): Promise<SimilarMovie[]>;

  /**
   * The .m2v model file; int8: vectors 3.6x smaller that keep each movie's 10 nearest (about 99% of
   * movies). outputVectors (default true): with the output vectors and the next model, which recommend()
   * needs (twice the size, four times with a next model).
   */
  saveModel(options?: { int8?: boolean; outputVectors?: boolean }): Promise<Uint8Array>;
  /** Replaces the model with a saved one (bytes or a File); keeps the current one when it is not a valid model. */
  loadModel(bytes: ArrayBuffer | ArrayBufferView | Blob): Promise<{ movies: number; dim: number; outputVectors: boolean; nextModel: boolean }>;
  /**
   * The 2-D map of every movie, as the page draws it: xy holds x0, y0, x1, y1, … in [-1, 1], in
   * the order of movies. 'pca' is instant; 'umap' (at most 20,000 movies) takes seconds, reports
   * its epochs with the layout so far, and an AbortSignal stops it with an AbortError.
   */
  map(options?: { layout?: 'pca' | 'umap' },
    hooks?: { onProgress?: (p: MapProgress) => void; signal?: AbortSignal }): Promise<{ movies: SimilarMovie[]; xy: Float32Array }>;
  /** word2vec text format: "N D", then "movieId v1 … vD" per line. */
  exportWord2Vec(): Promise<string>;
  /** TensorFlow Embedding Projector's two TSV files. */
  exportProjectorTsv(): Promise<{ vectors: string; metadata: string }>;
  /**
   * Stops the Worker and frees the module; later calls reject. (After a WebAssembly trap, such as
   * running out of memory mid-step, every call rejects with an Error whose `fatal` is true: make a
   * new Movie2Vec.)
   */
  close(): void;
}

export default Movie2Vec;
