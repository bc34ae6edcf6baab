#include "vocabulary.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "ratings.h"

namespace m2v {

Vocabulary Vocabulary::fromCounts(const std::unordered_map<int32_t, std::uint64_t>& counts, std::uint64_t minCount) {
    std::vector<std::pair<int32_t, std::uint64_t>> kept;
    kept.reserve(counts.size());
    for (const auto& [id, n] : counts)
        if (n >= minCount) kept.emplace_back(id, n);
    // Frequent first, as word2vec: deterministic whatever the hash map's order.
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    Vocabulary v;
    v.ids_.reserve(kept.size());
    v.counts_.reserve(kept.size());
    for (const auto& [id, n] : kept) {
        v.index_.emplace(id, static_cast<int32_t>(v.ids_.size()));
        v.ids_.push_back(id);
        v.counts_.push_back(n);
    }
    return v;
}

int32_t Vocabulary::indexOf(int32_t movieId) const {
    auto it = index_.find(movieId);
    return it == index_.end() ? -1 : it->second;
}

namespace {

template <typename ForEach>
Corpus buildFrom(ForEach forEach, std::uint64_t minCount, Vocabulary* vocabulary) {
    std::unordered_map<int32_t, std::uint64_t> counts;
    forEach([&](const int32_t* movies, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) ++counts[movies[i]];
    });
    *vocabulary = Vocabulary::fromCounts(counts, std::max<std::uint64_t>(minCount, 1));
    Corpus corpus;
    corpus.offsets.push_back(0);
    forEach([&](const int32_t* movies, std::size_t n) {
        std::size_t start = corpus.tokens.size();
        for (std::size_t i = 0; i < n; ++i) {
            int32_t index = vocabulary->indexOf(movies[i]);
            if (index >= 0) corpus.tokens.push_back(index);
        }
        if (corpus.tokens.size() - start < 2)
            corpus.tokens.resize(start);
        else
            corpus.offsets.push_back(corpus.tokens.size());
    });
    corpus.tokens.shrink_to_fit();
    return corpus;
}

}  // namespace

Corpus buildCorpus(const RatingsTable& ratings, float minRating, std::uint64_t minCount, Vocabulary* vocabulary) {
    return buildFrom(
        [&](auto&& fn) {
            ratings.forEachSequence(minRating, [&](int32_t, const int32_t* movies, std::size_t n) { fn(movies, n); });
        },
        minCount, vocabulary);
}

Corpus buildCorpus(const std::vector<std::vector<int32_t>>& sequences, std::uint64_t minCount, Vocabulary* vocabulary) {
    return buildFrom(
        [&](auto&& fn) {
            for (const auto& s : sequences) fn(s.data(), s.size());
        },
        minCount, vocabulary);
}

std::vector<std::uint32_t> ratingCounts(const Vocabulary& vocabulary) {
    std::vector<std::uint32_t> ratings;
    ratings.reserve(vocabulary.size());
    for (std::uint64_t n : vocabulary.counts()) ratings.push_back(static_cast<std::uint32_t>(std::min<std::uint64_t>(n, UINT32_MAX)));
    return ratings;
}

std::vector<std::uint32_t> ratingCountsOf(const RatingsTable& ratings, const std::vector<int32_t>& ids) {
    std::unordered_map<int32_t, std::uint64_t> counts;
    ratings.forEachSequence(-std::numeric_limits<float>::infinity(), [&](int32_t, const int32_t* movies, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) ++counts[movies[i]];
    });
    std::vector<std::uint32_t> result(ids.size(), 0);
    for (std::size_t i = 0; i < ids.size(); ++i)
        if (auto it = counts.find(ids[i]); it != counts.end()) result[i] = static_cast<std::uint32_t>(std::min<std::uint64_t>(it->second, UINT32_MAX));
    return result;
}

}  // namespace m2v
