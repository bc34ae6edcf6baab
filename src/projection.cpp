#include "projection.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>

#include <Eigen/Eigenvalues>

#include "load_report.h"
#include "neighbour_lists.h"

namespace m2v {

std::vector<float> pca2d(const Matrix& vectors) {
    const Eigen::Index n = vectors.rows(), d = vectors.cols();
    std::vector<float> xy(static_cast<std::size_t>(2 * n), 0.0f);
    if (n < 2 || d < 1) return xy;
    // The covariance is d x d (64 x 64), from X^T X in float (one pass over the vectors, no copy)
    // less n mean mean^T in double: about 30 ms for 90,000 movies in WebAssembly.
    const Eigen::RowVectorXd mean = vectors.colwise().sum().cast<double>() / static_cast<double>(n);
    const Eigen::MatrixXd gram = (vectors.transpose() * vectors).cast<double>();
    const Eigen::MatrixXd covariance = (gram - static_cast<double>(n) * mean.transpose() * mean) / static_cast<double>(n - 1);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
    // Eigenvalues come in increasing order: the last columns are the principal axes.
    for (int axis = 0; axis < std::min<Eigen::Index>(2, d); ++axis) {
        Eigen::VectorXd direction = solver.eigenvectors().col(d - 1 - axis);
        Eigen::Index largest;
        direction.cwiseAbs().maxCoeff(&largest);
        if (direction[largest] < 0) direction = -direction;
        const Eigen::VectorXf coordinate =
            (vectors * direction.cast<float>()).array() - static_cast<float>(mean.dot(direction));
        const float extent = coordinate.cwiseAbs().maxCoeff();
        for (Eigen::Index i = 0; i < n; ++i)
            xy[static_cast<std::size_t>(2 * i + axis)] = extent > 0 ? coordinate[i] / extent : 0.0f;
    }
    return xy;
}

}  // namespace m2v

namespace m2v {
namespace {

// umap-learn's curve 1 / (1 + a d^(2b)) for min_dist 0.1 and spread 1 (its find_ab_params).
constexpr float kA = 1.5769434603f;
constexpr float kB = 0.8950608781f;
constexpr int kNeighbours = 15;  // umap-learn's n_neighbors, the point itself included
constexpr int kNegativeRate = 5;
constexpr float kClip = 4.0f;

float clip(float g) { return std::clamp(g, -kClip, kClip); }

// Each row's fuzzy neighbourhood (umap-learn's smooth_knn_dist): the nearest neighbour at
// membership 1, the others at exp(-(d - rho) / sigma), with sigma chosen so that the memberships
// sum to log2(k).
std::vector<float> memberships(const NearList& list) {
    std::vector<float> distance(list.size()), weight(list.size());
    for (std::size_t j = 0; j < list.size(); ++j) distance[j] = std::max(0.0f, 1.0f - list[j].score);
    if (list.empty()) return weight;
    const double rho = distance[0], target = std::log2(static_cast<double>(kNeighbours));
    double lo = 0, hi = std::numeric_limits<double>::infinity(), sigma = 1;
    for (int iteration = 0; iteration < 64; ++iteration) {
        double sum = 0;
        for (float d : distance) sum += d - rho > 0 ? std::exp(-(d - rho) / sigma) : 1.0;
        if (std::abs(sum - target) < 1e-5) break;
        if (sum > target) {
            hi = sigma;
            sigma = (lo + hi) / 2;
        } else {
            lo = sigma;
            sigma = std::isinf(hi) ? sigma * 2 : (lo + hi) / 2;
        }
    }
    // umap-learn's floor: 1e-3 of the mean distance.
    double mean = 0;
    for (float d : distance) mean += d;
    sigma = std::max(sigma, 1e-3 * mean / static_cast<double>(distance.size()));
    for (std::size_t j = 0; j < list.size(); ++j)
        weight[j] = static_cast<float>(std::exp(-std::max(0.0, distance[j] - rho) / sigma));
    return weight;
}

}  // namespace

double mapNeighbourRecall(const Matrix& vectors, const std::vector<float>& xy, std::size_t k, std::size_t stride) {
    const auto n = static_cast<std::size_t>(vectors.rows());
    if (n <= k || xy.size() != 2 * n || stride == 0) return 0;
    const Matrix unit = unitRows(vectors);
    std::size_t kept = 0, checked = 0;
    std::vector<std::pair<float, std::size_t>> byCosine(n), byMap(n);
    for (std::size_t i = 0; i < n; i += stride, ++checked) {
        for (std::size_t j = 0; j < n; ++j) {
            const float cosine = j == i ? -2.0f : rowDot(unit, static_cast<Eigen::Index>(j), unit.row(static_cast<Eigen::Index>(i)).data());
            const float dx = xy[2 * i] - xy[2 * j], dy = xy[2 * i + 1] - xy[2 * j + 1];
            byCosine[j] = {-cosine, j};
            byMap[j] = {j == i ? std::numeric_limits<float>::infinity() : dx * dx + dy * dy, j};
        }
        std::nth_element(byCosine.begin(), byCosine.begin() + static_cast<std::ptrdiff_t>(k), byCosine.end());
        std::nth_element(byMap.begin(), byMap.begin() + static_cast<std::ptrdiff_t>(k), byMap.end());
        std::vector<std::size_t> a, b;
        for (std::size_t j = 0; j < k; ++j) {
            a.push_back(byCosine[j].second);
            b.push_back(byMap[j].second);
        }
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        std::vector<std::size_t> common;
        std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
        kept += common.size();
    }
    return static_cast<double>(kept) / static_cast<double>(k * checked);
}

int UmapLayout::epochsFor(std::size_t rows) {
    if (rows <= 10000) return 200;
    return std::max(40, static_cast<int>(std::lround(200.0 * std::sqrt(10000.0 / static_cast<double>(rows)))));
}

UmapLayout::UmapLayout(const Matrix& vectors, std::uint64_t seed, int epochs) : rng_(seed) {
    const auto n = static_cast<std::size_t>(vectors.rows());
    if (n > kMaxRows)
        throw std::invalid_argument("the UMAP map takes at most " + withThousands(kMaxRows) + " movies (this model has " +
                                    withThousands(n) + "): raise min-count, or use the PCA map");
    y_.assign(2 * n, 0.0f);
    if (n < 3) {  // nothing to lay out: done at once
        found_ = true;
        return;
    }
    epochs_ = epochs > 0 ? epochs : epochsFor(n);
    const std::vector<float> start = pca2d(vectors);
    for (std::size_t i = 0; i < y_.size(); ++i) y_[i] = 10.0f * start[i] + static_cast<float>(1e-4 * (rng_.uniform() - 0.5));
    unit_ = unitRows(vectors);
    const std::size_t others = std::min<std::size_t>(kNeighbours - 1, n - 1);
    if (n > kExactRows) search_ = std::make_unique<NeighbourDescent>(unit_, others, rng_.next());
}

void UmapLayout::findNeighbours() {
    if (found_) return;
    if (!search_) {
        buildEdges(allNearest(unit_, std::min<std::size_t>(kNeighbours - 1, y_.size() / 2 - 1)));
        return;
    }
    while (!search_->step()) {
    }
    buildEdges(search_->lists());
}


void UmapLayout::buildEdges(const std::vector<NearList>& lists) {
    const std::size_t n = y_.size() / 2;
    // The fuzzy union of the neighbourhoods: w = a + b - a b for the two directions of a pair.
    std::vector<std::pair<std::uint64_t, float>> directed;
    directed.reserve(n * (kNeighbours - 1));
    for (std::size_t i = 0; i < n; ++i) {
        const std::vector<float> weight = memberships(lists[i]);
        for (std::size_t j = 0; j < lists[i].size(); ++j) {
            const auto a = static_cast<std::uint64_t>(std::min<std::size_t>(i, lists[i][j].row));
            const auto b = static_cast<std::uint64_t>(std::max<std::size_t>(i, lists[i][j].row));
            directed.emplace_back(a << 32 | b, weight[j]);
        }
    }
    std::sort(directed.begin(), directed.end());
    std::vector<std::pair<std::uint64_t, float>> pairs;
    for (const auto& [key, w] : directed) {
        if (!pairs.empty() && pairs.back().first == key)
            pairs.back().second = pairs.back().second + w - pairs.back().second * w;
        else
            pairs.emplace_back(key, w);
    }
    // The peak: the unit rows, the search, both pair lists and (below) the edges at once.
    peakBytes_ = static_cast<std::size_t>(unit_.size()) * sizeof(float) + (search_ ? search_->bytes() : 0) +
                 (directed.capacity() + pairs.capacity()) * sizeof(directed[0]) + y_.size() * sizeof(float);
    directed = {};
    float top = 0;
    for (const auto& p : pairs) top = std::max(top, p.second);
    // As umap-learn: edges too weak to be sampled once in all the epochs are dropped; each pair is
    // an edge in both directions.
    for (const auto& [key, w] : pairs) {
        if (!(w > 0) || w < top / static_cast<float>(epochs_)) continue;
        const float every = top / w;
        const auto a = static_cast<int32_t>(key >> 32), b = static_cast<int32_t>(key & 0xFFFFFFFFu);
        edges_.push_back({a, b, every, every, every / kNegativeRate});
        edges_.push_back({b, a, every, every, every / kNegativeRate});
    }
    peakBytes_ += edges_.capacity() * sizeof(Edge);
    found_ = true;
    search_.reset();
    unit_ = Matrix();
}

bool UmapLayout::step(int epochs) {
    if (!found_) {
        if (search_ && !search_->step()) return false;
        findNeighbours();
    }
    const auto n = static_cast<std::uint64_t>(y_.size() / 2);
    for (int e = 0; e < epochs && epoch_ < epochs_; ++e, ++epoch_) {
        const float alpha = 1.0f - static_cast<float>(epoch_) / static_cast<float>(epochs_);
        const auto now = static_cast<float>(epoch_);
        for (Edge& edge : edges_) {
            if (edge.nextSample > now) continue;
            float* current = &y_[2 * static_cast<std::size_t>(edge.head)];
            float* other = &y_[2 * static_cast<std::size_t>(edge.tail)];
            float dx = current[0] - other[0], dy = current[1] - other[1];
            float d2 = dx * dx + dy * dy;
            if (d2 > 0) {
                const float p = std::exp(kB * std::log(d2));  // d2^b
                const float coefficient = -2.0f * kA * kB * (p / d2) / (kA * p + 1.0f);
                const float gx = clip(coefficient * dx) * alpha, gy = clip(coefficient * dy) * alpha;
                current[0] += gx;
                current[1] += gy;
                other[0] -= gx;
                other[1] -= gy;
            }
            edge.nextSample += edge.epochsPerSample;
            // Repel random rows, about kNegativeRate per sample of the edge.
            const auto negatives = static_cast<int>((now - edge.nextNegative) / (edge.epochsPerSample / kNegativeRate));
            for (int s = 0; s < negatives; ++s) {
                const auto k = static_cast<int32_t>(rng_.next() % n);
                if (k == edge.head) continue;
                other = &y_[2 * static_cast<std::size_t>(k)];
                dx = current[0] - other[0];
                dy = current[1] - other[1];
                d2 = dx * dx + dy * dy;
                if (d2 > 0) {
                    const float coefficient = 2.0f * kB / ((0.001f + d2) * (kA * std::exp(kB * std::log(d2)) + 1.0f));
                    current[0] += clip(coefficient * dx) * alpha;
                    current[1] += clip(coefficient * dy) * alpha;
                } else {
                    current[0] += kClip * alpha;
                    current[1] += kClip * alpha;
                }
            }
            edge.nextNegative += static_cast<float>(negatives) * edge.epochsPerSample / kNegativeRate;
        }
    }
    return epoch_ >= epochs_;
}

std::vector<float> UmapLayout::coordinates() const {
    const std::size_t n = y_.size() / 2;
    std::vector<float> xy(y_.size(), 0.0f);
    if (n == 0) return xy;
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < n; ++i) {
        mx += y_[2 * i];
        my += y_[2 * i + 1];
    }
    mx /= static_cast<double>(n);
    my /= static_cast<double>(n);
    double extent = 0;
    for (std::size_t i = 0; i < n; ++i)
        extent = std::max({extent, std::abs(y_[2 * i] - mx), std::abs(y_[2 * i + 1] - my)});
    if (!(extent > 0)) return xy;
    for (std::size_t i = 0; i < n; ++i) {
        xy[2 * i] = static_cast<float>((y_[2 * i] - mx) / extent);
        xy[2 * i + 1] = static_cast<float>((y_[2 * i + 1] - my) / extent);
    }
    return xy;
}

}  // namespace m2v
