// Nearest movies by cosine over the input vectors: top-k for one movie, "more like these" for
// several, and analogies (gensim's most_similar(positive, negative)).
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "loss.h"

namespace m2v {

struct Neighbour {
    int32_t movieId = 0;
    float score = 0;           // cosine similarity (search: match quality)
    std::uint32_t ratings = 0; // the ratings the movie's vector was trained on; 0 when unknown
};

// Neighbour lists leave out movies trained on fewer ratings than this, unless asked otherwise:
// a movie rated by one or two people gets the same updates as the movies next to it in their
// histories, and looks near-identical to them (docs/quality.md, "Minimum ratings").
constexpr std::uint32_t kDefaultMinRatings = 5;

class SimilarityIndex {
public:
    // rows of `vectors` belong to ids, in order; ratings (parallel to ids, or empty when unknown)
    // are each movie's rating count.
    SimilarityIndex(std::vector<int32_t> ids, const Matrix& vectors, std::vector<std::uint32_t> ratings = {});

    std::size_t size() const { return ids_.size(); }
    int dim() const { return static_cast<int>(unit_.cols()); }
    const std::vector<int32_t>& ids() const { return ids_; }
    // -1 when unknown.
    int32_t rowOf(int32_t movieId) const;
    // The unit-length vectors, one row per movie.
    const Matrix& unitVectors() const { return unit_; }
    bool hasRatings() const { return !ratings_.empty(); }
    const std::vector<std::uint32_t>& ratings() const { return ratings_; }
    // A row's rating count; 0 when unknown.
    std::uint32_t ratingsOf(int32_t row) const { return ratings_.empty() ? 0 : ratings_[static_cast<std::size_t>(row)]; }

    // Each throws std::invalid_argument naming an unknown movie id. The query's movies are excluded,
    // and so are movies with fewer than minRatings ratings (when the counts are known); the query
    // itself may have fewer.
    std::vector<Neighbour> similar(int32_t movieId, std::size_t k, std::uint32_t minRatings = 0) const;
    // The mean of the movies' unit vectors as the query.
    std::vector<Neighbour> moreLike(const std::vector<int32_t>& movieIds, std::size_t k, std::uint32_t minRatings = 0) const;
    // sum(positive) - sum(negative) of unit vectors as the query.
    std::vector<Neighbour> analogy(const std::vector<int32_t>& positive, const std::vector<int32_t>& negative,
                                   std::size_t k, std::uint32_t minRatings = 0) const;
    // Top k of an arbitrary query vector, skipping the given rows.
    std::vector<Neighbour> nearest(const Eigen::VectorXf& query, std::size_t k, const std::vector<int32_t>& skipRows,
                                   std::uint32_t minRatings = 0) const;

private:
    int32_t requireRow(int32_t movieId) const;

    std::vector<int32_t> ids_;
    Matrix unit_;
    std::vector<std::uint32_t> ratings_;
    std::unordered_map<int32_t, int32_t> rows_;
};

}  // namespace m2v
