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
    float score = 0;  // cosine similarity (search: match quality)
};

class SimilarityIndex {
public:
    // rows of `vectors` belong to ids, in order.
    SimilarityIndex(std::vector<int32_t> ids, const Matrix& vectors);

    std::size_t size() const { return ids_.size(); }
    int dim() const { return static_cast<int>(unit_.cols()); }
    const std::vector<int32_t>& ids() const { return ids_; }
    // -1 when unknown.
    int32_t rowOf(int32_t movieId) const;
    // The unit-length vectors, one row per movie.
    const Matrix& unitVectors() const { return unit_; }

    // Each throws std::invalid_argument naming an unknown movie id. The query's movies are excluded.
    std::vector<Neighbour> similar(int32_t movieId, std::size_t k) const;
    // The mean of the movies' unit vectors as the query.
    std::vector<Neighbour> moreLike(const std::vector<int32_t>& movieIds, std::size_t k) const;
    // sum(positive) - sum(negative) of unit vectors as the query.
    std::vector<Neighbour> analogy(const std::vector<int32_t>& positive, const std::vector<int32_t>& negative,
                                   std::size_t k) const;
    // Top k of an arbitrary query vector, skipping the given rows.
    std::vector<Neighbour> nearest(const Eigen::VectorXf& query, std::size_t k, const std::vector<int32_t>& skipRows) const;

private:
    int32_t requireRow(int32_t movieId) const;

    std::vector<int32_t> ids_;
    Matrix unit_;
    std::unordered_map<int32_t, int32_t> rows_;
};

}  // namespace m2v
