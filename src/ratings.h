// The ratings table: user, movie, rating, timestamp rows read from a CSV, stored compactly,
// and per-user sequences of movies in (timestamp, movieId) order (in a file of dates without
// times, a day's movies in an order of each user's own).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "load_report.h"

namespace m2v {

// One kept rating, as the table stores it: 8 bytes.
struct MovieRating {
    int32_t movie;
    float rating;
};

class RatingsTable {
public:
    std::size_t ratingCount() const { return count_; }
    std::size_t userCount() const { return userIds_.size(); }
    // The ids of the movies with at least one rating, ascending (found on demand, in two passes
    // over the ratings for the usual id ranges), and how many there are.
    std::vector<int32_t> distinctMovieIds() const;
    std::size_t distinctMovies() const { return distinctMovieIds().size(); }

    // Calls fn once per user (in ascending userId order) with the user's movies ordered by
    // (timestamp, movieId), keeping only ratings >= minRating. Users left with no movie are skipped.
    void forEachSequence(float minRating,
                         const std::function<void(int32_t userId, const int32_t* movies, std::size_t n)>& fn) const;

    // Internal layout, filled by RatingsLoader: user u's rows are [offsets_[u], offsets_[u+1]).
    const MovieRating& row(std::size_t j) const { return rows_.get()[j]; }
    std::vector<int32_t> userIds_;
    std::vector<uint32_t> offsets_;
    // The loader's own buffer, packed in place (no copy): freed the way it was allocated.
    std::shared_ptr<const MovieRating> rows_;
    std::size_t count_ = 0;
};

// Reads a ratings CSV streamed in chunks. Columns are found by header name, case-insensitive
// (userId/user_id/user, movieId/movie_id/item/itemId/item_id, rating, timestamp); a file without
// a header is read as user, item, rating, timestamp. Without a rating column every row rates 1;
// without a timestamp, rows keep their order; when every timestamp is a midnight (dates without
// times), a user's movies of one day are ordered by a hash of user and movie, not by movieId.
// A repeated (user, movie) keeps the latest rating (latest timestamp, then later row). Bad rows
// are skipped and listed in the report.
class RatingsLoader {
public:
    explicit RatingsLoader(std::string fileName);
    ~RatingsLoader();
    RatingsLoader(const RatingsLoader&) = delete;
    RatingsLoader& operator=(const RatingsLoader&) = delete;

    // The file's size, when known before feeding: lets the loader take room for all rows at once.
    void expectBytes(std::uint64_t bytes);
    void feed(std::string_view chunk);
    // Throws LoadError when the file cannot be used at all (empty, binary, no usable columns).
    RatingsTable finish();
    const LoadReport& report() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Reads a whole file from disk in chunks. Throws LoadError (also for a missing file).
RatingsTable loadRatingsFile(const std::string& path, LoadReport* report = nullptr);

}  // namespace m2v
