// The CBOW trainer: the notebook's toy, determinism, steps versus one run, falling loss, and
// the property the product promises on ml-latest-small (Toy Story's neighbours are animated).
#include <doctest/doctest.h>

#include "sanitized.h"

#include <chrono>
#include <cmath>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "bench.h"
#include "hot_rows.h"
#include "ratings.h"
#include "similarity.h"
#include "trainer.h"

using namespace m2v;

namespace {

// A trainer over sequences held in memory (every movie kept).
Trainer trainerOf(const std::vector<std::vector<int32_t>>& sequences, const TrainOptions& options) {
    Vocabulary v;
    Corpus c = buildCorpus(sequences, 1, &v);
    return Trainer(std::move(c), std::move(v), options);
}

// Trains to the end: run() on several threads, one step() of stepTokens after another on one.
TrainProgress trainToEnd(Trainer& t, std::uint64_t stepTokens) {
    if (t.options().threads > 1) return t.run();
    TrainProgress p;
    while (!(p = t.step(stepTokens)).done) {
    }
    return p;
}

// "you say goodbye and I say hello ." as ids 0..6.
const std::vector<std::vector<int32_t>> kToy{{0, 1, 2, 3, 4, 1, 5, 6}};
enum Word { You, Say, Goodbye, And, I, Hello, Period };

std::unique_ptr<Trainer> trainToy(LossKind loss, std::uint64_t seed = 1) {
    Vocabulary vocabulary;
    Corpus corpus = buildCorpus(kToy, 1, &vocabulary);
    TrainOptions o;
    o.nextModel = 0;  // CBOW's vectors are the same either way (the next model's test below)
    o.dim = 10;
    o.window = 1;
    o.negative = 3;
    o.epochs = 500;
    o.lr = 0.05f;
    o.loss = loss;
    o.seed = seed;
    auto trainer = std::make_unique<Trainer>(std::move(corpus), std::move(vocabulary), o);
    trainer->run();
    return trainer;
}

// p(target | context) under the trained model, by the full softmax over output vectors.
Eigen::VectorXf predict(const Trainer& t, const std::vector<int32_t>& contextWords) {
    Eigen::VectorXf h = Eigen::VectorXf::Zero(t.options().dim);
    for (int32_t w : contextWords) h += t.model().input.row(t.vocabulary().indexOf(w)).transpose();
    h /= static_cast<float>(contextWords.size());
    Eigen::VectorXf scores = t.model().output * h;
    Eigen::VectorXf p = (scores.array() - scores.maxCoeff()).exp();
    return p / p.sum();
}

int32_t argmaxWord(const Trainer& t, const Eigen::VectorXf& p) {
    Eigen::Index best;
    p.maxCoeff(&best);
    return t.vocabulary().movieId(static_cast<std::size_t>(best));
}

std::string source(const std::string& relative) { return std::string(M2V_SOURCE_DIR) + "/" + relative; }

}  // namespace

// The sentence has two targets with the context {say, and}: goodbye and I. A CBOW context is a
// mean, so order-free, and the best model gives each half the probability; the check is that
// these two share nearly all of it and goodbye holds its half.
TEST_CASE("the notebook's toy: (say, and) predicts goodbye") {
    for (LossKind loss : {LossKind::Softmax, LossKind::Negative, LossKind::Nce}) {
        const std::string name = lossKindName(loss);
        CAPTURE(name);
        const auto trainer = trainToy(loss);
        const Trainer& t = *trainer;
        const Eigen::VectorXf p = predict(t, {Say, And});
        const float goodbye = p[t.vocabulary().indexOf(Goodbye)], i = p[t.vocabulary().indexOf(I)];
        CHECK(goodbye > 0.4f);
        CHECK(goodbye + i > 0.9f);
        for (int32_t w : {You, Say, And, Hello, Period}) CHECK(p[t.vocabulary().indexOf(w)] < goodbye);
        // And the other context in the sentence: (you, goodbye) predicts say.
        CHECK(argmaxWord(t, predict(t, {You, Goodbye})) == Say);
        const auto& losses = t.progress().epochLosses;
        REQUIRE(losses.size() == 500);
        CHECK(losses.back() < losses.front() * 0.5);
    }
}

TEST_CASE("training is deterministic for a seed, and independent of how it is split into steps") {
    Vocabulary v1, v2;
    std::vector<std::vector<int32_t>> sequences;
    Rng rng(5);
    for (int u = 0; u < 50; ++u) {
        sequences.emplace_back();
        for (int i = 0; i < 30; ++i) sequences.back().push_back(static_cast<int32_t>(rng.below(40)));
    }
    TrainOptions o;
    o.nextModel = 0;
    o.dim = 16;
    o.epochs = 3;
    o.sample = 0.01;
    auto train = [&](std::uint64_t seed, std::uint64_t stepTokens) {
        Vocabulary v;
        Corpus c = buildCorpus(sequences, 1, &v);
        TrainOptions oo = o;
        oo.seed = seed;
        Trainer t(std::move(c), std::move(v), oo);
        while (!t.step(stepTokens).done) {
        }
        return Matrix(t.model().input);
    };
    const Matrix a = train(1, 1'000'000);
    CHECK(a == train(1, 1'000'000));  // bit-identical
    CHECK(a == train(1, 7));          // steps of a few tokens: the same training
    CHECK(a != train(2, 1'000'000));
}

TEST_CASE("next pairs: deterministic, independent of steps, a different model; on two threads they train too") {
    std::vector<std::vector<int32_t>> sequences;
    Rng rng(6);
    for (int u = 0; u < 60; ++u) {
        sequences.emplace_back();
        for (int i = 0; i < 25; ++i) sequences.back().push_back(static_cast<int32_t>(rng.below(40)));
    }
    TrainOptions o;
    o.dim = 16;
    o.epochs = 3;
    o.nextModel = 0;
    auto train = [&](int pairs, std::uint64_t stepTokens, int threads) {
        TrainOptions oo = o;
        oo.nextPairs = pairs;
        oo.threads = threads;
        Trainer t = trainerOf(sequences, oo);
        const TrainProgress p = trainToEnd(t, stepTokens);
        REQUIRE(p.epochLosses.size() == 3);
        CHECK(p.epochLosses.back() < p.epochLosses.front());
        CHECK(t.model().input.allFinite());
        CHECK(t.model().output.allFinite());
        return Matrix(t.model().input);
    };
    const Matrix plain = train(0, 1'000'000, 1);
    const Matrix paired = train(1, 1'000'000, 1);
    CHECK(paired == train(1, 11, 1));  // bit-identical in steps of a few tokens
    CHECK(paired != plain);
    CHECK(train(2, 1'000'000, 1) != paired);
    train(1, 0, 2);
}

TEST_CASE("next model: CBOW's vectors are the same with or without it; its own are trained, deterministic, on threads too") {
    std::vector<std::vector<int32_t>> sequences;
    Rng rng(8);
    for (int u = 0; u < 60; ++u) {
        sequences.emplace_back();
        // Each user walks up the catalogue: movie m is mostly followed by m + 1.
        int32_t m = static_cast<int32_t>(rng.below(40));
        for (int i = 0; i < 25; ++i) sequences.back().push_back((m += 1 + static_cast<int32_t>(rng.below(2))) % 40);
    }
    TrainOptions o;
    o.dim = 16;
    o.epochs = 5;
    auto train = [&](int nextModel, std::uint64_t stepTokens, int threads) {
        TrainOptions oo = o;
        oo.nextModel = nextModel;
        oo.threads = threads;
        Trainer t = trainerOf(sequences, oo);
        const TrainProgress p = trainToEnd(t, stepTokens);
        return std::make_pair(t.model(), p.epochLosses);
    };
    const auto [plain, plainLosses] = train(0, 1'000'000, 1);
    CHECK(plain.nextInput.rows() == 0);
    CHECK(plain.nextOutput.rows() == 0);
    const auto [withNext, losses] = train(6, 1'000'000, 1);
    CHECK(withNext.input == plain.input);  // bit-identical: the next model draws from its own generator
    CHECK(withNext.output == plain.output);
    CHECK(losses == plainLosses);  // the reported loss stays CBOW's
    REQUIRE(withNext.nextInput.rows() == plain.input.rows());
    REQUIRE(withNext.nextOutput.rows() == plain.input.rows());
    CHECK(withNext.nextInput.allFinite());
    CHECK(withNext.nextOutput.allFinite());
    CHECK(withNext.nextOutput.norm() > 0);  // trained: it starts at zero
    CHECK(withNext.nextInput != plain.input);
    CHECK(train(6, 13, 1).first.nextOutput == withNext.nextOutput);  // in steps of a few tokens: the same
    CHECK(train(3, 1'000'000, 1).first.nextOutput != withNext.nextOutput);
    const Model threaded = train(6, 0, 2).first;
    CHECK(threaded.nextOutput.allFinite());
    CHECK(threaded.nextOutput.norm() > 0);
    // What it learnt: movie m comes before m + 1, m + 2, ... and after m - 1, m - 2, ...; from m
    // alone the next model scores the movies just after it above those just before it (pairs of
    // one earlier movie are what it trains). CBOW's window is the same on both sides.
    Vocabulary v;
    buildCorpus(sequences, 1, &v);
    auto forward = [&](const Matrix& input, const Matrix& output) {
        int ahead = 0;
        for (int32_t m = 0; m < 40; ++m) {
            const Eigen::VectorXf scores = output * input.row(v.indexOf(m)).transpose();
            float after = 0, before = 0;
            for (int32_t d = 1; d <= 3; ++d) {
                after += scores[v.indexOf((m + d) % 40)];
                before += scores[v.indexOf((m + 40 - d) % 40)];
            }
            ahead += after > before;
        }
        return ahead;
    };
    const int nextAhead = forward(withNext.nextInput, withNext.nextOutput), cbowAhead = forward(plain.input, plain.output);
    MESSAGE("movies whose next 3 outscore their previous 3: next model " << nextAhead << " of 40, CBOW " << cbowAhead);
    CHECK(nextAhead >= 36);
}

TEST_CASE("options are validated with a message naming the option") {
    TrainOptions o;
    o.dim = 0;
    CHECK_THROWS_WITH(o.validate(), "dim must be between 1 and 1024, got 0");
    o = TrainOptions();
    o.lr = -1;
    CHECK_THROWS_WITH(o.validate(), doctest::Contains("lr must be above 0"));
    o = TrainOptions();
    o.nsExponent = 1.5;
    CHECK_THROWS_WITH(o.validate(), "ns-exponent must be between -1 and 1, got 1.5");
    CHECK_THROWS_WITH(parseLossKind("hinge"), "loss must be \"nce\", \"negative\" or \"softmax\", got \"hinge\"");
    for (LossKind kind : {LossKind::Nce, LossKind::Negative, LossKind::Softmax}) CHECK(parseLossKind(lossKindName(kind)) == kind);
    Vocabulary v;
    Corpus c = buildCorpus(std::vector<std::vector<int32_t>>{{1}, {2}}, 1, &v);
    CHECK_THROWS_WITH(Trainer(c, v, TrainOptions()), doctest::Contains("nothing to train on"));
    // A model that cannot fit is refused before anything is allocated.
    std::vector<std::vector<int32_t>> pairs;
    for (int32_t m = 0; m < 140000; m += 2) pairs.push_back({m, m + 1});
    Corpus big = buildCorpus(pairs, 1, &v);
    TrainOptions wide;
    wide.dim = 1024;
    CHECK_THROWS_WITH(Trainer(big, v, wide), "140000 movies x 1024 dimensions need 2187 MB for the model, over the 1024 MB limit: "
                                             "raise min-count or lower dim, or train no next model (next-model 0)");
    wide.nextModel = 0;  // two matrices instead of four
    CHECK_THROWS_WITH(Trainer(big, v, wide), "140000 movies x 1024 dimensions need 1093 MB for the model, over the 1024 MB limit: raise min-count or lower dim");
}

// A big file's many passes over the same users, made quick: 10 copies of 150 of the sample's users
// at 4 times the default learning rate. Without the bounded output step the loss climbs from
// 2.98 to 4.56 over epochs 2-4 and again at epoch 7; with it, it keeps falling to the end.
TEST_CASE("10 copies of the same users: the loss per epoch never rises by more than 1% after the third") {
    RatingsTable ratings = loadRatingsFile(source("web/sample/ml-latest-small/ratings.csv"));
    std::vector<std::vector<int32_t>> users;
    ratings.forEachSequence(-1e30f, [&](int32_t, const int32_t* m, std::size_t n) {
        if (users.size() < 150) users.emplace_back(m, m + n);
    });
    std::vector<std::vector<int32_t>> copies;
    for (int c = 0; c < 10; ++c) copies.insert(copies.end(), users.begin(), users.end());
    Vocabulary vocabulary;
    Corpus corpus = buildCorpus(copies, 1, &vocabulary);
    TrainOptions o;
    o.nextModel = 0;  // the loss trace is CBOW's alone either way
    o.dim = 32;
    o.lr = 0.08f;
    o.epochs = kSanitized ? 4 : 20;  // the sanitizer build checks memory, not the trace
    Trainer t(std::move(corpus), std::move(vocabulary), o);
    const TrainProgress p = t.run();
    REQUIRE(p.epochLosses.size() == static_cast<std::size_t>(o.epochs));
    for (std::size_t e = 3; e < p.epochLosses.size(); ++e) {
        INFO("epoch " << e + 1 << ": " << p.epochLosses[e - 1] << " -> " << p.epochLosses[e]);
        CHECK(p.epochLosses[e] <= p.epochLosses[e - 1] * 1.01);
    }
}

TEST_CASE("auto epochs: about 5 million tokens in all, within 1 to 50 passes; a small file 2 million, up to 100") {
    CHECK(autoEpochs(0) == 100);
    CHECK(autoEpochs(1) == 100);
    CHECK(autoEpochs(20'000) == 100);   // 2 million tokens in 100 passes
    CHECK(autoEpochs(20'100) == 100);   // 99.502
    CHECK(autoEpochs(20'101) == 99);    // 99.497
    CHECK(autoEpochs(30'000) == 67);
    CHECK(autoEpochs(39'999) == 50);    // 50.001
    CHECK(autoEpochs(40'000) == 50);    // where the two rules meet
    CHECK(autoEpochs(44'000) == 50);    // 45.5 for small files, 113.6 capped at 50 for the rest
    CHECK(autoEpochs(100'000) == 50);
    CHECK(autoEpochs(100'836) == 50);   // ml-latest-small: 49.6
    CHECK(autoEpochs(101'011) == 49);   // 49.5 rounds up, 49.49 down
    CHECK(autoEpochs(1'000'000) == 5);
    CHECK(autoEpochs(1'111'110) == 5);  // 4.500002
    CHECK(autoEpochs(1'111'112) == 4);  // 4.499999
    CHECK(autoEpochs(1'428'572) == 3);  // 3.4999
    CHECK(autoEpochs(2'000'000) == 3);  // 2.5
    CHECK(autoEpochs(3'333'334) == 1);  // 1.49999
    CHECK(autoEpochs(5'000'000) == 1);
    CHECK(autoEpochs(25'000'000) == 1);
    CHECK(autoEpochs(UINT64_MAX) == 1);
    TrainOptions o;
    CHECK(o.epochs == 0);
    o.epochs = -1;
    CHECK_THROWS_WITH(o.validate(), "epochs must be between 0 and 10000, got -1");
}

TEST_CASE("auto shared negatives: a draw per target while the model is under 8 MiB, one per 4 targets above") {
    CHECK(autoShareNegatives(9'724, 64) == 1);     // ml-latest-small: 4.7 MiB
    CHECK(autoShareNegatives(16'384, 64) == 1);    // exactly 8 MiB
    CHECK(autoShareNegatives(16'385, 64) == 4);
    CHECK(autoShareNegatives(9'724, 256) == 4);    // 19 MiB
    CHECK(autoShareNegatives(88'240, 64) == 4);    // a MovieLens-32M-sized catalogue
    TrainOptions o;
    CHECK(o.shareNegatives == 0);
    o.shareNegatives = 65;
    CHECK_THROWS_WITH(o.validate(), "share-negatives must be between 0 and 64, got 65");
    Corpus corpus;
    corpus.tokens = {0, 1, 2, 1, 0};
    corpus.offsets = {0, 5};
    std::unordered_map<int32_t, std::uint64_t> counts{{10, 2}, {11, 2}, {12, 1}};
    const Trainer chosen(corpus, Vocabulary::fromCounts(counts, 1), TrainOptions{});
    CHECK(chosen.options().shareNegatives == 1);
    TrainOptions three;
    three.shareNegatives = 3;
    CHECK(Trainer(corpus, Vocabulary::fromCounts(counts, 1), three).options().shareNegatives == 3);
}

TEST_CASE("ml-latest-small with the defaults: the loss falls and Toy Story's neighbours are animated") {
    RatingsTable ratings = loadRatingsFile(source("web/sample/ml-latest-small/ratings.csv"));
    Vocabulary vocabulary;
    Corpus corpus = buildCorpus(ratings, -1e30f, 1, &vocabulary);
    TrainOptions defaults;
    defaults.nextModel = 0;  // CBOW's vectors and loss are the same with the next model (its own test, above)
    Trainer t(std::move(corpus), std::move(vocabulary), defaults);
    const TrainProgress p = t.run();
    REQUIRE(p.done);
    // Auto epochs: 5,000,000 / 100,226 tokens, rounded.
    REQUIRE(p.epochLosses.size() == 50);
    CHECK(t.options().epochs == 50);
    CHECK(p.epochLosses.back() < p.epochLosses.front() * 0.6);
    for (std::size_t e = 5; e < p.epochLosses.size(); e += 5) CHECK(p.epochLosses[e] < p.epochLosses[e - 5]);

    std::set<int32_t> animated;
    std::ifstream movies(source("web/sample/ml-latest-small/movies.csv"));
    for (std::string line; std::getline(movies, line);)
        if (line.find("Animation") != std::string::npos) animated.insert(std::atoi(line.c_str()));
    SimilarityIndex index(t.vocabulary().ids(), t.model().input);
    const auto top = index.similar(1, 10);
    REQUIRE(top.size() == 10);
    int count = 0;
    for (const auto& n : top) {
        CHECK(n.movieId != 1);
        count += animated.count(n.movieId) ? 1 : 0;
    }
    CHECK(count >= 5);
}

// Movies drawn independently of each other, with Zipf-like frequencies: every context predicts the
// same distribution, p(w | context) = f(w). NCE's scores must learn log f(w) itself, so that
// sum_w exp(score) is near 1 (self-normalised) and more frequent movies score higher by log f; negative
// sampling with noise count^1 learns log f(w) - log(k q(w)) = a constant instead (no popularity).
TEST_CASE("NCE learns log p(movie | context); negative sampling learns it less log(k q)") {
    Rng rng(21);
    const int movies = 20;
    std::vector<double> f(movies);
    double total = 0;
    for (int w = 0; w < movies; ++w) total += f[w] = 1.0 / (w + 1);
    for (auto& x : f) x /= total;
    std::vector<std::vector<int32_t>> sequences(400);
    for (auto& s : sequences)
        for (int i = 0; i < 50; ++i) {
            double u = rng.uniform();
            int w = 0;
            while (w + 1 < movies && (u -= f[w]) > 0) ++w;
            s.push_back(w);
        }
    auto scoresOf = [&](LossKind loss) {
        Vocabulary v;
        Corpus c = buildCorpus(sequences, 1, &v);
        TrainOptions o;
        o.nextModel = 0;
        o.dim = 8;
        o.window = 3;
        o.negative = 5;
        o.epochs = 5;
        o.nsExponent = 1;
        o.loss = loss;
        Trainer t(std::move(c), std::move(v), o);
        t.run();
        // The mean score over every position's context, per movie.
        Eigen::VectorXd mean = Eigen::VectorXd::Zero(movies);
        int n = 0;
        for (const auto& s : sequences)
            for (std::size_t pos = 1; pos + 1 < s.size(); pos += 7, ++n) {
                const Eigen::VectorXf h = (t.model().input.row(t.vocabulary().indexOf(s[pos - 1])) +
                                           t.model().input.row(t.vocabulary().indexOf(s[pos + 1]))) / 2.0f;
                for (int w = 0; w < movies; ++w)
                    mean[w] += t.model().output.row(t.vocabulary().indexOf(w)).dot(h);
            }
        return Eigen::VectorXd(mean / n);
    };
    const Eigen::VectorXd nce = scoresOf(LossKind::Nce), neg = scoresOf(LossKind::Negative);
    CHECK(nce.array().exp().sum() == doctest::Approx(1.0).epsilon(0.25));
    // The most frequent movie is 20 times as likely as the rarest: log 20 = 3.0.
    CHECK(nce[0] - nce[movies - 1] == doctest::Approx(std::log(20.0)).epsilon(0.25));
    CHECK(std::abs(neg[0] - neg[movies - 1]) < 0.5);
}

TEST_CASE("bench's corpus: whole copies of the sequences, same noise distribution") {
    Vocabulary v;
    Corpus c = buildCorpus(std::vector<std::vector<int32_t>>{{5, 6, 7}, {6, 7}}, 1, &v);
    const Corpus r = repeatCorpus(c, 3);
    CHECK(r.sequenceCount() == 6);
    CHECK(r.tokens.size() == 15);
    CHECK(r.offsets == std::vector<std::size_t>{0, 3, 5, 8, 10, 13, 15});
    for (std::size_t i = 0; i < r.tokens.size(); ++i) CHECK(r.tokens[i] == c.tokens[i % 5]);
}

TEST_CASE("training on two threads (every row private to each thread) trains every epoch and lowers the loss") {
    std::vector<std::vector<int32_t>> sequences;
    Rng rng(8);
    for (int u = 0; u < 200; ++u) {
        // Two clusters: sequences stay within movies 0..19 or 20..39.
        const int32_t base = (u % 2) * 20;
        sequences.emplace_back();
        for (int i = 0; i < 20; ++i) sequences.back().push_back(base + static_cast<int32_t>(rng.below(20)));
    }
    Vocabulary v;
    Corpus c = buildCorpus(sequences, 1, &v);
    TrainOptions o;
    o.nextModel = 0;
    o.dim = 16;
    o.window = 3;
    o.epochs = 8;
    o.threads = 2;
    Trainer t(std::move(c), std::move(v), o);
    TrainProgress p;
    SUBCASE("in one run") { p = t.run(); }
    SUBCASE("by advance(), as the page's Worker trains: the threads go on between calls") {
        int calls = 0;
        for (std::uint64_t done = 0; !p.done; ++calls) {
            p = t.advance(1500);
            CHECK(p.tokensDone > done);
            done = p.tokensDone;
            CHECK(p.epochLosses.size() == static_cast<std::size_t>(p.epoch - (p.done ? 0 : 1)));
            if (p.done) break;
            CHECK(std::isfinite(p.loss));
            // Nothing asked of them, the threads still train (a joined step would stand still).
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
            while (t.progress().tokensDone == done && !t.progress().done && std::chrono::steady_clock::now() < deadline)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            CHECK((t.progress().tokensDone > done || t.progress().done));
        }
        CHECK(calls >= 1);
    }
    SUBCASE("in steps of joined threads, as the estimate measures") {
        int steps = 0;
        for (std::uint64_t done = 0; !p.done; ++steps) {
            p = t.step(1500);
            CHECK(p.tokensDone > done);  // every step trains, and counts what it trained
            done = p.tokensDone;
            CHECK(p.epochLosses.size() == static_cast<std::size_t>(p.epoch - (p.done ? 0 : 1)));
        }
        CHECK(steps >= 8 * 4000 / 1500);
    }
    REQUIRE(p.done);
    CHECK(p.tokensDone == 8u * 4000u);
    REQUIRE(p.epochLosses.size() == 8);
    CHECK(p.epochLosses.back() < p.epochLosses.front() * 0.9);
    SimilarityIndex index(t.vocabulary().ids(), t.model().input);
    for (const auto& n : index.similar(3, 5)) CHECK(n.movieId < 20);
}

// ml-latest-small has about 9,700 movies: at dim 80, more than the rows each thread keeps private
// (8,192), so both the merged rows and the shared ones are trained. A merge that lost a thread's
// steps, or never wrote the shared rows, would leave Toy Story's row (private: it is among the
// most rated) untrained.
TEST_CASE("ml-latest-small on two threads: the loss falls as with one, and Toy Story's neighbours are animated") {
    RatingsTable ratings = loadRatingsFile(source("web/sample/ml-latest-small/ratings.csv"));
    Vocabulary vocabulary;
    Corpus corpus = buildCorpus(ratings, -1e30f, 1, &vocabulary);
    TrainOptions o;
    o.nextModel = 0;  // CBOW's threads; the next model's rows on threads: its own test
    o.dim = 80;
    o.epochs = 30;  // 20 are too few for the neighbours, on one thread too
    o.threads = 2;
    REQUIRE(vocabulary.size() > hotRowCount(vocabulary.size(), o.dim) + 1000);
    Trainer t(std::move(corpus), std::move(vocabulary), o);
    REQUIRE(t.vocabulary().indexOf(1) < static_cast<int32_t>(hotRowCount(t.vocabulary().size(), o.dim)));
    const TrainProgress p = t.run();
    REQUIRE(p.done);
    CHECK(p.tokensDone == 30 * t.tokensPerEpoch());
    REQUIRE(p.epochLosses.size() == 30);
    CHECK(p.epochLosses.back() < p.epochLosses.front() * 0.6);

    std::set<int32_t> animated;
    std::ifstream movies(source("web/sample/ml-latest-small/movies.csv"));
    for (std::string line; std::getline(movies, line);)
        if (line.find("Animation") != std::string::npos) animated.insert(std::atoi(line.c_str()));
    SimilarityIndex index(t.vocabulary().ids(), t.model().input);
    const auto top = index.similar(1, 10);
    REQUIRE(top.size() == 10);
    int count = 0;
    for (const auto& n : top) count += animated.count(n.movieId) ? 1 : 0;
    CHECK(count >= 5);
}

TEST_CASE("threads left running by advance() stop at stop() and with the trainer, keeping what they trained") {
    std::vector<std::vector<int32_t>> sequences;
    for (int u = 0; u < 400; ++u) {
        sequences.emplace_back();
        for (int i = 0; i < 50; ++i) sequences.back().push_back((u * 7 + i * 3) % 60);
    }
    TrainOptions o;
    o.nextModel = 0;
    o.dim = 16;
    o.epochs = 200;
    o.threads = 2;
    auto make = [&] {
        Vocabulary v;
        Corpus c = buildCorpus(sequences, 1, &v);
        return std::make_unique<Trainer>(std::move(c), std::move(v), o);
    };
    auto t = make();
    const TrainProgress first = t->advance(2000);
    REQUIRE_FALSE(first.done);
    t->stop();
    const std::uint64_t stopped = t->progress().tokensDone;
    CHECK(stopped >= first.tokensDone);
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    CHECK(t->progress().tokensDone == stopped);  // nothing trains after stop()
    const TrainProgress again = t->advance(2000);  // and advance() goes on from there
    CHECK(again.tokensDone >= stopped + 2000);
    t.reset();  // with its threads running: they are stopped and joined, not left writing freed rows
    auto u = make();
    u->advance(2000);
}
