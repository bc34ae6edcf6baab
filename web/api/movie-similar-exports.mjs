// Appended last to web/dist/movie-similar.mjs: its named exports (the default export is the
// Emscripten module factory).
export const { MovieModel, MovieSimilarElement, MovieRecommendElement } = MovieSimilar;
