#include "estimate.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <unordered_map>

namespace m2v {

TrainEstimate estimateTraining(const RatingsTable& ratings, const TrainOptions& options, float minRating,
                               double measureSeconds, std::uint64_t sampleTokens) {
    options.validate();
    TrainEstimate e;
    // The vocabulary as buildCorpus() makes it.
    std::unordered_map<int32_t, std::uint64_t> counts;
    ratings.forEachSequence(minRating, [&](int32_t, const int32_t* movies, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) ++counts[movies[i]];
    });
    Vocabulary vocabulary = Vocabulary::fromCounts(counts, std::max<std::uint64_t>(options.minCount, 1));
    counts.clear();

    // Every stride-th user's sequence goes into the sample: about sampleTokens tokens, spread over
    // the file (its users are in id order, which often follows time).
    const std::size_t stride =
        std::max<std::size_t>(1, ratings.ratingCount() / std::max<std::uint64_t>(sampleTokens, 1));
    Corpus sample;
    sample.offsets.push_back(0);
    std::vector<int32_t> kept;
    ratings.forEachSequence(minRating, [&](int32_t, const int32_t* movies, std::size_t n) {
        kept.clear();
        for (std::size_t i = 0; i < n; ++i) {
            const int32_t index = vocabulary.indexOf(movies[i]);
            if (index >= 0) kept.push_back(index);
        }
        if (kept.size() < 2) return;
        if (e.sequences % stride == 0) {  // the first sequence always: the sample is never empty
            sample.tokens.insert(sample.tokens.end(), kept.begin(), kept.end());
            sample.offsets.push_back(sample.tokens.size());
        }
        e.tokensPerEpoch += kept.size();
        ++e.sequences;
    });
    e.vocabulary = vocabulary.size();
    e.autoEpochs = options.epochs == 0;
    e.epochs = e.autoEpochs ? autoEpochs(e.tokensPerEpoch) : options.epochs;

    const double floatBytes = sizeof(float);
    // The corpus; the matrices (input, output, the index's copy of the input, and the next
    // model's two); the vocabulary and noise table.
    const double matrices = options.nextModel > 0 ? 5.0 : 3.0;
    e.memoryBytes = static_cast<std::uint64_t>(
        e.tokensPerEpoch * sizeof(int32_t) + (e.sequences + 1) * sizeof(std::size_t)
        + matrices * static_cast<double>(e.vocabulary) * options.dim * floatBytes
        + static_cast<double>(e.vocabulary) * 16);

    // The scratch model: the same vocabulary (so the same noise table and matrix sizes) and
    // settings, over the sample, on the threads training will use (in steps of 20,000 tokens per
    // thread when there are more than one: each step starts and joins them). It throws what a
    // real run would throw.
    TrainOptions scratch = options;
    scratch.epochs = 3;  // room for the measurement to run on
    const std::uint64_t stepTokens = options.threads > 1 ? 20000 * static_cast<std::uint64_t>(options.threads) : 2000;
    Trainer trainer(std::move(sample), std::move(vocabulary), scratch);
    // Timed in windows, and the speed is the last window's: a WebAssembly engine first runs
    // baseline code and swaps in optimised code (compiled in the background) between calls,
    // which makes a cold first window several times slower. The measurement goes on past
    // measureSeconds (up to four times) while the speed still rises by more than 10%.
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    const double window = measureSeconds / 4;
    auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
    TrainProgress progress;
    double previous = 0;
    for (;;) {
        const std::uint64_t tokensBefore = progress.tokensDone;
        const double windowStart = elapsed();
        do {
            progress = trainer.step(stepTokens);
        } while (!progress.done && elapsed() - windowStart < window);
        const double seconds = elapsed() - windowStart;
        const double rate = seconds > 0 ? static_cast<double>(progress.tokensDone - tokensBefore) / seconds : 0;
        const bool rising = rate > previous * 1.1;
        if (rate > 0) e.tokensPerSecond = rate;
        previous = rate;
        if (progress.done || elapsed() >= 4 * measureSeconds || (elapsed() >= measureSeconds && !rising)) break;
    }
    e.measuredSeconds = elapsed();
    e.measuredTokens = progress.tokensDone;
    e.seconds = e.tokensPerSecond > 0
                    ? static_cast<double>(e.tokensPerEpoch) * e.epochs / e.tokensPerSecond
                    : 0;
    return e;
}

}  // namespace m2v
