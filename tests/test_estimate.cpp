// estimateTraining(): the corpus it counts is the one buildCorpus() builds, the epochs follow the
// options or autoEpochs(), the time comes from a measured run, and bad settings throw as training does.
#include <doctest/doctest.h>

#include <string>

#include "estimate.h"
#include "ratings.h"
#include "ratings_text.h"
#include "vocabulary.h"

using namespace m2v;

namespace {

// User 4 keeps one movie above min count 2 (dropped: no context); movie 50 is rated once.
const char* kRatings =
    "userId,movieId,rating,timestamp\n"
    "1,10,4,1\n1,20,3,2\n1,30,2,3\n"
    "2,10,5,4\n2,20,1,5\n2,30,4,6\n2,40,3,7\n"
    "3,20,4,8\n3,40,5,9\n"
    "4,10,2,10\n4,50,4,11\n";

}  // namespace

TEST_CASE("the estimate counts the corpus prepare() would build") {
    const RatingsTable ratings = ratingsFromText(kRatings);
    for (float minRating : {-1e30f, 3.0f}) {
        for (std::uint64_t minCount : {1u, 2u}) {
            CAPTURE(minRating);
            CAPTURE(minCount);
            TrainOptions o;
            o.dim = 8;
            o.minCount = minCount;
            Vocabulary vocabulary;
            const Corpus corpus = buildCorpus(ratings, minRating, minCount, &vocabulary);
            if (corpus.sequenceCount() == 0 || vocabulary.size() < 2) {
                CHECK_THROWS_AS(estimateTraining(ratings, o, minRating, 0.01), std::invalid_argument);
                continue;
            }
            const TrainEstimate e = estimateTraining(ratings, o, minRating, 0.01);
            CHECK(e.tokensPerEpoch == corpus.tokens.size());
            CHECK(e.sequences == corpus.sequenceCount());
            CHECK(e.vocabulary == vocabulary.size());
            CHECK(e.autoEpochs);
            CHECK(e.epochs == autoEpochs(e.tokensPerEpoch));
            // Model (two matrices) and index: three vocabulary x dim float matrices at least.
            CHECK(e.memoryBytes >= 3 * vocabulary.size() * 8 * sizeof(float) + corpus.tokens.size() * sizeof(int32_t));
        }
    }
}

TEST_CASE("the time comes from trained tokens, and follows the epochs asked for, on one thread or two") {
    const RatingsTable ratings = ratingsFromText(kRatings);
    TrainOptions o;
    o.dim = 8;
    o.epochs = 7;
    const TrainEstimate one = estimateTraining(ratings, o, -1e30f, 0.01);
    for (int threads : {1, 2}) {
        CAPTURE(threads);
        o.threads = threads;
        const TrainEstimate e = estimateTraining(ratings, o, -1e30f, 0.01);
        CHECK(e.epochs == 7);
        CHECK_FALSE(e.autoEpochs);
        // The threads measure the speed; the corpus and the memory are those of one thread.
        CHECK(e.tokensPerEpoch == one.tokensPerEpoch);
        CHECK(e.memoryBytes == one.memoryBytes);
        // The sample is the whole of a file this small: one epoch of it is measured at the least.
        CHECK(e.measuredTokens >= e.tokensPerEpoch);
        REQUIRE(e.tokensPerSecond > 0);
        CHECK(e.seconds == doctest::Approx(static_cast<double>(e.tokensPerEpoch) * 7 / e.tokensPerSecond));
    }
}

TEST_CASE("settings training would refuse make the estimate throw the same message") {
    const RatingsTable ratings = ratingsFromText(kRatings);
    TrainOptions o;
    o.dim = 0;
    CHECK_THROWS_WITH_AS(estimateTraining(ratings, o, -1e30f, 0.01), doctest::Contains("dim"), std::invalid_argument);
    o.dim = 8;
    o.minCount = 100;
    CHECK_THROWS_WITH_AS(estimateTraining(ratings, o, -1e30f, 0.01), doctest::Contains("nothing to train on"),
                         std::invalid_argument);
}
