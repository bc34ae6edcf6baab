#include "hot_rows.h"

#include <algorithm>

namespace m2v {

HotRows::HotRows(std::size_t rows, std::size_t dim) : rows_(rows), local_(rows * dim), base_(rows * dim) {}

void HotRows::pull(const float* shared) {
    std::copy(shared, shared + local_.size(), local_.begin());
    std::copy(shared, shared + local_.size(), base_.begin());
}

void HotRows::merge(float* shared) {
    for (std::size_t i = 0; i < local_.size(); ++i) {
        const float merged = shared[i] + (local_[i] - base_[i]);
        shared[i] = merged;
        local_[i] = merged;
        base_[i] = merged;
    }
}

std::size_t hotRowCount(std::size_t vocabulary, std::size_t dim) {
    const std::size_t bytes = std::size_t(2560) << 10;
    return std::min(vocabulary, bytes / (std::max<std::size_t>(dim, 1) * sizeof(float)));
}

}  // namespace m2v
