// A 2-D map of the embeddings: principal component analysis with Eigen.
#pragma once

#include <vector>

#include "loss.h"

namespace m2v {

// Rows of `vectors` projected on their two principal axes (after centring): x0, y0, x1, y1, ...
// Each axis is scaled to [-1, 1] and its sign fixed (largest loading positive) so maps are stable.
std::vector<float> pca2d(const Matrix& vectors);

}  // namespace m2v
