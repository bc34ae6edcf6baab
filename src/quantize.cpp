#include "quantize.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "neighbour_lists.h"

namespace m2v {
namespace {

// The rows of a list's first k, sorted: compared with the float model's.
std::vector<int32_t> topSet(const NearList& list, std::size_t k) {
    std::vector<int32_t> rows;
    for (std::size_t i = 0; i < k && i < list.size(); ++i) rows.push_back(list[i].row);
    std::sort(rows.begin(), rows.end());
    return rows;
}

// The repair after rounding (quantize.h). It keeps every row's nearest list over the rounded
// unit vectors, so that moving one row costs two passes over the rows, not a new search.
class TopKRepair {
public:
    // directions: the float model's unit rows; rounded: the unit rows as the loader will see them.
    TopKRepair(const Matrix& directions, Matrix rounded, std::size_t k)
        : k_(k), length_(k + 7), n_(static_cast<std::size_t>(rounded.rows())), unit_(std::move(rounded)) {
        // Lists k + 7 long, so that the few updates that push rows out of them rarely force a rescan.
        {
            const std::vector<NearList> exact = allNearest(directions, length_);
            wanted_.resize(n_);
            for (std::size_t i = 0; i < n_; ++i) wanted_[i] = topSet(exact[i], k_);
        }
        lists_ = allNearest(unit_, length_);
        same_.resize(n_);
        for (std::size_t i = 0; i < n_; ++i) same_[i] = topSet(lists_[i], k_) == wanted_[i];
        before_.resize(n_);
        after_.resize(n_);
    }

    std::size_t sameCount() const { return static_cast<std::size_t>(std::count(same_.begin(), same_.end(), 1)); }
    bool same(std::size_t i) const { return same_[i]; }

    // The way row i should turn: towards its lost neighbours, away from the intruders, at right
    // angles to itself. False when there is none.
    bool direction(std::size_t i, Eigen::VectorXf& out) {
        const std::vector<int32_t> have = topSet(lists_[i], k_);
        out = Eigen::VectorXf::Zero(unit_.cols());
        for (int32_t a : wanted_[i])
            if (!std::binary_search(have.begin(), have.end(), a)) out += unit_.row(a).transpose();
        for (int32_t b : have)
            if (!std::binary_search(wanted_[i].begin(), wanted_[i].end(), b)) out -= unit_.row(b).transpose();
        out -= out.dot(unit_.row(i).transpose()) * unit_.row(i).transpose();
        if (!(out.norm() > 1e-12f)) return false;
        out.normalize();
        for (std::size_t j = 0; j < n_; ++j) before_[j] = j == i ? 0 : rowDot(unit_, j, unit_.row(i).data());
        return true;
    }

    // Moves row i (after direction(i)) to the unit vector x if that gives row i its wanted top k
    // and raises the number of rows that have theirs; says whether it did.
    bool tryMove(std::size_t i, const Eigen::VectorXf& x) {
        NearList own;
        own.reserve(length_ + 1);
        for (std::size_t j = 0; j < n_; ++j) {
            after_[j] = j == i ? 0 : rowDot(unit_, j, x.data());
            if (j != i) offerNear(own, length_, {after_[j], int32_t(j)});
        }
        if (topSet(own, k_) != wanted_[i]) return false;
        // The rows whose lists row i enters, leaves or moves in.
        long gain = 1;
        changed_.clear();
        for (std::size_t j = 0; j < n_; ++j) {
            if (j == i) continue;
            const NearList& list = lists_[j];
            const Near was{before_[j], int32_t(i)}, now{after_[j], int32_t(i)};
            const bool wasIn = !list.empty() && !closer(list.back(), was);
            if (!wasIn && !closer(now, list.back())) continue;
            NearList updated = list;
            if (wasIn) {
                updated.erase(std::find_if(updated.begin(), updated.end(), [&](const Near& c) { return c.row == int32_t(i); }));
                // Below every row kept, row i may rank under rows the list no longer holds: leave it out.
                if (!updated.empty() && closer(now, updated.back())) offerNear(updated, length_, now);
            } else {
                offerNear(updated, length_, now);  // above the last row kept, so above every row left out
            }
            if (updated.size() < k_ + 1) updated = rescan(j, i, x.data());
            gain += long(topSet(updated, k_) == wanted_[j]) - long(same_[j]);
            changed_.emplace_back(j, std::move(updated));
        }
        if (gain <= 0) return false;
        unit_.row(static_cast<Eigen::Index>(i)) = x.transpose();
        lists_[i] = std::move(own);
        same_[i] = 1;
        for (auto& [j, list] : changed_) {
            lists_[j] = std::move(list);
            same_[j] = topSet(lists_[j], k_) == wanted_[j];
        }
        return true;
    }

private:
    // Row j's full list, with row `moved` at unit vector x instead of where it is.
    NearList rescan(std::size_t j, std::size_t moved, const float* x) const {
        NearList list;
        list.reserve(length_ + 1);
        for (std::size_t c = 0; c < n_; ++c)
            if (c != j) offerNear(list, length_, {c == moved ? rowDot(unit_, j, x) : rowDot(unit_, j, unit_.row(c).data()), int32_t(c)});
        return list;
    }

    std::size_t k_, length_, n_;
    Matrix unit_;
    std::vector<std::vector<int32_t>> wanted_;  // the float model's top k of each row, sorted
    std::vector<NearList> lists_;
    std::vector<char> same_;
    std::vector<float> before_, after_;        // cosines of every row with the moving row
    std::vector<std::pair<std::size_t, NearList>> changed_;
};

// With the codes chosen, the row's two scalars refitted in the metric: value = a offset + b code
// with (a, b) minimising e^T M e (norm = a, step = b / a).
void refit(const Eigen::MatrixXf& metric, const Eigen::Ref<const Eigen::RowVectorXf>& target,
           const Eigen::Ref<const Eigen::RowVectorXf>& offset, const std::int8_t* codes, float& norm, float& step) {
    const Eigen::Index dim = target.size();
    Eigen::VectorXd u1 = offset.transpose().cast<double>(), u2(dim);
    for (Eigen::Index d = 0; d < dim; ++d) u2[d] = codes[d];
    const Eigen::VectorXd v = target.transpose().cast<double>();
    const Eigen::MatrixXd m = metric.cast<double>();
    const Eigen::VectorXd m1 = m * u1, m2 = m * u2;
    // The 2 x 2 normal equations, by Cramer's rule.
    const double a11 = u1.dot(m1), a12 = u1.dot(m2), a22 = u2.dot(m2), b1 = m1.dot(v), b2 = m2.dot(v);
    const double det = a11 * a22 - a12 * a12;
    if (!(std::abs(det) > 1e-12 * std::max(a11 * a11, a22 * a22))) return;
    const double x[2] = {(b1 * a22 - a12 * b2) / det, (a11 * b2 - a12 * b1) / det};
    if (!(x[0] > 0) || !std::isfinite(x[0]) || !std::isfinite(x[1]) || !(std::abs(x[0]) <= 1e30)) return;
    norm = static_cast<float>(x[0]);
    step = static_cast<float>(x[1] / x[0]);
}

// Moves codes one step at a time while that lowers e^T M e, e = codes - target (in code units:
// one row's step and norm scale every component alike). Nearest rounding is the start.
void roundInMetric(const Eigen::MatrixXf& metric, const float* target, std::int8_t* codes, std::size_t dim) {
    Eigen::VectorXf e(static_cast<Eigen::Index>(dim));
    for (std::size_t d = 0; d < dim; ++d) e[static_cast<Eigen::Index>(d)] = static_cast<float>(codes[d]) - target[d];
    Eigen::VectorXf g = metric * e;  // half the gradient of e^T M e
    for (int pass = 0; pass < 8; ++pass) {
        bool moved = false;
        for (std::size_t d = 0; d < dim; ++d) {
            const auto i = static_cast<Eigen::Index>(d);
            for (int s : {-1, 1}) {
                if (codes[d] + s > 127 || codes[d] + s < -127) continue;
                // e^T M e after e_d += s, minus before.
                if (2.0f * static_cast<float>(s) * g[i] + metric(i, i) < -1e-9f) {
                    codes[d] = static_cast<std::int8_t>(codes[d] + s);
                    e[i] += static_cast<float>(s);
                    g += static_cast<float>(s) * metric.col(i);
                    moved = true;
                }
            }
        }
        if (!moved) break;
    }
}

}  // namespace

Int8Vectors quantizeInt8(const Matrix& vectors, std::size_t k, QuantizeReport* report, const Eigen::MatrixXf* errorMetric) {
    const auto n = static_cast<std::size_t>(vectors.rows());
    const auto dim = static_cast<std::size_t>(vectors.cols());
    Int8Vectors out;
    out.offset.assign(dim, 0.0f);
    out.norms.resize(n);
    out.steps.resize(n);
    out.codes.resize(n * dim);
    const Matrix directions = unitRows(vectors);
    if (n > 0) {
        const Eigen::VectorXd mean = directions.cast<double>().colwise().mean().transpose();
        for (std::size_t d = 0; d < dim; ++d) out.offset[d] = static_cast<float>(mean[static_cast<Eigen::Index>(d)]);
    }
    const Eigen::Map<const Eigen::RowVectorXf> offset(out.offset.data(), vectors.cols());
    // Row i's codes for its residual direction / step, plus a nudge (in code units) when given.
    if (errorMetric && (errorMetric->rows() != vectors.cols() || errorMetric->cols() != vectors.cols()))
        throw std::invalid_argument("int8: the error metric is not dim x dim");
    std::vector<float> targets(dim);
    auto encode = [&](std::size_t i, const float* nudge, std::int8_t* codes) {
        for (std::size_t d = 0; d < dim; ++d) {
            targets[d] = std::clamp((directions(i, d) - out.offset[d]) / out.steps[i] + (nudge ? nudge[d] : 0.0f), -127.0f, 127.0f);
            codes[d] = static_cast<std::int8_t>(std::lround(targets[d]));
        }
        // Codes that keep cosine neighbours (k > 0) are rounded plainly: rounding in a metric moves
        // directions more, which the repair then cannot always undo.
        if (errorMetric && k == 0) roundInMetric(*errorMetric, targets.data(), codes, dim);
    };
    // Row i as the loader rebuilds it from codes.
    auto decode = [&](std::size_t i, const std::int8_t* codes, float* row) {
        for (std::size_t d = 0; d < dim; ++d) row[d] = decodeInt8(out.norms[i], out.offset[d], out.steps[i], codes[d]);
    };
    Matrix decoded(vectors.rows(), vectors.cols());
    for (std::size_t i = 0; i < n; ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        out.norms[i] = vectors.row(row).norm();
        // Far beyond any trained vector, and short of where norm * (offset + step * code) overflows.
        if (!(out.norms[i] <= 1e30f))
            throw std::invalid_argument("int8: the vector in row " + std::to_string(i) + " is too long to store (length above 1e30)");
        // Symmetric per vector: the residual's largest component maps to 127.
        const float top = (directions.row(row) - offset).cwiseAbs().maxCoeff();
        out.steps[i] = top > 0 ? top / 127.0f : 1.0f;
        encode(i, nullptr, &out.codes[i * dim]);
        if (errorMetric && k == 0) refit(*errorMetric, vectors.row(row), offset, &out.codes[i * dim], out.norms[i], out.steps[i]);
        decode(i, &out.codes[i * dim], decoded.row(row).data());
    }
    QuantizeReport local;
    QuantizeReport& r = report ? *report : local;
    r = QuantizeReport();
    r.rows = n;
    if (n <= k + 1 || n > kNeighbourCheckLimit || k == 0) return out;
    r.neighboursChecked = true;

    TopKRepair repair(directions, unitRows(decoded), k);
    r.sameAfterRounding = repair.sameCount();
    Eigen::VectorXf direction(dim), candidate(dim);
    std::vector<std::int8_t> codes(dim);
    std::vector<float> nudge(dim);
    for (std::size_t i = 0; i < n; ++i) {
        if (repair.same(i) || !repair.direction(i, direction)) continue;
        // Nudges of 0.5 to 14 code units (a unit is about 1/400 of a 64-dim residual's length).
        for (float size : {0.5f, 0.7f, 1.0f, 1.5f, 2.5f, 4.0f, 6.0f, 9.0f, 14.0f}) {
            for (std::size_t d = 0; d < dim; ++d) nudge[d] = size * direction[static_cast<Eigen::Index>(d)];
            encode(i, nudge.data(), codes.data());
            if (std::equal(codes.begin(), codes.end(), out.codes.begin() + static_cast<std::ptrdiff_t>(i * dim))) continue;
            decode(i, codes.data(), candidate.data());
            const float norm = candidate.norm();
            if (!(norm > 0)) continue;
            if (repair.tryMove(i, candidate / norm)) {
                std::copy(codes.begin(), codes.end(), out.codes.begin() + static_cast<std::ptrdiff_t>(i * dim));
                break;
            }
        }
    }
    r.sameAfterRepair = repair.sameCount();
    return out;
}

}  // namespace m2v
