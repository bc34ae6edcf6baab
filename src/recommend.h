// "What to watch next": the movies a person is likely to watch after their history, scored the
// way CBOW is trained (and the way `movie2vec eval` reports as "next"): a mean of the input vectors
// of the most recent movies of the history, dotted with each movie's output vector.
//
// The history is in watch order, most recent last. Only its last `recent` entries make the query
// (as eval's query is the user's last 5 training movies), the most recent weighing 1, the one before
// it `decay`, then decay^2, ... (a weighted mean); every movie of the history is left out of the
// results, and so are movies with fewer than minRatings ratings (when the counts are known). Each
// result names the query movie with the largest share of its score (its weight times its own input
// vector . the result's output vector): "because you watched ...".
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "loss.h"
#include "similarity.h"

namespace m2v {

// The query is the history's last this many entries: eval's default query length.
constexpr std::size_t kDefaultRecent = 5;
// Each step back in the history weighs this much less in the query: chosen by `eval
// --unseen-users` on half of ml-latest-small's users, checked on the other half and on
// leave-last-out (docs/quality.md, "A recency-weighted query"). 1 is the plain mean.
constexpr float kDefaultDecay = 0.7f;

struct RecommendOptions {
    std::size_t k = 10;
    std::uint32_t minRatings = 0;     // see similarity.h, kDefaultMinRatings, for the usual value
    std::size_t recent = kDefaultRecent;
    float decay = kDefaultDecay;      // in (0, 1]
};

// The weights of a query of n movies, oldest first (the last is 1), summing to 1.
std::vector<float> queryWeights(std::size_t n, float decay);

// One result by rows of the matrices.
struct RecommendedRow {
    int32_t row = -1;
    float score = 0;       // mean(input of the query) . output(row), plus the next model's

    int32_t because = -1;  // the query row contributing most to the score
};

// One result by movie id, as the CLI, the session and the bindings give it.
struct Recommendation {
    int32_t movieId = 0;
    float score = 0;
    int32_t because = 0;        // a movie id of the history
    std::uint32_t ratings = 0;  // 0 when unknown
};

// A model without output vectors (a model file saved without them): says so, and how to get one.
class NoOutputVectors : public std::runtime_error {
public:
    NoOutputVectors()
        : std::runtime_error("this model has no output vectors, which recommendations need (it was saved by an older movie2vec "
                             "or without them): train it again, or open it where it was trained and save it again, with "
                             "the current movie2vec, which saves them by default") {}
};

// A model's matrices, as recommendations read them (not owned): CBOW's input and output vectors,
// and the next model's (TrainOptions::nextModel) when it has one. Every matrix has one row per
// movie, in the same order.
struct ScoringMatrices {
    const Matrix* input = nullptr;
    const Matrix* output = nullptr;
    const Matrix* nextInput = nullptr;   // null, or 0 rows: no next model
    const Matrix* nextOutput = nullptr;
};

// Scores over one model's matrices (kept by reference: they must outlive the recommender).
// With a next model, a movie's score is CBOW's plus the next model's (the same weighted query
// over its own input vectors, dotted with its own output vectors). ratings is parallel or empty.
class Recommender {
public:
    Recommender(const ScoringMatrices& matrices, const std::vector<std::uint32_t>& ratings);
    Recommender(const Matrix& input, const Matrix& output, const std::vector<std::uint32_t>& ratings)
        : Recommender(ScoringMatrices{&input, &output}, ratings) {}

    // history: rows in watch order; -1 marks a movie the model does not know, which takes its place
    // in the `recent` window and adds nothing (as in eval). Ranked by score, then by row (lower
    // first: the vocabulary's order, most-rated first). Empty when no known movie is in the window.
    std::vector<RecommendedRow> recommendRows(const std::vector<int32_t>& history, const RecommendOptions& options);

private:
    // Each query movie's share of a result's score: its weight times its own vectors' products.
    float share(int32_t query, int32_t row) const;

    const Matrix& input_;
    const Matrix& output_;
    const Matrix* nextInput_ = nullptr;  // null without a next model
    const Matrix* nextOutput_ = nullptr;
    const std::vector<std::uint32_t>& ratings_;
    std::vector<float> scores_;
    std::vector<char> excluded_;
};

struct RecommendResult {
    std::vector<Recommendation> items;
    std::vector<int32_t> unknown;  // history ids the model does not know, in history order (skipped)
};

// By movie id, over a model whose input vectors `index` was built from (same rows). Throws
// NoOutputVectors when output has no rows.
RecommendResult recommend(const SimilarityIndex& index, const ScoringMatrices& matrices,
                          const std::vector<int32_t>& history, const RecommendOptions& options);
// Over CBOW's matrices alone.
inline RecommendResult recommend(const SimilarityIndex& index, const Matrix& input, const Matrix& output,
                                 const std::vector<int32_t>& history, const RecommendOptions& options) {
    return recommend(index, ScoringMatrices{&input, &output}, history, options);
}

// What int8 rounding of the output vectors should keep (model_file.cpp): a score q . o moves by
// q . e_o for an output vector's error e_o, so the metric is E[q q^T] over queries q = the
// queryWeights() mean of kDefaultRecent input vectors drawn by rating count (all alike when the
// counts are unknown), scaled to trace 1.
Eigen::MatrixXf int8QueryMetric(const Matrix& input, const std::vector<std::uint32_t>& ratings);

}  // namespace m2v
