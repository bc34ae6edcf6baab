// Fuzzes the ratings loader and the corpus built from it.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "fuzz_common.h"
#include "ratings.h"
#include "vocabulary.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        m2v::RatingsLoader loader("ratings.csv");
        m2v::fuzz::feedInChunks(data, size, [&](std::string_view chunk) { loader.feed(chunk); });
        m2v::RatingsTable table = loader.finish();
        // The table's own invariants: users ascending, each movie once per user, every rating counted.
        std::size_t total = 0;
        int64_t lastUser = INT64_MIN;
        std::vector<int32_t> movies;
        table.forEachSequence(-std::numeric_limits<float>::infinity(), [&](int32_t user, const int32_t* m, std::size_t n) {
            if (user <= lastUser) __builtin_trap();
            lastUser = user;
            total += n;
            movies.assign(m, m + n);
            std::sort(movies.begin(), movies.end());
            if (std::adjacent_find(movies.begin(), movies.end()) != movies.end()) __builtin_trap();
        });
        if (total != table.ratingCount()) __builtin_trap();
        m2v::Vocabulary vocabulary;
        m2v::Corpus corpus = m2v::buildCorpus(table, 3.0f, 1, &vocabulary);
        if (corpus.tokens.size() > table.ratingCount()) __builtin_trap();
    } catch (const m2v::LoadError&) {
    }
    return 0;
}
