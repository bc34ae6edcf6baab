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
    e.memoryBytes = static_cast<std::uint64_t>(
        e.tokensPerEpoch * sizeof(int32_t) + (e.sequences + 1) * sizeof(std::size_t)  // the corpus
        + 3.0 * static_cast<double>(e.vocabulary) * options.dim * floatBytes           // input, output, the index's copy
        + static_cast<double>(e.vocabulary) * 16);                                     // vocabulary, noise table

    // The scratch model: one epoch over the sample with the same vocabulary (so the same noise
    // table and matrix sizes) and settings. It throws what a real run would throw.
    TrainOptions scratch = options;
    scratch.epochs = 1;
    scratch.threads = 1;
    Trainer trainer(std::move(sample), std::move(vocabulary), scratch);
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    TrainProgress progress;
    do {
        progress = trainer.step(2000);
        e.measuredSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    } while (!progress.done && e.measuredSeconds < measureSeconds);
    e.measuredTokens = progress.tokensDone;
    e.tokensPerSecond = e.measuredSeconds > 0 ? static_cast<double>(e.measuredTokens) / e.measuredSeconds : 0;
    e.seconds = e.tokensPerSecond > 0
                    ? static_cast<double>(e.tokensPerEpoch) * e.epochs / e.tokensPerSecond
                    : 0;
    return e;
}

}  // namespace m2v
