#include "similarity.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace m2v {

SimilarityIndex::SimilarityIndex(std::vector<int32_t> ids, const Matrix& vectors, std::vector<std::uint32_t> ratings)
    : ids_(std::move(ids)), unit_(vectors), ratings_(std::move(ratings)) {
    if (static_cast<Eigen::Index>(ids_.size()) != vectors.rows())
        throw std::invalid_argument("similarity index: " + std::to_string(ids_.size()) + " ids for " +
                                    std::to_string(vectors.rows()) + " vectors");
    if (!ratings_.empty() && ratings_.size() != ids_.size())
        throw std::invalid_argument("similarity index: " + std::to_string(ratings_.size()) + " rating counts for " +
                                    std::to_string(ids_.size()) + " movies");
    for (Eigen::Index r = 0; r < unit_.rows(); ++r) {
        const float norm = unit_.row(r).norm();
        // A zero vector stays zero: its cosine with anything is 0, not NaN.
        if (norm > 0) unit_.row(r) /= norm;
        rows_.emplace(ids_[r], static_cast<int32_t>(r));
    }
}

int32_t SimilarityIndex::rowOf(int32_t movieId) const {
    auto it = rows_.find(movieId);
    return it == rows_.end() ? -1 : it->second;
}

int32_t SimilarityIndex::requireRow(int32_t movieId) const {
    const int32_t row = rowOf(movieId);
    if (row < 0) throw std::invalid_argument("movie " + std::to_string(movieId) + " has no vector (not in the training data, or below --min-count)");
    return row;
}

std::vector<Neighbour> SimilarityIndex::nearest(const Eigen::VectorXf& query, std::size_t k,
                                                const std::vector<int32_t>& skipRows, std::uint32_t minRatings) const {
    const float norm = query.norm();
    Eigen::VectorXf scores = unit_ * (norm > 0 ? Eigen::VectorXf(query / norm) : query);
    std::vector<char> skipped(static_cast<std::size_t>(scores.size()), 0);
    for (int32_t r : skipRows) skipped[static_cast<std::size_t>(r)] = 1;
    if (hasRatings() && minRatings > 1)
        for (std::size_t r = 0; r < ratings_.size(); ++r) skipped[r] |= ratings_[r] < minRatings;
    std::vector<int32_t> order;
    order.reserve(static_cast<std::size_t>(scores.size()));
    for (std::size_t i = 0; i < skipped.size(); ++i)
        if (!skipped[i]) order.push_back(static_cast<int32_t>(i));
    k = std::min(k, order.size());
    // Ties broken by row, so results are stable.
    auto better = [&](int32_t a, int32_t b) { return scores[a] != scores[b] ? scores[a] > scores[b] : a < b; };
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(), better);
    std::vector<Neighbour> result;
    result.reserve(k);
    for (std::size_t i = 0; i < k; ++i) result.push_back({ids_[order[i]], scores[order[i]], ratingsOf(order[i])});
    return result;
}

std::vector<Neighbour> SimilarityIndex::similar(int32_t movieId, std::size_t k, std::uint32_t minRatings) const {
    const int32_t row = requireRow(movieId);
    return nearest(unit_.row(row).transpose(), k, {row}, minRatings);
}

std::vector<Neighbour> SimilarityIndex::moreLike(const std::vector<int32_t>& movieIds, std::size_t k,
                                                 std::uint32_t minRatings) const {
    return analogy(movieIds, {}, k, minRatings);
}

std::vector<Neighbour> SimilarityIndex::analogy(const std::vector<int32_t>& positive, const std::vector<int32_t>& negative,
                                                std::size_t k, std::uint32_t minRatings) const {
    if (positive.empty()) throw std::invalid_argument("give at least one movie");
    Eigen::VectorXf query = Eigen::VectorXf::Zero(unit_.cols());
    std::vector<int32_t> skip;
    for (int32_t id : positive) {
        skip.push_back(requireRow(id));
        query += unit_.row(skip.back()).transpose();
    }
    for (int32_t id : negative) {
        skip.push_back(requireRow(id));
        query -= unit_.row(skip.back()).transpose();
    }
    std::sort(skip.begin(), skip.end());
    skip.erase(std::unique(skip.begin(), skip.end()), skip.end());
    return nearest(query, k, skip, minRatings);
}

}  // namespace m2v
