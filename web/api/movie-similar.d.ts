// Types for movie-similar.mjs (and the global MovieSimilar of the one-file movie-similar.js):
// the embed-only module that loads a model file and answers queries, and <movie-similar>.

export interface SimilarMovie {
  movieId: number;
  title: string;
  /** 0 when unknown. */
  year: number;
  genres: string[];
  /** Cosine similarity (for search: match quality in (0, 1]). */
  score: number;
  /** How many ratings the movie's vector was trained on; 0 when unknown (a model file without counts). */
  ratings: number;
}

export interface NeighbourOptions {
  /** Leave out movies with fewer ratings than this (default 5); the query itself may have fewer. Ignored when the counts are unknown. */
  minRatings?: number;
}

/** A recommendation: a movie, its "next" score, and the history movie contributing most. */
export interface RecommendedMovie extends SimilarMovie {
  /** Mean input vector of the recent history · the movie's output vector (not a cosine). */
  score: number;
  /** The movieId of the history movie whose own input vector scores this movie highest ("because you watched …"). */
  because: number;
  becauseTitle: string;
}

export interface RecommendOptions extends NeighbourOptions {
  /** How many of the last movies of the history make the query (default 5, as `movie2vec eval` scores "next"). */
  recent?: number;
}

/** A movie id, or a title to look up (the best search match is used). */
export type MovieRef = number | string;

export class MovieModel {
  /** A .m2v model file: a URL (relative to the page), Blob, ArrayBuffer or Uint8Array. Rejects with the reason when the file is not a valid model. */
  static load(source: string | URL | Blob | ArrayBuffer | ArrayBufferView): Promise<MovieModel>;
  /** Number of movies in the model. */
  readonly size: number;
  /** Dimensions of the vectors. */
  readonly dim: number;
  /** Whether the file has output vectors, which recommend() needs (model files saved before recommendations do not). */
  readonly hasOutputVectors: boolean;
  /** Whether the file has a next model, whose scores recommend() adds to the output vectors' (files from
   *  training with nextModel 0, or saved before it, have none: recommend() then uses the output vectors alone). */
  readonly hasNextModel: boolean;
  similar(movie: MovieRef, k?: number, options?: NeighbourOptions): SimilarMovie[];
  moreLike(movies: MovieRef[], k?: number, options?: NeighbourOptions): SimilarMovie[];
  analogy(query: { positive?: MovieRef[]; negative?: MovieRef[] }, k?: number, options?: NeighbourOptions): SimilarMovie[];
  /**
   * What to watch next after history (movies watched, most recent last): every other movie, by its
   * output vector against the mean input vector of the last `recent` movies. Ids the model does not
   * know are skipped. Throws, saying so and how to get one, when the file has no output vectors.
   */
  recommend(history: MovieRef[], k?: number, options?: RecommendOptions): RecommendedMovie[];
  search(text: string, k?: number): SimilarMovie[];
  /** Every movie of the model (score 0), most rated first. */
  movies(): SimilarMovie[];
  /** Frees the model's WebAssembly memory now; later calls throw. */
  dispose(): void;
}

/**
 * <movie-similar model="model.m2v" movie="1" k="10" href="movie.html?id={id}" min-ratings="5">.
 * min-ratings: leave out movies with fewer ratings (default 5; 0 shows all). Each <li> has data-ratings when the model file has the counts.
 * model: URL of a .m2v file, or "#id" of an element whose text is the file in base64.
 * movie: id or title (default: ?movie= of the page URL). Sets state="loading|ready|error".
 * Events: 'movie-similar-ready' (detail {movieId, results, loadMs}), 'movie-similar-error' (detail {message}).
 */
export class MovieSimilarElement extends HTMLElement {}

/**
 * <movie-recommend model="model.m2v" history="1,2355,588" k="10" history-key="watched">: what to
 * watch next, as the same list markup as <movie-similar> (<ol><li data-movie-id data-score
 * data-because>…). history: movie ids (or titles) separated by commas, most recent last;
 * history-key: read the history from localStorage[key] instead (a JSON array or the same comma
 * list), re-read on the window's 'storage' event and on 'movie-recommend-refresh'. Re-renders
 * when history, k or min-ratings change. Same model, href, min-ratings and state as <movie-similar>.
 * Events: 'movie-recommend-ready' (detail {history, results, loadMs}), 'movie-recommend-error' (detail {message}).
 */
export class MovieRecommendElement extends HTMLElement {}

/** The Emscripten module factory (internal). */
declare const createMovie2VecEmbed: () => Promise<unknown>;
export default createMovie2VecEmbed;
