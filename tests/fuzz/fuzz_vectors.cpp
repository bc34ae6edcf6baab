// Fuzzes the reader of other tools' word2vec vectors (text and binary): any input is read or
// refused with a LoadError; fed in the chunks the input chooses it gives what it gives when fed
// whole (vectors, report, or the same error); what it reads has one row per id, no id twice, and
// only finite numbers.
#include <cmath>
#include <cstdlib>
#include <string>
#include <unordered_set>

#include "fuzz_common.h"
#include "word2vec_reader.h"

namespace {

struct Outcome {
    m2v::Vectors vectors;
    m2v::LoadReport report;
    std::string error;
};

template <typename Feed>
Outcome read(Feed&& feedAll) {
    Outcome o;
    m2v::Word2VecReader reader("fuzz.vec");
    try {
        feedAll(reader);
        o.vectors = reader.finish();
    } catch (const m2v::LoadError& e) {
        o.error = e.what();
    }
    o.report = reader.report();
    return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view whole(reinterpret_cast<const char*>(data + 1), size - 1);
    const Outcome once = read([&](m2v::Word2VecReader& r) { r.feed(whole); });
    const Outcome chunked = read([&](m2v::Word2VecReader& r) {
        m2v::fuzz::feedInChunks(data, size, [&](std::string_view piece) { r.feed(piece); });
    });
    const auto& a = once.vectors.values;
    const auto& b = chunked.vectors.values;
    if (a.rows() != b.rows() || a.cols() != b.cols()) std::abort();
    if (once.error != chunked.error || once.vectors.ids != chunked.vectors.ids || a != b ||
        once.report.problems != chunked.report.problems ||
        once.report.notes != chunked.report.notes || once.report.kind != chunked.report.kind)
        std::abort();
    if (!once.error.empty()) return 0;
    const auto& v = once.vectors;
    if (v.ids.empty() || static_cast<std::size_t>(v.values.rows()) != v.ids.size() || v.values.cols() < 1) std::abort();
    if (!v.values.allFinite()) std::abort();
    if (std::unordered_set<int32_t>(v.ids.begin(), v.ids.end()).size() != v.ids.size()) std::abort();
    if (once.report.rowsKept != v.ids.size() || once.report.rowsRead != once.report.rowsKept + once.report.rowsSkipped) std::abort();
    return 0;
}
