#include "loss.h"

#include <numeric>
#include <stdexcept>

namespace m2v {

AliasTable::AliasTable(const std::vector<double>& weights) {
    if (weights.empty()) throw std::invalid_argument("alias table: no weights");
    size_ = static_cast<std::uint32_t>(weights.size());
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    std::vector<double> scaled(size_);
    std::vector<std::uint32_t> small, large;
    for (std::uint32_t i = 0; i < size_; ++i) {
        scaled[i] = weights[i] * size_ / total;
        (scaled[i] < 1.0 ? small : large).push_back(i);
    }
    threshold_.assign(size_, 0);
    alias_.assign(size_, 0);
    std::vector<double> prob(size_, 1.0);
    while (!small.empty() && !large.empty()) {
        const std::uint32_t s = small.back(), l = large.back();
        small.pop_back();
        prob[s] = scaled[s];
        alias_[s] = static_cast<int32_t>(l);
        scaled[l] -= 1.0 - scaled[s];
        if (scaled[l] < 1.0) {
            large.pop_back();
            small.push_back(l);
        }
    }
    for (std::uint32_t i = 0; i < size_; ++i) {
        alias_[i] = prob[i] < 1.0 ? alias_[i] : static_cast<int32_t>(i);
        const double t = prob[i] * 4294967296.0;
        threshold_[i] = prob[i] >= 1.0 ? 0xFFFFFFFFu : static_cast<std::uint32_t>(t);
    }
}

double AliasTable::probability(std::size_t i) const {
    double p = 0;
    for (std::uint32_t c = 0; c < size_; ++c) {
        const double keep = threshold_[c] == 0xFFFFFFFFu ? 1.0 : threshold_[c] / 4294967296.0;
        if (c == i) p += keep;
        if (static_cast<std::size_t>(alias_[c]) == i) p += 1.0 - keep;
    }
    return p / size_;
}

LogisticTable::LogisticTable() {
    // One entry past 0, so that interpolating at -a for a just above 0 has its upper neighbour.
    const int n = static_cast<int>(kRange) * kStepsPerUnit + 2;
    entries_.resize(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const double x = -static_cast<double>(kRange) + static_cast<double>(i) / kStepsPerUnit;
        entries_[static_cast<std::size_t>(i)] = {static_cast<float>(sigmoid(x)), static_cast<float>(softplus(x))};
    }
}

const LogisticTable& LogisticTable::get() {
    static const LogisticTable table;
    return table;
}

namespace {

// count^power per row: the noise distribution before normalising. Counts are at least 1 and at
// most 2e9 and |power| <= 1, so no weight underflows or overflows.
std::vector<double> noiseWeights(const std::vector<std::uint64_t>& counts, double power) {
    std::vector<double> weights(counts.size());
    for (std::size_t i = 0; i < counts.size(); ++i) weights[i] = std::pow(static_cast<double>(counts[i]), power);
    return weights;
}

}  // namespace

std::shared_ptr<const AliasTable> unigramTable(const std::vector<std::uint64_t>& counts, double power) {
    return std::make_shared<const AliasTable>(noiseWeights(counts, power));
}

std::vector<float> nceOffsets(const std::vector<std::uint64_t>& counts, double power, int negatives) {
    const std::vector<double> weights = noiseWeights(counts, power);
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    std::vector<float> offsets(weights.size());
    for (std::size_t i = 0; i < weights.size(); ++i) offsets[i] = static_cast<float>(std::log(negatives * weights[i] / total));
    return offsets;
}

}  // namespace m2v
