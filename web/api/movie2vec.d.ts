// Types for movie2vec.mjs, movie2vec's Promise API (hand-written; see README "JavaScript API").

/** A file's contents: a File or Blob (read in 4 MiB slices), bytes, or text. */
export type FileSource = Blob | ArrayBuffer | ArrayBufferView | string;

// A movie in a result, and a movie id or title to look up: the same types as the embed module's.
import type { MovieRef, NeighbourOptions, SimilarMovie } from './movie-similar';
export type { MovieRef, NeighbourOptions, SimilarMovie };

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
  /** Passes over the data (default 50). */
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
  prepared: { vocabulary: number; sequences: number; tokens: number };
}

export interface CreateOptions {
  /** Run in a Worker (default: true in browsers unless moduleFactory is given). */
  worker?: boolean;
  /** Where movie2vec-worker.js is (default: beside movie2vec.mjs). */
  workerUrl?: string | URL;
  /** The full module's factory, to run in the calling thread (Node: require('build-wasm/movie2vec-node.js')). */
  moduleFactory?: () => Promise<unknown>;
}

export class Movie2Vec {
  private constructor();
  static create(options?: CreateOptions): Promise<Movie2Vec>;
  /** A Movie2Vec holding a saved model, ready for queries. Rejects when the bytes are not a valid model file. */
  static loadModel(bytes: ArrayBuffer | ArrayBufferView, options?: CreateOptions): Promise<Movie2Vec>;

  loadRatings(source: FileSource, options?: { onProgress?: (p: LoadProgress) => void; name?: string }): Promise<LoadReport>;
  /** movies.csv (MovieLens), or movies_metadata.csv (Kaggle) with links: links.csv. */
  loadMovies(source: FileSource, options?: { links?: FileSource; onProgress?: (p: LoadProgress) => void; name?: string }): Promise<MoviesLoadReport>;
  summary(): Promise<DataSummary>;

  /** Rejects with a DOMException named "AbortError" when signal aborts. */
  train(options?: TrainOptions, hooks?: { onProgress?: (p: TrainProgress) => void; signal?: AbortSignal }): Promise<TrainResult>;

  similar(movie: MovieRef, k?: number, options?: NeighbourOptions): Promise<SimilarMovie[]>;
  moreLike(movies: MovieRef[], k?: number, options?: NeighbourOptions): Promise<SimilarMovie[]>;
  /** positive − negative, e.g. {positive: ['Toy Story', 'Alien'], negative: ['Aladdin']}. */
  analogy(query: { positive?: MovieRef[]; negative?: MovieRef[] }, k?: number, options?: NeighbourOptions): Promise<SimilarMovie[]>;
  /** Titles matching text (case- and accent-insensitive), best first. */
  search(text: string, k?: number): Promise<SimilarMovie[]>;
  /** Every trained movie (score 0), most rated first. */
  movies(): Promise<SimilarMovie[]>;

  /** The .m2v model file; int8: vectors 3.6x smaller that keep each movie's 10 nearest (about 99% of movies). */
  saveModel(options?: { int8?: boolean }): Promise<Uint8Array>;
  /** Replaces the model with a saved one; keeps the current one when the bytes are not a valid model. */
  loadModel(bytes: ArrayBuffer | ArrayBufferView): Promise<{ movies: number; dim: number }>;
  /**
   * The 2-D map of every movie, as the page draws it: xy holds x0, y0, x1, y1, … in [-1, 1], in
   * the order of movies. 'pca' is instant; 'umap' (at most 20,000 movies) takes seconds, reports
   * its epochs, and an AbortSignal stops it with an AbortError.
   */
  map(options?: { layout?: 'pca' | 'umap' },
    hooks?: { onProgress?: (p: { epoch: number; epochs: number }) => void; signal?: AbortSignal }): Promise<{ movies: SimilarMovie[]; xy: Float32Array }>;
  /** word2vec text format: "N D", then "movieId v1 … vD" per line. */
  exportWord2Vec(): Promise<string>;
  /** TensorFlow Embedding Projector's two TSV files. */
  exportProjectorTsv(): Promise<{ vectors: string; metadata: string }>;
  /** Stops the Worker and frees the module; later calls reject. */
  close(): void;
}

export default Movie2Vec;
