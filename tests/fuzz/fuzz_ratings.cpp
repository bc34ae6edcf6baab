// Fuzzes the ratings loader and the corpus built from it.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "csv.h"
#include "fuzz_common.h"
#include "load_report.h"
#include "ratings.h"
#include "vocabulary.h"

namespace {

struct Loaded {
    std::string error;  // the LoadError's message, if loading failed
    m2v::LoadReport report;
    std::vector<int32_t> users;
    std::vector<uint32_t> offsets;
    std::vector<std::pair<int32_t, float>> rows;
};

Loaded load(const std::uint8_t* data, std::size_t size) {
    Loaded out;
    try {
        m2v::RatingsLoader loader("ratings.csv");
        m2v::fuzz::feedInChunks(data, size, [&](std::string_view chunk) { loader.feed(chunk); });
        m2v::RatingsTable table = loader.finish();
        out.report = loader.report();
        out.users = table.userIds_;
        out.offsets = table.offsets_;
        for (std::size_t j = 0; j < table.ratingCount(); ++j) out.rows.emplace_back(table.row(j).movie, table.row(j).rating);
    } catch (const m2v::LoadError& e) {
        out.error = e.what();
    }
    return out;
}

// Comma-separated rows in MovieLens's column order take the loader's fast path for plain rows;
// the same text with tabs for commas never does. Without quotes (a quoted field may hold a
// comma, which a tab would change) and other delimiters, both must load the same.
void sameWithTabs(const std::uint8_t* data, std::size_t size) {
    if (size == 0 || std::any_of(data + 1, data + size, [](std::uint8_t c) { return c == '\t' || c == ';' || c == '"'; })) return;
    std::vector<std::uint8_t> tabs(data, data + size);
    std::replace(tabs.begin() + 1, tabs.end(), std::uint8_t(','), std::uint8_t('\t'));
    // Only where the two are read as comma- and tab-separated: where neither fits every first
    // line, both may be read as commas (a tab is then blank space), or as "::" or "|" (a comma is
    // then text).
    const auto delimiterOf = [](const std::vector<std::uint8_t>& bytes) {
        m2v::CsvReader reader([](const std::vector<std::string_view>&, std::size_t) {});
        try {
            reader.feed(std::string_view(reinterpret_cast<const char*>(bytes.data() + 1), bytes.size() - 1));
            reader.finish();
        } catch (const m2v::LoadError&) {
        }
        return reader.delimiter();
    };
    if (delimiterOf(std::vector<std::uint8_t>(data, data + size)) != ',' || delimiterOf(tabs) != '\t') return;
    const Loaded a = load(data, size), b = load(tabs.data(), tabs.size());
    if (a.error != b.error || a.report.rowsRead != b.report.rowsRead || a.report.rowsKept != b.report.rowsKept ||
        a.report.rowsSkipped != b.report.rowsSkipped || a.report.problems != b.report.problems ||
        a.report.notes != b.report.notes || a.users != b.users || a.offsets != b.offsets || a.rows != b.rows)
        __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    sameWithTabs(data, size);
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
