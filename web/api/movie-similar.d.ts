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

/** A movie id, or a title to look up (the best search match is used). */
export type MovieRef = number | string;

export class MovieModel {
  /** A .m2v model file: a URL (relative to the page), Blob, ArrayBuffer or Uint8Array. Rejects with the reason when the file is not a valid model. */
  static load(source: string | URL | Blob | ArrayBuffer | ArrayBufferView): Promise<MovieModel>;
  /** Number of movies in the model. */
  readonly size: number;
  /** Dimensions of the vectors. */
  readonly dim: number;
  similar(movie: MovieRef, k?: number, options?: NeighbourOptions): SimilarMovie[];
  moreLike(movies: MovieRef[], k?: number, options?: NeighbourOptions): SimilarMovie[];
  analogy(query: { positive?: MovieRef[]; negative?: MovieRef[] }, k?: number, options?: NeighbourOptions): SimilarMovie[];
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

/** The Emscripten module factory (internal). */
declare const createMovie2VecEmbed: () => Promise<unknown>;
export default createMovie2VecEmbed;
