#include "bench.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <fstream>
#include <limits>
#include <string>
#include <unordered_map>

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
    if (base.tokens.empty()) throw std::invalid_argument("bench: the ratings give no sequence of two movies or more");
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
    const std::clock_t cpuStart = std::clock();
    r.progress = trainer.run();
    r.cpuSeconds = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    r.peakMemoryKiB = peakResidentKiB();
#if defined(__wasm__)
    r.wasmMemoryKiB = static_cast<long long>(__builtin_wasm_memory_size(0)) * 64;
#endif
    return r;
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
