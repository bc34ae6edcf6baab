// int8 vectors, chosen so that each movie's cosine neighbours stay those of the float vectors:
// the model file's compact form.
//
// Cosines depend only on directions, and the directions of a trained model share a large common
// part (their mean; in an undertrained model nearly all of it). So each vector is kept as its length
// and its unit direction minus the mean direction, rounded to int8 with a step of its own:
//   value = norm * (offset + step * code).
// Rounding still moves cosines by a few 0.0001, and many movies have near-ties at their k-th
// neighbour, so rounding alone changes the top-10 set of about one movie in ten. After rounding,
// every movie whose top-k set changed gets its codes nudged, a few rounding steps along the
// direction that lifts its lost neighbours above the intruders, and a nudge is kept only if it
// raises the number of movies whose top-k set is unchanged (counting the movies in whose lists the
// moved vector appears). See docs/quality.md, "int8 model files", for what it keeps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "loss.h"

namespace m2v {

struct Int8Vectors {
    std::vector<float> offset;        // dim: the mean of the unit vectors
    std::vector<float> norms;         // one per row
    std::vector<float> steps;         // one per row
    std::vector<std::int8_t> codes;   // rows x dim
};

// One component as the quantizer scores it and the loader rebuilds it.
inline float decodeInt8(float norm, float offset, float step, std::int8_t code) {
    return norm * (offset + step * static_cast<float>(code));
}

struct QuantizeReport {
    std::size_t rows = 0;
    bool neighboursChecked = false;    // false above kNeighbourCheckLimit rows: plain rounding
    std::size_t sameAfterRounding = 0; // rows whose top-k set survived plain rounding
    std::size_t sameAfterRepair = 0;   // ... and after the repair
};

// The pairwise neighbour check costs rows^2 x dim: above this many rows, plain rounding only.
constexpr std::size_t kNeighbourCheckLimit = 20000;

// Throws std::invalid_argument for a vector longer than 1e30 (or not finite).
// errorMetric (dim x dim, symmetric positive semi-definite), used with k = 0 only (no neighbours
// to keep), makes dot products with the vectors M describes (M = E[x x^T]) move least: each row's
// codes are rounded to make its error e small in e^T M e rather than in length, and its norm and
// step refitted.
Int8Vectors quantizeInt8(const Matrix& vectors, std::size_t k = 10, QuantizeReport* report = nullptr,
                         const Eigen::MatrixXf* errorMetric = nullptr);

}  // namespace m2v
