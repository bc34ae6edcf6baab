#include "neighbour_lists.h"

#include <algorithm>
#include <limits>

#include "kernels.h"

namespace m2v {

void insertNear(NearList& list, std::size_t length, Near c) {
    list.insert(std::upper_bound(list.begin(), list.end(), c, closer), c);
    if (list.size() > length) list.pop_back();
}

Matrix unitRows(const Matrix& m) {
    Matrix unit = m;
    for (Eigen::Index r = 0; r < unit.rows(); ++r) {
        const float norm = unit.row(r).norm();
        if (norm > 0) unit.row(r) /= norm;
    }
    return unit;
}

float rowDot(const Matrix& unit, Eigen::Index a, const float* b) {
    return dot(unit.row(a).data(), b, static_cast<std::size_t>(unit.cols()));
}

std::vector<NearList> allNearest(const Matrix& unit, std::size_t length) {
    const auto n = static_cast<int32_t>(unit.rows());
    std::vector<NearList> lists(static_cast<std::size_t>(n));
    for (auto& list : lists) list.reserve(length + 1);
    // The score a row's list turns down (its last once full), so most tests touch no list.
    std::vector<float> bar(static_cast<std::size_t>(n), -std::numeric_limits<float>::infinity());
    auto consider = [&](int32_t row, Near c) {
        if (c.score < bar[row]) return;
        NearList& list = lists[static_cast<std::size_t>(row)];
        if (list.size() == length && !closer(c, list.back())) return;
        insertNear(list, length, c);
        if (list.size() == length) bar[row] = list.back().score;
    };
    for (int32_t i = 0; i < n; ++i) {
        const float* a = unit.row(i).data();
        for (int32_t j = i + 1; j < n; ++j) {
            const float s = rowDot(unit, j, a);
            consider(i, {s, j});
            consider(j, {s, i});
        }
    }
    return lists;
}

}  // namespace m2v
