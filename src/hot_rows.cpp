#include "hot_rows.h"

#include <algorithm>
#include <cstdint>

namespace m2v {

HotRows::HotRows(std::size_t rows, std::size_t dim) : rows_(rows), size_(rows * dim) {
    const std::size_t line = 16, size = (size_ + line - 1) / line * line;
    storage_.assign(2 * size + line, 0.0f);
    const auto misalign = reinterpret_cast<std::uintptr_t>(storage_.data()) % 64 / sizeof(float);
    local_ = storage_.data() + (misalign ? line - misalign : 0);
    base_ = local_ + size;
}

void HotRows::pull(const float* shared) {
    std::copy(shared, shared + size(), local_);
    std::copy(shared, shared + size(), base_);
}

void HotRows::merge(float* shared) {
    for (std::size_t i = 0, n = size(); i < n; ++i) {
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
