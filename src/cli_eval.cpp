// movie2vec eval: leave-last-out scores of the embeddings against popularity and co-occurrence.
#include <algorithm>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "cli_common.h"
#include "eval.h"
#include "ratings.h"

namespace m2v {

int commandEval(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CliArgs a(args, withTrainingOptions({"--ratings", "--movies", "--links", "--seeds", "--copies", "--folds", "--fold", "--query-decay"}),
              {"--quiet", "--int8", "--unseen-users"});
    EvalOptions e;
    const std::string ratingsPath = a.text("--ratings");
    e.train = readTrainOptions(a);
    e.seeds = static_cast<int>(a.whole("--seeds", e.seeds, 1, 100));
    e.copies = static_cast<int>(a.whole("--copies", e.copies, 1, 1000));
    e.folds = static_cast<int>(a.whole("--folds", e.folds, 1, 1000));
    e.fold = static_cast<int>(a.whole("--fold", e.fold, 0, e.folds - 1));
    e.int8 = a.has("--int8");
    e.unseenUsers = a.has("--unseen-users");
    e.queryDecay = static_cast<float>(a.number("--query-decay", e.queryDecay, 1e-6, 1));
    const float minRating = readMinRating(a);
    std::ostream* log = a.has("--quiet") ? nullptr : &err;
    LoadReport ratingsReport;
    RatingsTable ratings = loadRatingsFile(ratingsPath, &ratingsReport);
    if (log) printReport(*log, ratingsReport);
    Catalogue catalogue = loadCatalogue(a, log);
    std::vector<std::vector<int32_t>> sequences;
    ratings.forEachSequence(minRating, [&](int32_t, const int32_t* m, std::size_t n) { sequences.emplace_back(m, m + n); });
    ratings = RatingsTable();

    const EvalReport r = evaluate(sequences, a.has("--movies") ? &catalogue : nullptr, e, [&](int s) {
        if (log) *log << "seed " << e.train.seed + static_cast<std::uint64_t>(s) << " trained (" << s + 1 << "/" << e.seeds << ")\n";
    });
    const TrainOptions& o = e.train;
    out << "eval: " << withThousands(r.users) << " users";
    if (e.folds > 1) out << " (fold " << e.fold << " of " << e.folds << ": users " << e.fold << ", " << e.fold + e.folds << ", ... in file order)";
    if (e.unseenUsers)
        out << ", none of them training (each one's last movie left out), every other movie of theirs after the first predicted from the ones before it ("
            << withThousands(r.cases) << " predictions, " << withThousands(r.unknownHeldOut) << " of them movies not in the training data: misses); trained on "
            << withThousands(r.trainingTokens) << " tokens of the other users";
    else
        out << ", each one's last movie held out (" << withThousands(r.unknownHeldOut)
            << " of them not in the training data: misses); trained on " << withThousands(r.trainingTokens) << " tokens";
    if (e.copies > 1) out << " (" << e.copies << " copies of each user's movies)";
    out << ", " << withThousands(r.movies) << " movies\n";
    out << "model: dim " << o.dim << ", window " << o.window << ", negative " << o.negative << ", epochs "
        << (o.epochs ? std::to_string(o.epochs) : std::to_string(autoEpochs(r.trainingTokens)) + " (auto)") << ", lr " << o.lr << ", sample " << o.sample << ", ns-exponent " << o.nsExponent
        << (o.nextPairs ? ", next-pairs " + std::to_string(o.nextPairs) : std::string())
        << (o.nextModel ? ", next-model " + std::to_string(o.nextModel) : std::string()) << ", loss " << lossKindName(o.loss) << "; mean of " << e.seeds << (e.seeds == 1 ? " seed:" : " seeds:");
    for (auto s : r.seeds) out << ' ' << s;
    if (e.unseenUsers)
        out << "\nquery: the user's last " << e.queryLength << " movies before the one predicted (next: weighed 1, " << e.queryDecay
            << ", ... from the most recent); those before it are excluded; HR averaged over each user's predictions, then over users\n";
    else
        out << "\nquery: the user's last " << e.queryLength << " training movies (next: weighed 1, " << e.queryDecay
            << ", ... from the most recent); movies the user rated are excluded\n";
    auto perSeed = [&](const std::vector<Metrics>& m) {
        std::ostringstream s;
        s << std::fixed << std::setprecision(4) << "  (HR per seed:";
        for (const auto& x : m) s << ' ' << x.hitRate;
        s << ')';
        return e.seeds > 1 ? s.str() : std::string();
    };
    out << std::fixed << std::setprecision(4);
    out << "method          HR@" << e.k << "   NDCG@" << e.k << '\n';
    out << "popularity      " << r.popularity.hitRate << "  " << r.popularity.ndcg << '\n';
    out << "co-occurrence   " << r.cooccurrence.hitRate << "  " << r.cooccurrence.ndcg << '\n';
    out << "similar         " << r.similarMean.hitRate << "  " << r.similarMean.ndcg << perSeed(r.similar) << '\n';
    out << "next            " << r.nextMean.hitRate << "  " << r.nextMean.ndcg << perSeed(r.next) << '\n';
    if (e.int8) {
        out << "next, int8 model file:";
        for (std::size_t s = 0; s < r.nextInt8.size(); ++s)
            out << (s ? ";" : "") << " seed " << r.seeds[s] << ": HR@" << e.k << ' ' << r.nextInt8[s].hitRate << ", NDCG@" << e.k << ' '
                << r.nextInt8[s].ndcg << ", same top " << e.k << " as float for " << r.int8SameTopK[s] << " of " << r.int8Queries[s]
                << " queries (" << std::setprecision(1) << 100.0 * static_cast<double>(r.int8SameTopK[s]) / static_cast<double>(std::max<std::size_t>(1, r.int8Queries[s]))
                << "%)" << std::setprecision(4);
        out << '\n';
    }
    if (e.unseenUsers) {
        out << "next - co-occurrence, HR@" << e.k << " user by user (mean +- standard error):";
        for (std::size_t s = 0; s < r.nextMinusCooccurrence.size(); ++s) {
            const MeanDifference& d = r.nextMinusCooccurrence[s];
            out << (s ? ";" : "") << " seed " << r.seeds[s] << ": " << std::showpos << d.mean << std::noshowpos << " +- " << d.standardError;
        }
        out << '\n';
    } else {
        out << "next vs co-occurrence, user by user (McNemar's exact test):";
        for (std::size_t s = 0; s < r.nextVsCooccurrence.size(); ++s) {
            const PairedTest& t = r.nextVsCooccurrence[s];
            out << (s ? ";" : "") << " seed " << r.seeds[s] << ": +" << t.onlyFirst << " -" << t.onlySecond << " p="
                << std::setprecision(3) << t.pValue << std::setprecision(4);
        }
        out << '\n';
    }
    if (r.hasCoherence) {
        out << "genre coherence (share of the " << e.k << " nearest sharing a genre, " << r.coherenceMoviesUsed
            << " most-rated movies): similar " << r.coherenceMean;
        if (e.seeds > 1) {
            out << " (per seed:";
            for (double c : r.coherence) out << ' ' << c;
            out << ')';
        }
        out << ", co-occurrence " << r.cooccurrenceCoherence << '\n';
    } else if (a.has("--movies")) {
        out << "genre coherence: the movies file gives no genres for these movies\n";
    }
    out << std::defaultfloat;
    return 0;
}

}  // namespace m2v
