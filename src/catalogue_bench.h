// Test files with a MovieLens-25M/32M-sized catalogue, made from a small MovieLens folder: each
// copy of the ratings renumbers its users, keeps the most-rated movies (the popular head, shared
// by every copy) and renumbers the rest (the long tail, one new movie per copy), so that the
// catalogue grows with the copies and, as in the real files, many movies have few ratings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace m2v {

struct CatalogueBenchOptions {
    std::size_t copies = 10;
    std::size_t head = 1000;  // the most-rated movies of the source, shared by every copy
};

struct CatalogueBenchFile {
    std::size_t ratings = 0, users = 0, movies = 0;  // movies rated at least once
    std::size_t headMovies = 0;
    std::size_t fewerThan10 = 0;  // movies with fewer than 10 ratings
    std::int64_t idStride = 0;    // copy c's tail movie m is m + c * idStride (copy 0 keeps its ids)
};

// Reads ratingsSource (userId,movieId,rating,timestamp) and moviesSource (movieId,title,genres);
// writes ratingsTarget and a matching moviesTarget (each tail copy's title gets " #c" before its
// year, so "Heat (1995)" in copy 3 is "Heat #3 (1995)"). Throws std::runtime_error naming the
// file and line of a row it cannot read, or when the ids would not fit in 32 bits.
CatalogueBenchFile writeCatalogueFiles(const std::string& ratingsSource, const std::string& moviesSource,
                                       const std::string& ratingsTarget, const std::string& moviesTarget,
                                       const CatalogueBenchOptions& options);

}  // namespace m2v
