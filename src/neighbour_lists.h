// Every movie's nearest movies at once, by cosine: exact, each pair scored once (rows^2 x dim / 2
// multiply-adds). Used to check int8 codes (quantize.h) and to build the UMAP map (projection.h).
#pragma once

#include <cstdint>
#include <vector>

#include "loss.h"

namespace m2v {

struct Near {
    float score;  // cosine
    int32_t row;
};

// Higher cosine first; ties by row, as SimilarityIndex orders them.
inline bool closer(const Near& a, const Near& b) { return a.score != b.score ? a.score > b.score : a.row < b.row; }

// A row's nearest rows, best first: exactly the top `length` of its row, or fewer after updates
// (then every row left out is no closer than the last one kept).
using NearList = std::vector<Near>;

void insertNear(NearList& list, std::size_t length, Near c);

// Nearly every offer is turned down by the first test: that part is inline.
inline void offerNear(NearList& list, std::size_t length, Near c) {
    if (list.size() == length && !closer(c, list.back())) return;
    insertNear(list, length, c);
}

// The rows scaled to length 1 (zero rows stay zero), as SimilarityIndex scales them.
Matrix unitRows(const Matrix& m);

// The cosine of two unit rows, as every list here scores it (symmetric to the last bit).
float rowDot(const Matrix& unit, Eigen::Index a, const float* b);

// Every row's `length` nearest other rows; `unit` holds unit rows.
std::vector<NearList> allNearest(const Matrix& unit, std::size_t length);

}  // namespace m2v
