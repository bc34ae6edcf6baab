#include "eval.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>

#include "catalogue.h"
#include "model_file.h"
#include "recommend.h"
#include "similarity.h"

namespace m2v {

namespace {

void requirePositive(const char* name, int value, int high) {
    if (value < 1 || value > high)
        throw std::invalid_argument(std::string(name) + " must be between 1 and " + std::to_string(high) + ", got " +
                                    std::to_string(value));
}

// One movie to predict: a user's held-out movie after all of their training movies, or
// (options.unseenUsers) one place of a scored user's training movies after the ones before it.
struct Case {
    std::size_t user = 0;  // index into the scored users
    std::size_t end = 0;   // the movies before it: the user's first `end` training movies
    int32_t target = -1;   // the movie's row; -1 when not in the vocabulary
};

// Hits and NDCG per case, averaged over each user's cases, then over users (so a user with 1,000
// movies weighs no more than one with 20 when every place is scored).
class Accumulator {
public:
    explicit Accumulator(std::size_t users) : hit(users, 0), ndcg_(users, 0), cases_(users, 0) {}
    void add(std::size_t user, std::size_t rank, int k) {
        hit[user] += rank >= 1 && rank <= static_cast<std::size_t>(k) ? 1 : 0;
        ndcg_[user] += ndcgAt(rank, k);
        ++cases_[user];
    }
    void finish() {  // hit[u] becomes user u's share of hits
        for (std::size_t u = 0; u < hit.size(); ++u)
            if (cases_[u]) {
                hit[u] /= static_cast<double>(cases_[u]);
                ndcg_[u] /= static_cast<double>(cases_[u]);
            }
    }
    Metrics metrics() const {  // after finish()
        std::size_t users = 0;
        Metrics m;
        for (std::size_t u = 0; u < hit.size(); ++u)
            if (cases_[u]) {
                m.hitRate += hit[u];
                m.ndcg += ndcg_[u];
                ++users;
            }
        if (users) {
            m.hitRate /= static_cast<double>(users);
            m.ndcg /= static_cast<double>(users);
        }
        return m;
    }
    std::vector<double> hit;  // per user, for paired tests

private:
    std::vector<double> ndcg_;
    std::vector<std::size_t> cases_;
};

// Where each movie occurs in the training corpus, for co-occurrence counts.
class Occurrences {
public:
    Occurrences(const Corpus& corpus, std::size_t rows) : corpus_(corpus), postings_(rows), sequenceOf_(corpus.tokens.size()) {
        for (std::size_t s = 0; s < corpus.sequenceCount(); ++s)
            for (std::size_t p = corpus.offsets[s]; p < corpus.offsets[s + 1]; ++p) {
                sequenceOf_[p] = static_cast<std::uint32_t>(s);
                postings_[static_cast<std::size_t>(corpus.tokens[p])].push_back(p);
            }
    }
    // Adds to scores[m], for every movie m, how often m appears within `window` positions of `row`.
    void addNeighbours(int32_t row, int window, std::vector<float>& scores) const {
        for (std::size_t p : postings_[static_cast<std::size_t>(row)]) {
            const std::uint32_t s = sequenceOf_[p];
            const std::size_t w = static_cast<std::size_t>(window);
            const std::size_t lo = std::max(corpus_.offsets[s], p >= w ? p - w : 0);
            const std::size_t hi = std::min(corpus_.offsets[s + 1], p + w + 1);
            for (std::size_t j = lo; j < hi; ++j)
                if (j != p) scores[static_cast<std::size_t>(corpus_.tokens[j])] += 1.0f;
        }
    }

private:
    const Corpus& corpus_;
    std::vector<std::vector<std::size_t>> postings_;
    std::vector<std::uint32_t> sequenceOf_;
};

// The k best rows by score (higher first, then lower row), skipping `skip`.
std::vector<int32_t> topRows(const std::vector<float>& scores, int32_t skip, int k) {
    std::vector<int32_t> order(scores.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int32_t>(i);
    order.erase(std::remove(order.begin(), order.end(), skip), order.end());
    const auto n = std::min<std::size_t>(static_cast<std::size_t>(k), order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n), order.end(), [&](int32_t a, int32_t b) {
        return scores[a] != scores[b] ? scores[a] > scores[b] : a < b;
    });
    order.resize(n);
    return order;
}

// The 1-based place of row in a top list; 0 when absent.
std::size_t rankIn(const std::vector<RecommendedRow>& top, int32_t row) {
    for (std::size_t i = 0; i < top.size(); ++i)
        if (top[i].row == row) return i + 1;
    return 0;
}

bool shareGenre(const std::vector<std::string>* a, const std::vector<std::string>* b) {
    if (!a || !b) return false;
    for (const auto& g : *a)
        if (std::find(b->begin(), b->end(), g) != b->end()) return true;
    return false;
}

}  // namespace

PairedTest mcnemar(std::size_t onlyFirst, std::size_t onlySecond) {
    PairedTest t{onlyFirst, onlySecond, 1.0};
    const std::size_t n = onlyFirst + onlySecond;
    if (n == 0) return t;
    // P(X <= min) for X ~ Binomial(n, 1/2), summed in the log domain, doubled (two-sided).
    const std::size_t low = std::min(onlyFirst, onlySecond);
    double tail = 0;
    for (std::size_t i = 0; i <= low; ++i)
        tail += std::exp(std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) - static_cast<double>(n) * std::log(2.0));
    t.pValue = std::min(1.0, 2 * tail);
    return t;
}

MeanDifference pairedDifference(const std::vector<double>& a, const std::vector<double>& b, const std::vector<char>& counted) {
    MeanDifference d;
    double sum = 0, squares = 0;
    for (std::size_t u = 0; u < a.size(); ++u)
        if (counted[u]) {
            sum += a[u] - b[u];
            squares += (a[u] - b[u]) * (a[u] - b[u]);
            ++d.users;
        }
    if (d.users == 0) return d;
    const double n = static_cast<double>(d.users);
    d.mean = sum / n;
    if (d.users > 1) d.standardError = std::sqrt(std::max(0.0, (squares - n * d.mean * d.mean) / (n - 1)) / n);
    return d;
}

void EvalOptions::validate() const {
    train.validate();
    requirePositive("seeds", seeds, 100);
    requirePositive("copies", copies, 1000);
    requirePositive("folds", folds, 1000);
    if (fold < 0 || fold >= folds)
        throw std::invalid_argument("fold must be between 0 and folds - 1 (" + std::to_string(folds - 1) + "), got " + std::to_string(fold));
    if (unseenUsers && folds < 2) throw std::invalid_argument("unseen users need folds of 2 or more, got " + std::to_string(folds));
    requirePositive("query length", queryLength, 1000);
    if (!(queryDecay > 0 && queryDecay <= 1)) throw std::invalid_argument("query decay must be above 0 and at most 1, got " + std::to_string(queryDecay));
    requirePositive("k", k, 100000);
    requirePositive("co-occurrence window", cooccurrenceWindow, 1000);
    requirePositive("coherence movies", coherenceMovies, 1000000);
}

std::size_t rankOf(const std::vector<float>& scores, int32_t target, const std::vector<char>& excluded) {
    if (target < 0 || excluded[static_cast<std::size_t>(target)]) return 0;
    const float t = scores[static_cast<std::size_t>(target)];
    std::size_t better = 0;
    for (std::size_t r = 0; r < scores.size(); ++r)
        if (!excluded[r] && (scores[r] > t || (scores[r] == t && r < static_cast<std::size_t>(target)))) ++better;
    return better + 1;
}

double ndcgAt(std::size_t rank, int k) {
    return rank >= 1 && rank <= static_cast<std::size_t>(k) ? 1.0 / std::log2(static_cast<double>(rank) + 1.0) : 0.0;
}

EvalReport evaluate(const std::vector<std::vector<int32_t>>& sequences, const Catalogue* catalogue,
                    const EvalOptions& options, const std::function<void(int)>& onSeed) {
    options.validate();
    std::vector<std::vector<int32_t>> training;
    std::vector<int32_t> heldOut;
    std::vector<std::size_t> scored;  // indices into training of the users in the fold
    std::vector<char> inFold;         // per entry of training
    training.reserve(sequences.size());
    for (std::size_t u = 0; u < sequences.size(); ++u) {
        const auto& s = sequences[u];
        if (s.size() < 2) continue;
        const bool in = u % static_cast<std::size_t>(options.folds) == static_cast<std::size_t>(options.fold);
        if (in) scored.push_back(training.size());
        inFold.push_back(in);
        training.emplace_back(s.begin(), s.end() - 1);
        heldOut.push_back(s.back());
    }
    if (training.empty()) throw std::invalid_argument("no user has two movies or more to hold one out");
    if (scored.empty()) throw std::invalid_argument("no user with two movies or more is in fold " + std::to_string(options.fold));

    // With unseenUsers the users in the fold do not train: the model meets their movies as a new
    // user's. Each copy is a user of its own, as bench-ingest's copies files have them.
    std::vector<std::vector<int32_t>> trained;
    for (std::size_t u = 0; u < training.size(); ++u)
        if (!options.unseenUsers || !inFold[u]) trained.push_back(training[u]);
    if (trained.empty()) throw std::invalid_argument("every user is in the fold: no one is left to train on");
    const std::size_t trainedUsers = trained.size();
    trained.reserve(trainedUsers * static_cast<std::size_t>(options.copies));
    for (int c = 1; c < options.copies; ++c)
        for (std::size_t u = 0; u < trainedUsers; ++u) trained.push_back(trained[u]);
    Vocabulary vocabulary;
    Corpus corpus = buildCorpus(trained, options.train.minCount, &vocabulary);
    trained = {};
    const std::size_t rows = vocabulary.size();
    EvalReport report;
    report.movies = rows;
    report.trainingTokens = corpus.tokens.size();

    // Each scored user's training movies as rows (-1 where not in the vocabulary), and the cases.
    std::vector<std::vector<int32_t>> movieRows(scored.size());
    std::vector<Case> cases;
    for (std::size_t i = 0; i < scored.size(); ++i) {
        const auto& t = training[scored[i]];
        for (int32_t m : t) movieRows[i].push_back(vocabulary.indexOf(m));
        if (!options.unseenUsers) {
            cases.push_back({i, t.size(), vocabulary.indexOf(heldOut[scored[i]])});
        } else {
            for (std::size_t end = 1; end < t.size(); ++end) cases.push_back({i, end, movieRows[i][end]});
        }
    }
    std::vector<char> hasCases(scored.size(), 0);
    for (const Case& c : cases) {
        report.unknownHeldOut += c.target < 0;
        hasCases[c.user] = 1;
    }
    report.cases = cases.size();
    report.users = static_cast<std::size_t>(std::count(hasCases.begin(), hasCases.end(), 1));
    std::vector<int32_t> history, query;
    auto prepare = [&](const Case& c) {  // fills history and query for c
        const auto& m = movieRows[c.user];
        history.assign(m.begin(), m.begin() + static_cast<std::ptrdiff_t>(c.end));
        query.clear();
        const std::size_t q = static_cast<std::size_t>(options.queryLength);
        for (std::size_t i = c.end > q ? c.end - q : 0; i < c.end; ++i)
            if (m[i] >= 0) query.push_back(m[i]);
    };

    // Baselines. Popularity: the vocabulary is ordered by count already (ties by movieId).
    // Co-occurrence counts come from one copy: copies would only multiply them.
    Corpus single;
    if (options.copies > 1) {
        single.offsets.assign(corpus.offsets.begin(), corpus.offsets.begin() + static_cast<std::ptrdiff_t>(trainedUsers + 1));
        single.tokens.assign(corpus.tokens.begin(), corpus.tokens.begin() + static_cast<std::ptrdiff_t>(single.offsets.back()));
    }
    const Occurrences occurrences(options.copies > 1 ? single : corpus, rows);
    std::vector<double> cooccurrenceHits;
    std::vector<char> excluded(rows, 0);
    std::vector<float> scores(rows);
    auto exclude = [&](char on) {  // the movies of history
        for (int32_t r : history)
            if (r >= 0) excluded[static_cast<std::size_t>(r)] = on;
    };
    {
        Accumulator popularity(scored.size()), cooccurrence(scored.size());
        std::vector<float> byCount(rows);
        for (std::size_t r = 0; r < rows; ++r) byCount[r] = -static_cast<float>(r);
        for (const Case& c : cases) {
            prepare(c);
            exclude(1);
            popularity.add(c.user, rankOf(byCount, c.target, excluded), options.k);
            std::fill(scores.begin(), scores.end(), 0.0f);
            for (int32_t q : query) occurrences.addNeighbours(q, options.cooccurrenceWindow, scores);
            cooccurrence.add(c.user, query.empty() ? 0 : rankOf(scores, c.target, excluded), options.k);
            exclude(0);
        }
        popularity.finish();
        cooccurrence.finish();
        report.popularity = popularity.metrics();
        report.cooccurrence = cooccurrence.metrics();
        cooccurrenceHits = cooccurrence.hit;
    }

    // Genres of the most-rated movies, for coherence.
    std::vector<const std::vector<std::string>*> genres(rows, nullptr);
    std::vector<int32_t> coherenceRows;
    if (catalogue) {
        for (std::size_t r = 0; r < rows; ++r) {
            const MovieInfo* info = catalogue->find(vocabulary.movieId(r));
            if (info && !info->genres.empty()) genres[r] = &info->genres;
        }
        for (std::size_t r = 0; r < rows && coherenceRows.size() < static_cast<std::size_t>(options.coherenceMovies); ++r)
            if (genres[r]) coherenceRows.push_back(static_cast<int32_t>(r));
    }
    report.hasCoherence = !coherenceRows.empty() && rows > 1;
    report.coherenceMoviesUsed = coherenceRows.size();
    auto coherenceOf = [&](const std::function<std::vector<int32_t>(int32_t)>& neighbours) {
        std::size_t shared = 0, total = 0;
        for (int32_t r : coherenceRows)
            for (int32_t n : neighbours(r)) {
                shared += shareGenre(genres[static_cast<std::size_t>(r)], genres[static_cast<std::size_t>(n)]) ? 1 : 0;
                ++total;
            }
        return total ? static_cast<double>(shared) / static_cast<double>(total) : 0.0;
    };
    if (report.hasCoherence)
        report.cooccurrenceCoherence = coherenceOf([&](int32_t r) {
            std::fill(scores.begin(), scores.end(), 0.0f);
            occurrences.addNeighbours(r, options.cooccurrenceWindow, scores);
            return topRows(scores, r, options.k);
        });

    // The model, once per seed.
    for (int s = 0; s < options.seeds; ++s) {
        TrainOptions o = options.train;
        o.seed = options.train.seed + static_cast<std::uint64_t>(s);
        report.seeds.push_back(o.seed);
        Trainer trainer(corpus, vocabulary, o);
        trainer.run();
        const Model& model = trainer.model();
        const SimilarityIndex index(vocabulary.ids(), model.input);
        const Matrix& unit = index.unitVectors();
        Accumulator similar(scored.size()), next(scored.size());
        // "next" is what `recommend` returns for the user's training movies (recommend.h): the same
        // query window, the same exclusions, no minimum of ratings.
        const std::vector<std::uint32_t> noCounts;
        Recommender recommender({&model.input, &model.output, &model.nextInput, &model.nextOutput}, noCounts);
        const RecommendOptions nextOptions{static_cast<std::size_t>(options.k), 0, static_cast<std::size_t>(options.queryLength), options.queryDecay};
        ModelData int8;
        if (options.int8) {
            ModelData m;
            m.ids = vocabulary.ids();
            m.movies.resize(rows);
            m.vectors = model.input;
            m.output = model.output;
            m.nextInput = model.nextInput;
            m.nextOutput = model.nextOutput;
            // The rating counts, as train and the page save them (int8 rounding weighs queries by them).
            for (std::uint64_t n : vocabulary.counts())
                m.ratings.push_back(static_cast<std::uint32_t>(std::min<std::uint64_t>(n / static_cast<std::uint64_t>(options.copies), UINT32_MAX)));
            int8 = loadModel(saveModel(m, true));
        }
        std::unique_ptr<Recommender> int8Recommender;
        if (options.int8)
            int8Recommender = std::make_unique<Recommender>(ScoringMatrices{&int8.vectors, &int8.output, &int8.nextInput, &int8.nextOutput}, noCounts);
        Accumulator nextInt8(scored.size());
        std::size_t sameTopK = 0, queries = 0;
        Eigen::VectorXf mean(o.dim);
        Eigen::Map<Eigen::VectorXf> scored(scores.data(), static_cast<Eigen::Index>(rows));
        for (const Case& c : cases) {
            prepare(c);
            if (query.empty()) {
                similar.add(c.user, 0, options.k);
                next.add(c.user, 0, options.k);
                nextInt8.add(c.user, 0, options.k);
                continue;
            }
            exclude(1);
            mean.setZero();
            for (int32_t q : query) mean += unit.row(q).transpose();
            scored.noalias() = unit * mean;  // the cosine up to the query's norm: the same order
            similar.add(c.user, rankOf(scores, c.target, excluded), options.k);
            exclude(0);
            const std::vector<RecommendedRow> top = recommender.recommendRows(history, nextOptions);
            next.add(c.user, rankIn(top, c.target), options.k);
            if (int8Recommender) {
                const std::vector<RecommendedRow> top8 = int8Recommender->recommendRows(history, nextOptions);
                nextInt8.add(c.user, rankIn(top8, c.target), options.k);
                std::vector<int32_t> a, b;
                for (const auto& x : top) a.push_back(x.row);
                for (const auto& x : top8) b.push_back(x.row);
                std::sort(a.begin(), a.end());
                std::sort(b.begin(), b.end());
                sameTopK += a == b;
                ++queries;
            }
        }
        similar.finish();
        next.finish();
        nextInt8.finish();
        report.similar.push_back(similar.metrics());
        report.next.push_back(next.metrics());
        if (options.int8) {
            report.nextInt8.push_back(nextInt8.metrics());
            report.int8SameTopK.push_back(sameTopK);
            report.int8Queries.push_back(queries);
        }
        if (!options.unseenUsers) {
            std::size_t onlyNext = 0, onlyCooccurrence = 0;
            for (std::size_t u = 0; u < next.hit.size(); ++u) {
                onlyNext += next.hit[u] > 0 && cooccurrenceHits[u] == 0;
                onlyCooccurrence += next.hit[u] == 0 && cooccurrenceHits[u] > 0;
            }
            report.nextVsCooccurrence.push_back(mcnemar(onlyNext, onlyCooccurrence));
        } else {
            report.nextMinusCooccurrence.push_back(pairedDifference(next.hit, cooccurrenceHits, hasCases));
        }
        if (report.hasCoherence)
            report.coherence.push_back(coherenceOf([&](int32_t r) {
                scored.noalias() = unit * unit.row(r).transpose();
                return topRows(scores, r, options.k);
            }));
        if (onSeed) onSeed(s);
    }
    const double n = static_cast<double>(options.seeds);
    for (int s = 0; s < options.seeds; ++s) {
        report.similarMean.hitRate += report.similar[s].hitRate / n;
        report.similarMean.ndcg += report.similar[s].ndcg / n;
        report.nextMean.hitRate += report.next[s].hitRate / n;
        report.nextMean.ndcg += report.next[s].ndcg / n;
        if (report.hasCoherence) report.coherenceMean += report.coherence[s] / n;
    }
    return report;
}

}  // namespace m2v
