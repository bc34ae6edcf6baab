// What a training run with given settings will take, before it starts: tokens per epoch, the
// epochs the settings imply, the memory it needs, and the expected time from a short measured
// run of this machine's speed on a sample of the corpus in a scratch model.
#pragma once

#include <cstdint>

#include "ratings.h"
#include "trainer.h"

namespace m2v {

struct TrainEstimate {
    std::uint64_t tokensPerEpoch = 0;  // as prepare() would build the corpus
    std::size_t vocabulary = 0;        // movies trained
    std::size_t sequences = 0;         // users with at least two movies
    int epochs = 0;                    // options.epochs, or autoEpochs() when it is 0
    bool autoEpochs = false;           // epochs came from autoEpochs()
    std::uint64_t measuredTokens = 0;  // tokens the measurement trained
    double measuredSeconds = 0;        // how long they took
    double tokensPerSecond = 0;        // on options.threads, in the measurement's last (warmest) window
    double seconds = 0;                // expected training time: tokensPerEpoch * epochs / tokensPerSecond
    std::uint64_t memoryBytes = 0;     // corpus + model + similarity index, on top of the ratings loaded
};

// Counts the corpus the settings give (without building it), then trains a scratch model with
// the same vocabulary and settings on about sampleTokens tokens of every n-th user for about
// measureSeconds (up to four times that while the speed still rises), and extrapolates. Throws std::invalid_argument as Trainer does (bad options,
// nothing to train on, a model over the size limit).
TrainEstimate estimateTraining(const RatingsTable& ratings, const TrainOptions& options, float minRating,
                               double measureSeconds = 0.25, std::uint64_t sampleTokens = 200000);

}  // namespace m2v
