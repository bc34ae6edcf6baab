// The 2-D maps: PCA's axes, and UMAP keeping neighbours together where PCA cannot.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "approximate_neighbours.h"
#include "projection.h"
#include "random.h"

using namespace m2v;

namespace {

// `clusters` groups of `size` points around orthogonal unit directions of a `dim`-space, each
// coordinate jittered by up to +-spread / 2.
Matrix orthogonalClusters(int clusters, int size, int dim, double spread, std::uint64_t seed) {
    Rng rng(seed);
    Matrix m = Matrix::Zero(clusters * size, dim);
    for (int c = 0; c < clusters; ++c)
        for (int i = 0; i < size; ++i) {
            for (int d = 0; d < dim; ++d) m(c * size + i, d) = static_cast<float>(spread * (rng.uniform() - 0.5));
            m(c * size + i, c) += 1.0f;
        }
    return m;
}

// The share of each point's 10 nearest points on the map that are from its own cluster.
double ownClusterShare(const std::vector<float>& xy, int size) {
    const std::size_t n = xy.size() / 2;
    std::size_t own = 0;
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<std::pair<float, std::size_t>> d;
        for (std::size_t j = 0; j < n; ++j)
            if (j != i) d.emplace_back(std::hypot(xy[2 * i] - xy[2 * j], xy[2 * i + 1] - xy[2 * j + 1]), j);
        std::partial_sort(d.begin(), d.begin() + 10, d.end());
        for (int k = 0; k < 10; ++k) own += d[k].second / size == i / size;
    }
    return static_cast<double>(own) / (10.0 * n);
}

}  // namespace

TEST_CASE("PCA map: the first axis follows the widest spread, scaled to [-1, 1]") {
    Matrix v(4, 3);
    v << 10, 0, 0.1f, -10, 0, -0.1f, 0, 1, 0, 0, -1, 0;
    const std::vector<float> xy = pca2d(v);
    REQUIRE(xy.size() == 8);
    CHECK(std::abs(xy[0]) == doctest::Approx(1.0));
    CHECK(xy[0] == doctest::Approx(-xy[2]));
    CHECK(std::abs(xy[4]) < 0.05f);  // the third point lies on the second axis
    CHECK(std::abs(xy[5]) == doctest::Approx(1.0));
    CHECK(pca2d(Matrix(1, 3)) == std::vector<float>{0, 0});
}

TEST_CASE("UMAP map: twelve clusters stay apart where PCA piles them up") {
    const Matrix v = orthogonalClusters(12, 30, 16, 0.5, 7);
    UmapLayout layout(v, 3);
    CHECK(layout.epochs() == 200);
    while (!layout.step(30)) CHECK(layout.epoch() < layout.epochs());
    CHECK(layout.epoch() == layout.epochs());
    const std::vector<float> xy = layout.coordinates();
    REQUIRE(xy.size() == 720);
    CHECK(std::all_of(xy.begin(), xy.end(), [](float x) { return std::isfinite(x) && std::abs(x) <= 1.0f; }));
    const double umap = ownClusterShare(xy, 30), pca = ownClusterShare(pca2d(v), 30);
    MESSAGE("own cluster among the 10 nearest on the map: UMAP " << umap << ", PCA " << pca);
    CHECK(umap > 0.97);
    CHECK(pca < 0.7);  // twelve orthogonal directions do not fit on two axes
    // The same by mapNeighbourRecall (what `movie2vec map` prints): the nearest points themselves.
    const double umapRecall = mapNeighbourRecall(v, xy), pcaRecall = mapNeighbourRecall(v, pca2d(v));
    MESSAGE("10 nearest kept on the map: UMAP " << umapRecall << ", PCA " << pcaRecall);
    CHECK(umapRecall > 2 * pcaRecall);
}

TEST_CASE("UMAP map: the same seed gives the same map, however it is stepped; a different seed another") {
    const Matrix v = orthogonalClusters(3, 30, 6, 0.2, 2);
    UmapLayout a(v, 5), b(v, 5), c(v, 6);
    a.step(1000);
    while (!b.step(7)) {
    }
    c.step(1000);
    CHECK(a.coordinates() == b.coordinates());
    CHECK(a.coordinates() != c.coordinates());
}

TEST_CASE("UMAP map: tiny models, and a clear refusal above its size limit") {
    UmapLayout one(Matrix::Ones(1, 4));
    CHECK(one.step(10));
    CHECK(one.coordinates() == std::vector<float>{0, 0});
    Matrix three(3, 2);
    three << 1, 0, 0, 1, -1, 0;
    UmapLayout small(three);
    small.step(1000);
    const std::vector<float> xy = small.coordinates();
    CHECK(std::all_of(xy.begin(), xy.end(), [](float x) { return std::isfinite(x); }));
    CHECK_THROWS_WITH(UmapLayout(Matrix::Ones(200001, 2)),
                      "the UMAP map takes at most 200,000 movies (this model has 200,001): raise min-count, or use the PCA map");
}

namespace {

// `clusters` overlapping 3-D blobs in `dim` dimensions: a random centre each (coordinates in
// [-1, 1]), and `size` points spread over a random 3-D box of side about `extent` around it.
// Cosine neighbours are then mostly points of the same blob, near one another in it: what a map
// can keep, and two principal axes cannot.
Matrix blobs(int clusters, int size, int dim, double extent, std::uint64_t seed) {
    Rng rng(seed);
    Matrix m(clusters * size, dim);
    for (int c = 0; c < clusters; ++c) {
        std::vector<float> centre(dim), axes(3 * dim);
        for (int d = 0; d < dim; ++d) centre[d] = static_cast<float>(2 * rng.uniform() - 1);
        for (float& x : axes) x = static_cast<float>(extent * (rng.uniform() - 0.5));
        for (int i = 0; i < size; ++i) {
            const float u[3] = {static_cast<float>(rng.uniform()), static_cast<float>(rng.uniform()), static_cast<float>(rng.uniform())};
            for (int d = 0; d < dim; ++d) m(c * size + i, d) = centre[d] + u[0] * axes[d] + u[1] * axes[dim + d] + u[2] * axes[2 * dim + d];
        }
    }
    return m;
}

}  // namespace

TEST_CASE("approximate neighbours: NN-descent finds at least 90% of the exact nearest rows") {
    const Matrix unit = unitRows(blobs(100, 80, 12, 4.0, 11));  // 8,000 rows, blobs wide enough to overlap
    const std::vector<NearList> exact = allNearest(unit, 14);
    NeighbourDescent search(unit, 14, 4);
    while (!search.step()) CHECK(search.rounds() <= NeighbourDescent::kMaxRounds);
    const std::vector<NearList> approximate = search.lists();
    REQUIRE(approximate.size() == exact.size());
    std::size_t found = 0, total = 0;
    for (std::size_t i = 0; i < exact.size(); i += 7) {
        REQUIRE(approximate[i].size() == 14);
        for (std::size_t j = 0; j + 1 < approximate[i].size(); ++j) CHECK_FALSE(closer(approximate[i][j + 1], approximate[i][j]));
        for (const Near& e : exact[i]) {
            ++total;
            found += std::any_of(approximate[i].begin(), approximate[i].end(), [&](const Near& a) { return a.row == e.row; });
        }
        CHECK(std::none_of(approximate[i].begin(), approximate[i].end(), [&](const Near& a) { return a.row == static_cast<int32_t>(i); }));
    }
    const double recall = static_cast<double>(found) / static_cast<double>(total);
    MESSAGE("recall of the 14 nearest after " << search.rounds() << " rounds: " << recall);
    CHECK(recall >= 0.9);
    // The trees alone are not enough: the descent itself must do work.
    NeighbourDescent start(unit, 14, 4);
    int pieces = 0;
    for (; !start.seeded(); ++pieces) CHECK_FALSE(start.step());
    CHECK(pieces == NeighbourDescent::kTrees);
    std::size_t seeded = 0;
    const std::vector<NearList> first = start.lists();
    for (std::size_t i = 0; i < exact.size(); i += 7)
        for (const Near& e : exact[i])
            seeded += std::any_of(first[i].begin(), first[i].end(), [&](const Near& a) { return a.row == e.row; });
    MESSAGE("recall from the trees alone: " << static_cast<double>(seeded) / static_cast<double>(total));
    CHECK(seeded < found);
}

TEST_CASE("UMAP map of 30,000 movies: approximate neighbours, and most neighbours kept") {
    const Matrix v = blobs(300, 100, 8, 1.0, 5);
    UmapLayout layout(v, 2, 30);  // few epochs: this checks the pipeline at size, not the final polish
    CHECK_FALSE(layout.neighboursFound());
    int rounds = 0;
    while (!layout.step(10))
        if (!layout.neighboursFound()) ++rounds;
    CHECK(rounds >= 1);  // the search ran in steps (a Worker can report progress and stop it)
    CHECK(layout.epoch() == 30);
    CHECK(layout.peakBytes() > 30000 * 8 * sizeof(float));
    const std::vector<float> xy = layout.coordinates();
    REQUIRE(xy.size() == 60000);
    CHECK(std::all_of(xy.begin(), xy.end(), [](float x) { return std::isfinite(x) && std::abs(x) <= 1.0f; }));
    const double umap = mapNeighbourRecall(v, xy, 10, 97), pca = mapNeighbourRecall(v, pca2d(v), 10, 97);
    MESSAGE("10 nearest kept on the map of 30,000: UMAP " << umap << ", PCA " << pca << "; peak " << layout.peakBytes() / 1048576.0 << " MiB");
    CHECK(umap > 0.3);
    CHECK(umap > 3 * pca);
}
