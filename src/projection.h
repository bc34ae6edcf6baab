// 2-D maps of the embeddings: principal component analysis (instant), and UMAP (a few seconds;
// neighbours stay neighbours, so genres form islands), both with Eigen.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "approximate_neighbours.h"
#include "loss.h"
#include "random.h"

namespace m2v {

// Rows of `vectors` projected on their two principal axes (after centring): x0, y0, x1, y1, ...
// Each axis is scaled to [-1, 1] and its sign fixed (largest loading positive) so maps are stable.
std::vector<float> pca2d(const Matrix& vectors);

// UMAP (McInnes, Healy and Melville 2018) as umap-learn runs it with its defaults: 15 neighbours
// by cosine, min_dist 0.1, 5 negative samples per edge; started from the PCA map instead of a
// spectral one. Deterministic for a seed. Up to kExactRows rows the neighbours are exact; above,
// approximate (NN-descent, approximate_neighbours.h), so that every part of the cost grows
// linearly with the rows.
// Runs in steps, so a Worker can show the layout as it forms and stop it.
// How well a map keeps neighbours: the share of each row's k nearest rows by cosine that are
// among its k nearest on the map (every `stride`-th row is checked; each check costs rows x dim).
double mapNeighbourRecall(const Matrix& vectors, const std::vector<float>& xy, std::size_t k = 10, std::size_t stride = 1);

class UmapLayout {
public:
    static constexpr std::size_t kExactRows = 5000;  // exact search: rows^2 x dim / 2, under 0.5 s here
    static constexpr std::size_t kMaxRows = 200000;  // peak memory: see peakBytes()

    // Cheap: copies the unit rows and starts from the PCA map. Throws std::invalid_argument above
    // kMaxRows rows. epochs 0: 200 up to 10,000 rows, then fewer (epochsFor()).
    explicit UmapLayout(const Matrix& vectors, std::uint64_t seed = 1, int epochs = 0);

    // While approximate neighbours are being found, runs one round of the search (a fraction of a
    // second natively at 90,000 rows) and returns false; after the last round (or at once, for
    // exact neighbours), up to `epochs` more epochs. True when every epoch has run.
    bool step(int epochs);
    // Runs the neighbour search to its end (and builds the edges).
    void findNeighbours();
    bool neighboursFound() const { return found_; }
    int epoch() const { return epoch_; }
    int epochs() const { return epochs_; }
    std::size_t edgeCount() const { return edges_.size(); }
    // The most memory the layout held at once, in bytes (known once the neighbours are found): the
    // unit rows, the neighbour lists and the edges; the layout keeps only the edges and positions.
    std::size_t peakBytes() const { return peakBytes_; }
    // x0, y0, x1, y1, ...: centred, both axes scaled by one factor into [-1, 1].
    std::vector<float> coordinates() const;

    // umap-learn runs 500 epochs up to 10,000 rows and 200 above; from the PCA start 200 keep as
    // many neighbours, and past 10,000 rows the epochs fall as 1 / sqrt(rows) (to 60 at 110,000),
    // so that the layout's cost grows as sqrt(rows) x edges.
    static int epochsFor(std::size_t rows);

private:
    struct Edge {
        int32_t head, tail;
        float epochsPerSample, nextSample, nextNegative;
    };
    void buildEdges(const std::vector<NearList>& lists);

    Matrix unit_;  // released once the edges are built
    std::unique_ptr<NeighbourDescent> search_;
    bool found_ = false;
    std::size_t peakBytes_ = 0;
    std::vector<Edge> edges_;
    std::vector<float> y_;  // 2 per row
    Rng rng_;
    int epoch_ = 0;
    int epochs_ = 0;
};

}  // namespace m2v
