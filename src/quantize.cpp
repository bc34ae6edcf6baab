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

}  // namespace

Int8Vectors quantizeInt8(const Matrix& vectors, std::size_t k, QuantizeReport* report) {
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
    Matrix quantized(vectors.rows(), vectors.cols());  // as the loader rebuilds it
    // The codes of row i for a target in code units: the direction's residual / step (+ a nudge).
    auto encode = [&](std::size_t i, const float* nudge, std::int8_t* codes) {
        for (std::size_t d = 0; d < dim; ++d) {
            const float target = (directions(i, d) - out.offset[d]) / out.steps[i] + (nudge ? nudge[d] : 0.0f);
            codes[d] = static_cast<std::int8_t>(std::lround(std::clamp(target, -127.0f, 127.0f)));
        }
    };
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
        for (std::size_t d = 0; d < dim; ++d)
            quantized(row, static_cast<Eigen::Index>(d)) = decodeInt8(out.norms[i], out.offset[d], out.steps[i], out.codes[i * dim + d]);
    }
    QuantizeReport local;
    QuantizeReport& r = report ? *report : local;
    r = QuantizeReport();
    r.rows = n;
    if (n <= k + 1 || n > kNeighbourCheckLimit || k == 0) return out;
    r.neighboursChecked = true;

    // Lists k + 7 long, so that a few updates that push rows out of them rarely force a full rescan.
    const std::size_t length = k + 7;
    std::vector<std::vector<int32_t>> wanted(n);
    {
        const std::vector<NearList> exact = allNearest(directions, length);
        for (std::size_t i = 0; i < n; ++i) wanted[i] = topSet(exact[i], k);
    }
    Matrix unit = unitRows(quantized);
    std::vector<NearList> lists = allNearest(unit, length);
    std::vector<char> same(n);
    for (std::size_t i = 0; i < n; ++i) same[i] = topSet(lists[i], k) == wanted[i];
    r.sameAfterRounding = static_cast<std::size_t>(std::count(same.begin(), same.end(), 1));

    // A row's full list with row `moved` at unit vector x instead of its own.
    auto rescan = [&](std::size_t j, std::size_t moved, const float* x) {
        NearList list;
        list.reserve(length + 1);
        for (std::size_t c = 0; c < n; ++c)
            if (c != j) offerNear(list, length, {c == moved ? rowDot(unit, j, x) : rowDot(unit, j, unit.row(c).data()), int32_t(c)});
        return list;
    };

    Eigen::VectorXf direction(dim), candidate(dim), x(dim);
    std::vector<float> before(n), after(n);
    std::vector<std::pair<std::size_t, NearList>> changed;
    for (std::size_t i = 0; i < n; ++i) {
        if (same[i]) continue;
        // Lift the lost neighbours, lower the intruders: a direction at right angles to the vector.
        const std::vector<int32_t> have = topSet(lists[i], k);
        direction.setZero();
        for (int32_t a : wanted[i])
            if (!std::binary_search(have.begin(), have.end(), a)) direction += unit.row(a).transpose();
        for (int32_t b : have)
            if (!std::binary_search(wanted[i].begin(), wanted[i].end(), b)) direction -= unit.row(b).transpose();
        direction -= direction.dot(unit.row(i).transpose()) * unit.row(i).transpose();
        if (!(direction.norm() > 1e-12f)) continue;
        direction.normalize();
        for (std::size_t j = 0; j < n; ++j) before[j] = j == i ? 0 : rowDot(unit, j, unit.row(i).data());

        // Nudges of 0.5 to 14 code units (a unit is about 1/400 of a 64-dim residual's length).
        std::vector<std::int8_t> codes(dim);
        std::vector<float> nudge(dim);
        for (float size : {0.5f, 0.7f, 1.0f, 1.5f, 2.5f, 4.0f, 6.0f, 9.0f, 14.0f}) {
            for (std::size_t d = 0; d < dim; ++d) nudge[d] = size * direction[static_cast<Eigen::Index>(d)];
            encode(i, nudge.data(), codes.data());
            for (std::size_t d = 0; d < dim; ++d)
                candidate[static_cast<Eigen::Index>(d)] = decodeInt8(out.norms[i], out.offset[d], out.steps[i], codes[d]);
            if (std::equal(codes.begin(), codes.end(), out.codes.begin() + i * dim)) continue;
            const float norm = candidate.norm();
            if (!(norm > 0)) continue;
            x = candidate / norm;
            NearList own;
            own.reserve(length + 1);
            for (std::size_t j = 0; j < n; ++j) {
                after[j] = j == i ? 0 : rowDot(unit, j, x.data());
                if (j != i) offerNear(own, length, {after[j], int32_t(j)});
            }
            if (topSet(own, k) != wanted[i]) continue;

            // The rows whose lists row i enters, leaves or moves in.
            long gain = 1;
            changed.clear();
            for (std::size_t j = 0; j < n; ++j) {
                if (j == i) continue;
                const NearList& list = lists[j];
                const Near was{before[j], int32_t(i)}, now{after[j], int32_t(i)};
                const bool wasIn = !list.empty() && !closer(list.back(), was);
                if (!wasIn && !closer(now, list.back())) continue;
                NearList updated = list;
                if (wasIn) {
                    updated.erase(std::find_if(updated.begin(), updated.end(), [&](const Near& c) { return c.row == int32_t(i); }));
                    // Below every row kept, row i may rank under rows the list no longer holds: leave it out.
                    if (!updated.empty() && closer(now, updated.back())) offerNear(updated, length, now);
                } else {
                    offerNear(updated, length, now);  // above the last row kept, so above every row left out
                }
                if (updated.size() < k + 1) updated = rescan(j, i, x.data());
                gain += long(topSet(updated, k) == wanted[j]) - long(same[j]);
                changed.emplace_back(j, std::move(updated));
            }
            if (gain <= 0) continue;
            std::copy(codes.begin(), codes.end(), out.codes.begin() + i * dim);
            unit.row(i) = x.transpose();
            lists[i] = std::move(own);
            same[i] = 1;
            for (auto& [j, list] : changed) {
                lists[j] = std::move(list);
                same[j] = topSet(lists[j], k) == wanted[j];
            }
            break;
        }
    }
    r.sameAfterRepair = static_cast<std::size_t>(std::count(same.begin(), same.end(), 1));
    return out;
}

}  // namespace m2v
