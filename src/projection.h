// 2-D maps of the embeddings: principal component analysis (instant), and UMAP (a few seconds;
// neighbours stay neighbours, so genres form islands), both with Eigen.
#pragma once

#include <cstdint>
#include <vector>

#include "loss.h"
#include "random.h"

namespace m2v {

// Rows of `vectors` projected on their two principal axes (after centring): x0, y0, x1, y1, ...
// Each axis is scaled to [-1, 1] and its sign fixed (largest loading positive) so maps are stable.
std::vector<float> pca2d(const Matrix& vectors);

// UMAP (McInnes, Healy and Melville 2018) as umap-learn runs it with its defaults: 15 neighbours
// (by cosine, exact), min_dist 0.1, 5 negative samples per edge, 200 epochs; started from the PCA
// map instead of a spectral one. Deterministic for a seed.
// Runs in steps, so a Worker can show the layout as it forms.
// How well a map keeps neighbours: the share of each row's k nearest rows by cosine that are
// among its k nearest on the map (every `stride`-th row is checked; each check costs rows x dim).
double mapNeighbourRecall(const Matrix& vectors, const std::vector<float>& xy, std::size_t k = 10, std::size_t stride = 1);

class UmapLayout {
public:
    // The exact neighbour search costs rows^2 x dim.
    static constexpr std::size_t kMaxRows = 20000;

    // Finds the neighbours and the edge weights: most of the cost for small maps. Throws
    // std::invalid_argument above kMaxRows rows.
    explicit UmapLayout(const Matrix& vectors, std::uint64_t seed = 1);

    // Runs up to `epochs` more epochs; returns true when every epoch has run.
    bool step(int epochs);
    int epoch() const { return epoch_; }
    int epochs() const { return epochs_; }
    // x0, y0, x1, y1, ...: centred, both axes scaled by one factor into [-1, 1].
    std::vector<float> coordinates() const;

private:
    struct Edge {
        int32_t head, tail;
        float epochsPerSample, nextSample, nextNegative;
    };
    std::vector<Edge> edges_;
    std::vector<float> y_;  // 2 per row
    Rng rng_;
    int epoch_ = 0;
    int epochs_ = 0;
};

}  // namespace m2v
