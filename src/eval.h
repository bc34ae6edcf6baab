// Offline evaluation behind `movie2vec eval`: leave-last-out next-movie prediction (HR@k and
// NDCG@k) for the model scored two ways and for two baselines, and the genre coherence of the
// nearest neighbours.
//
// For every user with at least two movies, the last movie in timestamp order is held out and the
// model trains on the rest. The query is the user's last `queryLength` training movies; movies the
// user rated in training are never candidates. The scorings:
//   similar        cosine to the mean of the queries' unit input vectors;
//   next           the mean of the queries' input vectors dotted with each output vector (what CBOW
//                  is trained to predict): what recommend() returns (recommend.h);
//   popularity     the most-rated movies the user has not rated;
//   co-occurrence  how often a movie appears within `cooccurrenceWindow` positions of one of the
//                  queries, over all training sequences.
// Ties go to the more popular movie. A held-out movie missing from the training vocabulary is a miss.
//
// With unseenUsers (a protocol for choosing settings, and for how the model serves a new user's
// history): the users of the fold do not train at all, and every movie of their training movies
// after the first is predicted from the ones before it (the last queryLength of them as the
// query, all of them excluded); each user's score is the mean over their movies. The held-out
// last movies are never scored, so settings chosen this way have not seen what the leave-last-out
// protocol reports. Tens of thousands of predictions instead of one per user: two settings differ
// by far less noise.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "recommend.h"
#include "trainer.h"

namespace m2v {

class Catalogue;

struct EvalOptions {
    TrainOptions train;
    int seeds = 3;                // trains with seeds train.seed, train.seed + 1, ...
    int queryLength = 5;
    float queryDecay = kDefaultDecay;  // "next": the query's weights (recommend.h)
    int k = 10;
    int cooccurrenceWindow = 5;
    int coherenceMovies = 200;    // the most-rated movies whose neighbours are checked for genres
    int copies = 1;               // trains on this many copies of each user's training movies (as a big file would be)
    // Scores only the users whose index (in file order) is `fold` modulo `folds`; training uses every
    // user. folds = 2 splits the users in halves: choose settings on one, report the other.
    int folds = 1;
    int fold = 0;
    // Also scores "next" with the model as an int8 model file stores it (both vector blocks
    // rounded), and counts the users whose top k is the same set as the float model's.
    bool int8 = false;
    bool unseenUsers = false;     // needs folds >= 2 (see above)

    void validate() const;        // throws std::invalid_argument naming the option
};

// HR@k and NDCG@k averaged over the evaluated users.
struct Metrics {
    double hitRate = 0;
    double ndcg = 0;
};

// Two methods compared user by user: how many users only the first hits, how many only the
// second, and McNemar's exact two-sided p-value for that split (a binomial test at 1/2).
struct PairedTest {
    std::size_t onlyFirst = 0, onlySecond = 0;
    double pValue = 1;
};
PairedTest mcnemar(std::size_t onlyFirst, std::size_t onlySecond);

// The mean over users of a[u] - b[u], and its standard error, over the users where counted[u].
struct MeanDifference {
    double mean = 0, standardError = 0;
    std::size_t users = 0;
};
MeanDifference pairedDifference(const std::vector<double>& a, const std::vector<double>& b, const std::vector<char>& counted);

struct EvalReport {
    std::size_t users = 0;           // users evaluated (those with two movies or more, in the fold; with unseenUsers three)
    std::size_t cases = 0;           // movies predicted: one per user, or with unseenUsers every place scored
    std::size_t unknownHeldOut = 0;  // predicted movies missing from the training vocabulary (misses)
    std::size_t movies = 0;          // the training vocabulary
    std::uint64_t trainingTokens = 0;
    std::vector<std::uint64_t> seeds;
    Metrics popularity, cooccurrence;
    std::vector<Metrics> similar, next;  // one per seed
    Metrics similarMean, nextMean;
    std::vector<PairedTest> nextVsCooccurrence;  // one per seed (leave-last-out)
    std::vector<MeanDifference> nextMinusCooccurrence;  // one per seed (unseenUsers): HR@k user by user
    // With options.int8: "next" from the int8 model, and the users (with a query) whose top k
    // recommendations are the same set as the float model's; one per seed.
    std::vector<Metrics> nextInt8;
    std::vector<std::size_t> int8SameTopK, int8Queries;
    // Genre coherence: the share of the nearest neighbours sharing a genre with the movie, over the
    // coherenceMovies most-rated movies that have genres. Only with a catalogue that has genres.
    bool hasCoherence = false;
    std::size_t coherenceMoviesUsed = 0;
    double cooccurrenceCoherence = 0;
    std::vector<double> coherence;  // one per seed, by cosine of the input vectors
    double coherenceMean = 0;
};

// The 1-based rank of `target` among the rows not excluded, ordered by score (higher first) and
// then by row (lower first); 0 when the target is excluded or -1.
std::size_t rankOf(const std::vector<float>& scores, int32_t target, const std::vector<char>& excluded);
// One relevant item at a 1-based rank (0: not ranked): 1 / log2(rank + 1) when rank <= k, else 0.
double ndcgAt(std::size_t rank, int k);

// sequences: each user's movie ids in timestamp order. catalogue may be null (no coherence).
// onSeed, when given, is called after each seed's training with the seed's index.
EvalReport evaluate(const std::vector<std::vector<int32_t>>& sequences, const Catalogue* catalogue,
                    const EvalOptions& options, const std::function<void(int)>& onSeed = {});

}  // namespace m2v
