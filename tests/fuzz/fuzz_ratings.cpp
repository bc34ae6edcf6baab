// Fuzzes the ratings loader and the corpus built from it.
#include "fuzz_common.h"
#include "ratings.h"
#include "vocabulary.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        m2v::RatingsLoader loader("ratings.csv");
        m2v::fuzz::feedInChunks(data, size, [&](std::string_view chunk) { loader.feed(chunk); });
        m2v::RatingsTable table = loader.finish();
        m2v::Vocabulary vocabulary;
        m2v::Corpus corpus = m2v::buildCorpus(table, 3.0f, 1, &vocabulary);
        if (corpus.tokens.size() > table.ratingCount()) __builtin_trap();
    } catch (const m2v::LoadError&) {
    }
    return 0;
}
