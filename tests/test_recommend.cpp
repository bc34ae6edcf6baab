// recommend(): "next" scores on hand matrices (window, exclusions, minimum ratings, "because"),
// unknown ids, the message for a model without output vectors, and HR@10 through recommend()
// against eval's "next" on ml-latest-small.
#include <doctest/doctest.h>

#include "sanitized.h"

#include "eval.h"
#include "ratings.h"
#include "recommend.h"
#include "similarity.h"
#include "trainer.h"
#include "vocabulary.h"

using namespace m2v;

namespace {

std::string source(const std::string& relative) { return std::string(M2V_SOURCE_DIR) + "/" + relative; }

// Five movies in 2-D. Inputs: rows 0 and 1 point along x and y. Outputs are chosen so that the
// mean of inputs 0 and 1, (0.5, 0.5), scores row 2 at 1.5, row 3 at 1.0 and row 4 at 2.0.
struct Hand {
    Matrix input{5, 2}, output{5, 2};
    Hand() {
        input << 1, 0,  //
            0, 1,       //
            1, 1,       //
            -1, 0,      //
            0, -1;
        output << 9, 9,  // rows 0, 1: high, but they are the history
            9, 9,        //
            0, 3,        // row 2: 1.5 from query movie 1 alone
            2, 0,        // row 3: 1.0 from query movie 0 alone
            1, 3;        // row 4: 2.0, more of it from movie 1 (3) than from movie 0 (1)
    }
};

}  // namespace

TEST_CASE("query weights: the most recent movie weighs most, each older one decay times less") {
    const std::vector<float> w = queryWeights(3, 0.5f);
    REQUIRE(w.size() == 3);
    CHECK(w[0] == doctest::Approx(1.0 / 7));
    CHECK(w[1] == doctest::Approx(2.0 / 7));
    CHECK(w[2] == doctest::Approx(4.0 / 7));
    for (float x : queryWeights(5, 1.0f)) CHECK(x == doctest::Approx(0.2));
    CHECK(queryWeights(0, 0.7f).empty());
}

TEST_CASE("recommend with the default decay weighs the query towards its most recent movie") {
    Hand h;
    const std::vector<std::uint32_t> none;
    Recommender r(h.input, h.output, none);
    RecommendOptions o;
    CHECK(o.decay == kDefaultDecay);
    // History 0 then 1: weights 0.7 / 1.7 and 1 / 1.7, q = (0.4118, 0.5882).
    const auto top = r.recommendRows({0, 1}, o);
    REQUIRE(top.size() == 3);
    CHECK(top[0].row == 4);
    CHECK(top[0].score == doctest::Approx(0.7 / 1.7 + 3 / 1.7));
    CHECK(top[1].row == 2);
    CHECK(top[1].score == doctest::Approx(3 / 1.7));
    CHECK(top[2].row == 3);
    CHECK(top[2].score == doctest::Approx(1.4 / 1.7));
    SUBCASE("a stronger decay puts what the latest movie suggests first, and names by weighted share") {
        o.decay = 0.5f;
        // History 1 then 0: q = (2/3, 1/3): row 4 scores 5/3, row 3 4/3, row 2 1 (plain mean: 2, 1, 1.5).
        const auto latest = r.recommendRows({1, 0}, o);
        REQUIRE(latest.size() == 3);
        CHECK(latest[0].row == 4);
        CHECK(latest[1].row == 3);
        CHECK(latest[1].score == doctest::Approx(4.0 / 3));
        CHECK(latest[2].row == 2);
        CHECK(latest[0].because == 1);  // shares: movie 0 2/3 x 1, movie 1 1/3 x 3
        CHECK(latest[1].because == 0);
    }
    SUBCASE("a decay outside (0, 1] is refused") {
        o.decay = 0;
        CHECK_THROWS_WITH(r.recommendRows({0, 1}, o), doctest::Contains("decay must be above 0 and at most 1"));
        o.decay = 1.5f;
        CHECK_THROWS_AS(r.recommendRows({0, 1}, o), std::invalid_argument);
    }
}

TEST_CASE("recommend (decay 1) ranks by mean input . output, leaves out the history, names the largest share") {
    Hand h;
    const std::vector<std::uint32_t> none;
    Recommender r(h.input, h.output, none);
    RecommendOptions o;
    o.decay = 1;
    const auto top = r.recommendRows({0, 1}, o);
    REQUIRE(top.size() == 3);
    CHECK(top[0].row == 4);
    CHECK(top[0].score == doctest::Approx(2.0));
    CHECK(top[0].because == 1);
    CHECK(top[1].row == 2);
    CHECK(top[1].score == doctest::Approx(1.5));
    CHECK(top[1].because == 1);
    CHECK(top[2].row == 3);
    CHECK(top[2].score == doctest::Approx(1.0));
    CHECK(top[2].because == 0);

    SUBCASE("k cuts the list") {
        o.k = 1;
        CHECK(r.recommendRows({0, 1}, o).size() == 1);
    }
    SUBCASE("only the last `recent` movies make the query; every history movie is left out") {
        o.recent = 1;
        // Query: row 1 alone, (0, 1): row 2 scores 3, row 4 scores 3 (tie: lower row first), row 3 0.
        const auto one = r.recommendRows({3, 0, 1}, o);
        REQUIRE(one.size() == 2);
        CHECK(one[0].row == 2);
        CHECK(one[1].row == 4);
        CHECK(one[0].because == 1);
    }
    SUBCASE("an unknown movie (-1) takes its place in the window and adds nothing") {
        o.recent = 2;
        const auto withUnknown = r.recommendRows({0, -1, 1}, o);  // window: -1, 1
        REQUIRE(withUnknown.size() == 3);
        CHECK(withUnknown[0].row == 2);  // query (0, 1): row 2 and row 4 tie at 3, row 2 first
        CHECK(r.recommendRows({0, -1, -1}, o).empty());
    }
    SUBCASE("movies with fewer than minRatings ratings are left out") {
        const std::vector<std::uint32_t> counts{50, 50, 50, 50, 4};
        Recommender filtered(h.input, h.output, counts);
        o.minRatings = 5;
        const auto kept = filtered.recommendRows({0, 1}, o);
        REQUIRE(kept.size() == 2);
        CHECK(kept[0].row == 2);
        CHECK(kept[1].row == 3);
    }
    CHECK_THROWS_AS(r.recommendRows({7}, o), std::out_of_range);
}

TEST_CASE("recommend with a next model adds its score to CBOW's; \"because\" weighs both") {
    Hand h;
    // The next model: its query (0.5, 0.5) again (mean of its inputs 0 and 1 with decay 1) puts
    // row 3 far ahead (4 + CBOW's 1.0 = 5.0), lifts row 2 by 1 (2.5) and leaves row 4 (2.0).
    Matrix nextInput{5, 2}, nextOutput{5, 2};
    nextInput << 1, 0, 0, 1, 0, 0, 0, 0, 0, 0;
    nextOutput << 0, 0,  //
        0, 0,            //
        2, 0,            // row 2: +1.0 from next-model movie 0 alone
        0, 8,            // row 3: +4.0 from next-model movie 1 alone
        0, 0;
    const std::vector<std::uint32_t> none;
    Recommender r({&h.input, &h.output, &nextInput, &nextOutput}, none);
    RecommendOptions o;
    o.decay = 1;
    const auto top = r.recommendRows({0, 1}, o);
    REQUIRE(top.size() == 3);
    CHECK(top[0].row == 3);
    CHECK(top[0].score == doctest::Approx(5.0));
    CHECK(top[0].because == 1);  // movie 0: 1.0 (CBOW) + 0; movie 1: 0 + 4.0 (next model)
    CHECK(top[1].row == 2);
    CHECK(top[1].score == doctest::Approx(2.5));
    CHECK(top[1].because == 1);  // movie 0: 0 + 1.0; movie 1: 1.5 + 0
    CHECK(top[2].row == 4);
    CHECK(top[2].score == doctest::Approx(2.0));
    // A next model of 0 rows is none; one of another shape is refused.
    Matrix empty;
    Recommender without({&h.input, &h.output, &empty, &empty}, none);
    CHECK(without.recommendRows({0, 1}, o)[0].row == 4);
    Matrix narrow{5, 1};
    narrow.setZero();
    CHECK_THROWS_WITH(Recommender({&h.input, &h.output, &narrow, &nextOutput}, none),
                      "recommend: 5 input vectors of 2 but 5 next-model input vectors of 1");
}

TEST_CASE("recommend by movie id: unknown ids are listed and skipped; no output vectors says what to do") {
    Hand h;
    const SimilarityIndex index({10, 11, 12, 13, 14}, h.input, {100, 90, 80, 70, 60});
    RecommendOptions o;
    const RecommendResult r = recommend(index, h.input, h.output, {10, 555, 11}, o);
    CHECK(r.unknown == std::vector<int32_t>{555});
    REQUIRE(r.items.size() == 3);
    CHECK(r.items[0].movieId == 14);
    CHECK(r.items[0].because == 11);
    CHECK(r.items[0].ratings == 60);
    CHECK(r.items[2].movieId == 13);
    CHECK(r.items[2].because == 10);
    const Matrix noOutput;
    CHECK_THROWS_AS(recommend(index, h.input, noOutput, {10}, o), NoOutputVectors);
    CHECK_THROWS_WITH(recommend(index, h.input, noOutput, {10}, o),
                      doctest::Contains("this model has no output vectors, which recommendations need"));
    CHECK_THROWS_WITH(recommend(index, h.input, noOutput, {10}, o), doctest::Contains("train it again"));
}

// The check: each ml-latest-small user's training movies (all but the last) as the
// history, the last 5 as the query, on a model trained on that split with eval's seed: the share
// of users whose held-out movie is in the top 10 is eval's "next" HR@10. Fewer epochs than the
// defaults (the check is equality, not quality): about 2 s natively.
TEST_CASE("ml-latest-small: HR@10 through recommend() is eval's next HR@10") {
    RatingsTable ratings = loadRatingsFile(source("web/sample/ml-latest-small/ratings.csv"));
    std::vector<std::vector<int32_t>> sequences;
    ratings.forEachSequence(-1e30f, [&](int32_t, const int32_t* m, std::size_t n) { sequences.emplace_back(m, m + n); });
    EvalOptions o;
    o.seeds = 1;
    o.train.epochs = kSanitized ? 1 : 3;
    o.train.threads = 1;
    const EvalReport report = evaluate(sequences, nullptr, o);

    std::vector<std::vector<int32_t>> training;
    std::vector<int32_t> heldOut;
    for (const auto& s : sequences)
        if (s.size() >= 2) {
            training.emplace_back(s.begin(), s.end() - 1);
            heldOut.push_back(s.back());
        }
    Vocabulary vocabulary;
    Corpus corpus = buildCorpus(training, o.train.minCount, &vocabulary);
    Trainer trainer(corpus, vocabulary, o.train);
    trainer.run();
    const SimilarityIndex index(vocabulary.ids(), trainer.model().input);
    RecommendOptions ro;
    ro.k = 10;
    ro.minRatings = 0;
    ro.recent = 5;
    std::size_t hits = 0;
    for (std::size_t u = 0; u < training.size(); ++u) {
        const Model& m = trainer.model();
        const RecommendResult r = recommend(index, {&m.input, &m.output, &m.nextInput, &m.nextOutput}, training[u], ro);
        for (const Recommendation& item : r.items) hits += item.movieId == heldOut[u];
    }
    const double hitRate = static_cast<double>(hits) / static_cast<double>(training.size());
    CHECK(report.users == training.size());
    CHECK(std::abs(hitRate - report.next[0].hitRate) <= 0.002);
    if (!kSanitized) CHECK(hitRate > 0.02);  // a model, not noise (a random top 10 of 9,000 movies: 0.001)
}
