#include "bench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "csv.h"
#include "ratings.h"

namespace m2v {

TrainOptions BenchOptions::defaults() {
    TrainOptions o;
    o.dim = 64;
    o.window = 5;
    o.negative = 5;
    o.epochs = 5;
    o.sample = 0;
    o.threads = 1;
    // The anchors (word2vec.c, gensim, fastText) train word2vec's own objective.
    o.loss = LossKind::Negative;
    o.nsExponent = 0.75;
    o.shareNegatives = 1;
    // CBOW alone, as those anchors train it; --next-model adds the next model's pairs.
    o.nextModel = 0;
    return o;
}

Corpus repeatCorpus(const Corpus& corpus, std::size_t copies) {
    Corpus out;
    out.tokens.reserve(corpus.tokens.size() * copies);
    out.offsets.reserve(corpus.sequenceCount() * copies + 1);
    out.offsets.push_back(0);
    for (std::size_t c = 0; c < copies; ++c) {
        const std::size_t base = out.tokens.size();
        out.tokens.insert(out.tokens.end(), corpus.tokens.begin(), corpus.tokens.end());
        for (std::size_t s = 1; s < corpus.offsets.size(); ++s) out.offsets.push_back(base + corpus.offsets[s]);
    }
    return out;
}

BenchResult runBench(const RatingsTable& ratings, const BenchOptions& options) {
    Vocabulary once;
    Corpus base = buildCorpus(ratings, -std::numeric_limits<float>::infinity(), options.train.minCount, &once);
    if (base.tokens.empty()) throw std::invalid_argument("the ratings give no sequence of two movies or more");
    const double ratio = static_cast<double>(options.tokens) / static_cast<double>(base.tokens.size());
    const auto copies = static_cast<std::size_t>(std::max(1.0, std::round(ratio)));
    std::unordered_map<int32_t, std::uint64_t> counts;
    for (std::size_t i = 0; i < once.size(); ++i) counts[once.movieId(i)] = once.count(i) * copies;
    Vocabulary vocabulary = Vocabulary::fromCounts(counts, 1);

    BenchResult r;
    r.movies = vocabulary.size();
    r.copies = copies;
    Trainer trainer(repeatCorpus(base, copies), std::move(vocabulary), options.train);
    base = Corpus();
    r.sequences = trainer.corpus().sequenceCount();
    r.tokensPerEpoch = trainer.tokensPerEpoch();
    r.options = trainer.options();
    const std::clock_t cpuStart = std::clock();
    r.progress = trainer.run();
    r.cpuSeconds = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    r.peakMemoryKiB = peakResidentKiB();
#if defined(__wasm__)
    r.wasmMemoryKiB = static_cast<long long>(__builtin_wasm_memory_size(0)) * 64;
#endif
    return r;
}

namespace {

long long statusKiB(const char* key) {
#if defined(__linux__) && !defined(__EMSCRIPTEN__)
    std::ifstream status("/proc/self/status");
    const std::string prefix = std::string(key) + ":";
    for (std::string line; std::getline(status, line);)
        if (line.rfind(prefix, 0) == 0) return std::stoll(line.substr(prefix.size()));
#endif
    (void)key;
    return -1;
}

}  // namespace

std::size_t writeRepeatedRatings(const std::string& source, const std::string& target, std::size_t rows) {
    std::ifstream in(source, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open \"" + source + "\"");
    std::string header, line;
    std::getline(in, header);
    // The first field is the user: each copy shifts it past the largest user of the source.
    std::vector<std::pair<long long, std::string>> lines;
    long long maxUser = 0;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto comma = line.find(',');
        if (line.empty() || comma == std::string::npos) continue;
        const long long user = std::atoll(line.c_str());
        maxUser = std::max(maxUser, user);
        lines.emplace_back(user, line.substr(comma));
    }
    if (lines.empty()) throw std::runtime_error("\"" + source + "\" has no rows to copy");
    const std::string partial = target + ".part";
    std::ofstream out(partial, std::ios::binary);
    if (!out) throw std::runtime_error("cannot write \"" + partial + "\"");
    out << header << '\n';
    std::string buffer;
    std::size_t written = 0;
    for (long long copy = 0; written < rows; ++copy)
        for (const auto& [user, rest] : lines) {
            if (written == rows) break;
            buffer += std::to_string(user + copy * maxUser);
            buffer += rest;
            buffer += '\n';
            ++written;
            if (buffer.size() > (1u << 20)) {
                out << buffer;
                buffer.clear();
            }
        }
    out << buffer;
    out.close();
    if (!out || std::rename(partial.c_str(), target.c_str()) != 0) throw std::runtime_error("writing \"" + target + "\" failed");
    return written;
}

IngestBenchResult runIngestBench(const std::string& path) {
    IngestBenchResult r;
    {
        std::ifstream f(path, std::ios::binary | std::ios::ate);
        if (!f) throw std::runtime_error("cannot open \"" + path + "\"");
        r.megabytes = static_cast<double>(f.tellg()) / 1e6;
    }
    r.baselineKiB = statusKiB("VmRSS");
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    RatingsTable table = loadRatingsFile(path);
    const auto t1 = Clock::now();
    std::size_t tokens = 0;
    table.forEachSequence(-std::numeric_limits<float>::infinity(), [&](int32_t, const int32_t*, std::size_t n) { tokens += n; });
    const auto t2 = Clock::now();
    r.loadSeconds = std::chrono::duration<double>(t1 - t0).count();
    r.groupSeconds = std::chrono::duration<double>(t2 - t1).count();
    r.ratings = table.ratingCount();
    r.users = table.userCount();
    r.peakMemoryKiB = statusKiB("VmHWM");
#if defined(__wasm__)
    r.wasmMemoryKiB = static_cast<long long>(__builtin_wasm_memory_size(0)) * 64;
#endif
    if (tokens != r.ratings) throw std::logic_error("the sequences do not hold every rating");
    return r;
}

QuotingBench runQuotingBench(std::size_t chunk) {
    // One quoted field of doubled quotes (kept under the 1 MiB record limit), then one record of
    // 100,000 tiny quoted fields with doubled quotes inside.
    std::string text = "\"";
    while (text.size() < 900'000) text += "\"\"";
    text += "\"\n";
    std::string wide;
    for (int i = 0; i < 50'000; ++i) wide += i ? ",\"a\"\"\"" : "\"a\"\"\"";
    text += wide + "\n";
    std::size_t records = 0;
    CsvReader reader([&](const std::vector<std::string_view>&, std::size_t) { ++records; });
    const auto t0 = std::chrono::steady_clock::now();
    for (std::size_t at = 0; at < text.size(); at += chunk) reader.feed(std::string_view(text).substr(at, chunk));
    reader.finish();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (records != 2) throw std::logic_error("quoting bench: expected 2 records, read " + std::to_string(records));
    return {static_cast<double>(text.size()) / 1e6, seconds};
}

long long peakResidentKiB() {
#if defined(__linux__) && !defined(__EMSCRIPTEN__)
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6));
#endif
    return -1;
}

}  // namespace m2v
