#include "cli.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <iostream>
#include <limits>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

#include "bench.h"
#include "catalogue.h"
#include "cli_args.h"
#include "cli_common.h"
#include "eval.h"
#include "model_file.h"
#include "option_table.h"
#include "projection.h"
#include "ratings.h"
#include "similarity.h"
#include "trainer.h"
#include "vectors_io.h"

namespace m2v {

namespace {

// `movie2vec help`: the commands, then the training options with their defaults, ranges and help
// from the option table, so the list cannot drift from what parsing accepts.
std::string usage() {
    const BenchOptions bench;
    const EvalOptions eval;
    const OptionSpec& minRatings = neighbourOptionTable().at(0);
    std::ostringstream u;
    u << R"(movie2vec: learn movie embeddings (Word2Vec CBOW, item2vec) from rating files.

Commands:
  movie2vec train --ratings FILE (--out VECTORS | --out-model MODEL.m2v) [--movies FILE] [--links FILE]
                  [training options] [--out-output FILE] [--int8] [--quiet]
      Trains on each user's movies in timestamp order and writes the vectors in word2vec
      text format ("N D", then "movieId v1 ... vD"); --out-output also writes the output vectors;
      --out-model writes a .m2v model file (with the titles of --movies), as the page saves it;
      --int8 makes it the compact int8 form.
  movie2vec similar (--vectors VECTORS | --model MODEL.m2v) --movie MOVIEID [-k 10] [--movies FILE] [--links FILE]
                  [--ratings FILE] [)" << minRatings.flag << ' ' << defaultText(minRatings) << R"(]
      Prints the k nearest movies by cosine: id, title (when known), cosine, rating count (from the
      model file, or counted in --ratings; empty when unknown). Movies with fewer than --min-ratings
      ratings are left out when the counts are known.
  movie2vec map (--vectors VECTORS | --model MODEL.m2v) [--layout umap|pca] [--out map.csv] [--seed 1]
      Lays the movies out in 2-D (as the page's map) and writes "movieId,x,y" (x, y in [-1, 1]);
      prints the time taken and how many of each movie's 10 nearest movies stay among its 10
      nearest on the map.
  movie2vec inspect --ratings FILE [--movies FILE] [--links FILE]
      Prints the load report of each file without training.
  movie2vec eval --ratings FILE [--movies FILE] [--links FILE] [training options] [--seeds )" << eval.seeds << R"(]
                 [--copies )" << eval.copies << "] [--folds " << eval.folds << " --fold " << eval.fold << R"(]
      Leave-last-out: holds out each user's last movie, trains on the rest, and prints HR@10 and
      NDCG@10 of predicting it from the user's last 5 movies (by cosine, and by output vectors),
      against popularity and co-occurrence, with a paired test of next against co-occurrence;
      with --movies, the genre coherence of the neighbours. The mean over --seeds seeds (--seed,
      --seed + 1, ...). --copies N trains on N copies of each user's movies (as a big file would
      be); --folds K --fold I scores only users I, I + K, ... (training still uses every user).
  movie2vec sequences --ratings FILE --out corpus.txt [--movies FILE] [--links FILE] [--min-rating X] [--quiet]
      Writes each user's movies, in the order train reads them, as one line of space-separated
      movie ids: the corpus for gensim's Word2Vec (LineSentence) or Spark's (see docs/scale.md).
      With --movies, also says how many of the movies have titles.
  movie2vec convert --vectors VECTORS --out-model MODEL.m2v [--movies FILE] [--links FILE] [--ratings FILE]
                    [--int8] [--quiet]
      Makes a .m2v model file from vectors trained elsewhere on that corpus: word2vec text or
      binary (gensim's save_word2vec_format, word2vec.c, fastText .vec, Spark's vectors as text
      lines, with or without the "N D" line), with the titles of --movies; --ratings adds each
      movie's rating count and puts the most rated first.
  movie2vec bench [--ratings web/sample/ml-latest-small/ratings.csv] [--tokens )" << bench.tokens << R"(]
                  [--threads )" << bench.train.threads << "] [--dim " << bench.train.dim << "] [--window "
      << bench.train.window << "] [--negative " << bench.train.negative << "] [--epochs " << bench.train.epochs
      << "] [--seed " << bench.train.seed << "] [--loss " << lossKindName(bench.train.loss) << R"(]
      Repeats the ratings' sequences to about --tokens tokens and prints the training speed
      (and the peak memory, natively).
  movie2vec bench-ingest [--ratings web/sample/ml-latest-small/ratings.csv] [--out ratings-25m.csv]
                  [--rows 25000000]
      Writes --out from copies of --ratings (users renumbered per copy) unless it exists, then
      times loading and grouping it: MB/s, and peak memory per rating.
  movie2vec help

Training options (train, eval), each with its default:
)";
    for (const OptionSpec& s : trainOptionTable()) {
        std::string line = "  " + s.flag + " " + defaultText(s);
        line.resize(std::max<std::size_t>(line.size() + 1, 26), ' ');
        if (s.kind == OptionKind::Choice) {
            for (std::size_t i = 0; i < s.choices.size(); ++i) line += (i ? "|" : "") + s.choices[i];
        } else {
            line += (s.kind == OptionKind::Integer ? "a whole number " : "") + rangeText(s);
            if (s.optional) line += ", or " + s.leftOut;
        }
        if (s.nativeOnly) line += " (native build only)";
        u << line << "\n      " << s.help << '\n';
    }
    return u.str();
}
std::string thousands(std::uint64_t n) {
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

// The vectors of --vectors (word2vec text) or --model (a .m2v file, whose titles join the
// catalogue unless --movies gave one, and whose rating counts go to *ratings when it has them).
Vectors readVectorsOption(const CliArgs& a, Catalogue& catalogue, std::vector<std::uint32_t>* ratings = nullptr) {
    if (a.has("--vectors") == a.has("--model")) throw UsageError("give --vectors (word2vec text) or --model (.m2v), one of them");
    if (a.has("--vectors")) return readWord2VecFile(a.text("--vectors"));
    const std::string path = a.text("--model");
    std::ifstream file(path, std::ios::binary);
    if (!file) throw std::runtime_error("cannot open \"" + path + "\"");
    const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    ModelData model;
    try {
        model = loadModel(bytes);
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(path + ": " + e.what());
    }
    const bool titled = catalogue.size() > 0;
    for (std::size_t i = 0; i < model.ids.size() && !titled; ++i)
        if (!model.movies[i].title.empty()) catalogue.insert(model.ids[i], std::move(model.movies[i]));
    if (ratings) *ratings = std::move(model.ratings);
    return {std::move(model.ids), std::move(model.vectors)};
}

// `names` and the flag of every training option.
std::set<std::string> withTrainingOptions(std::set<std::string> names) {
    for (const OptionSpec& s : trainOptionTable()) names.insert(s.flag);
    return names;
}

// The training options given (their ranges and choices are the table's), over `o`.
TrainOptions readTrainOptions(const CliArgs& a, TrainOptions o = TrainOptions()) {
    for (const OptionSpec& s : trainOptionTable()) {
        if (s.setChoice) {
            if (auto choice = a.tableChoice(s)) s.setChoice(o, *choice);
        } else if (s.set) {
            if (a.leftOut(s)) s.set(o, 0);  // "--epochs auto"
            else if (auto value = a.tableNumber(s)) s.set(o, *value);
        }
    }
#ifdef __EMSCRIPTEN__
    if (o.threads > 1) throw UsageError("--threads above 1 needs the native build (this WebAssembly build has one thread)");
#endif
    return o;
}

int commandTrain(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CliArgs a(args, withTrainingOptions({"--ratings", "--movies", "--links", "--out", "--out-output", "--out-model"}),
              {"--quiet", "--int8"});
    const std::string ratingsPath = a.text("--ratings");
    if (!a.has("--out-model")) a.text("--out");  // one of them is needed: the missing-option message
    if (a.has("--int8") && !a.has("--out-model")) throw UsageError("--int8 goes with --out-model");
    const TrainOptions o = readTrainOptions(a);
    const float minRating = readMinRating(a);
    const bool quiet = a.has("--quiet");
    std::ostream* log = quiet ? nullptr : &err;
    LoadReport ratingsReport;
    RatingsTable ratings = loadRatingsFile(ratingsPath, &ratingsReport);
    if (log) printReport(*log, ratingsReport);
    const Catalogue catalogue = loadCatalogue(a, log);  // checks the files now rather than after training

    Vocabulary vocabulary;
    Corpus corpus = buildCorpus(ratings, minRating, o.minCount, &vocabulary);
    const std::size_t sequences = corpus.sequenceCount();
    const std::uint64_t tokens = corpus.tokens.size();
    Trainer trainer(std::move(corpus), std::move(vocabulary), o);
    const std::string epochsChoice = std::to_string(trainer.options().epochs) +
                                     (o.epochs == 0 ? " (auto: " + thousands(tokens) + " tokens per epoch)" : "");
    if (log) *log << "training: epochs " << epochsChoice << ", dim " << o.dim << ", window " << o.window << ", negative "
                  << o.negative << ", lr " << o.lr << ", loss " << lossKindName(o.loss) << "\n";
    std::size_t reported = 0;
    TrainProgress p = trainer.run([&](const TrainProgress& q) {
        for (; log && reported < q.epochLosses.size(); ++reported)
            *log << "epoch " << reported + 1 << "/" << q.epochs << "  loss " << std::fixed << std::setprecision(4)
                 << q.epochLosses[reported] << "  " << std::setprecision(0) << q.tokensPerSecond << " tokens/s\n"
                 << std::defaultfloat;
        return true;
    });

    std::vector<std::string> written;
    if (auto outPath = a.optionalText("--out")) {
        std::ofstream file(*outPath, std::ios::binary);
        if (!file) throw std::runtime_error("cannot write \"" + *outPath + "\"");
        writeWord2Vec(file, trainer.vocabulary().ids(), trainer.model().input);
        if (!file.flush()) throw std::runtime_error("writing \"" + *outPath + "\" failed");
        written.push_back(*outPath);
    }
    if (auto modelPath = a.optionalText("--out-model")) {
        ModelData model;
        model.ids = trainer.vocabulary().ids();
        for (std::uint64_t n : trainer.vocabulary().counts())
            model.ratings.push_back(static_cast<std::uint32_t>(std::min<std::uint64_t>(n, UINT32_MAX)));
        for (int32_t id : model.ids) {
            const MovieInfo* info = catalogue.find(id);
            model.movies.push_back(info ? *info : MovieInfo{});
        }
        model.vectors = trainer.model().input;
        const std::string bytes = saveModel(model, a.has("--int8"));
        std::ofstream file(*modelPath, std::ios::binary);
        if (!file) throw std::runtime_error("cannot write \"" + *modelPath + "\"");
        file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!file.flush()) throw std::runtime_error("writing \"" + *modelPath + "\" failed");
        written.push_back(*modelPath + (a.has("--int8") ? " (int8, " : " (") + thousands(bytes.size()) + " bytes)");
    }
    if (auto outputPath = a.optionalText("--out-output")) {
        std::ofstream file(*outputPath, std::ios::binary);
        if (!file) throw std::runtime_error("cannot write \"" + *outputPath + "\"");
        writeWord2Vec(file, trainer.vocabulary().ids(), trainer.model().output);
        if (!file.flush()) throw std::runtime_error("writing \"" + *outputPath + "\" failed");
    }
    out << "trained " << thousands(trainer.vocabulary().size()) << " movies x " << o.dim << " dims on "
        << thousands(sequences) << " sequences (" << thousands(tokens) << " tokens per epoch), epochs " << epochsChoice
        << ", loss " << lossKindName(o.loss) << ", " << o.threads << (o.threads == 1 ? " thread\n" : " threads\n");
    out << std::fixed << std::setprecision(2) << "time " << p.seconds << " s, " << std::setprecision(0)
        << p.tokensPerSecond << " tokens/s, mean loss first epoch " << std::setprecision(4)
        << (p.epochLosses.empty() ? 0.0 : p.epochLosses.front()) << ", last epoch "
        << (p.epochLosses.empty() ? 0.0 : p.epochLosses.back()) << "\n" << std::defaultfloat;
    for (const std::string& w : written) out << "wrote " << w << "\n";
    return 0;
}

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

int commandMap(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CliArgs a(args, {"--vectors", "--model", "--layout", "--out", "--seed"}, {"--quiet"});
    Catalogue titles;
    const Vectors vectors = readVectorsOption(a, titles);
    const std::string layout = a.has("--layout") ? a.text("--layout") : "umap";
    if (layout != "umap" && layout != "pca") throw UsageError("--layout must be umap or pca, got \"" + layout + "\"");
    const auto seed = static_cast<std::uint64_t>(a.whole("--seed", 1, 0, std::numeric_limits<long long>::max()));
    const auto started = Clock::now();
    std::vector<float> xy;
    double neighbourSeconds = 0;
    if (layout == "pca") {
        xy = pca2d(vectors.values);
    } else {
        UmapLayout umap(vectors.values, seed);
        neighbourSeconds = secondsSince(started);
        while (!umap.step(10)) {
        }
        xy = umap.coordinates();
    }
    const double seconds = secondsSince(started);
    auto writeCsv = [&](std::ostream& csv) {
        csv << "movieId,x,y\n" << std::setprecision(6);
        for (std::size_t i = 0; i < vectors.ids.size(); ++i) csv << vectors.ids[i] << ',' << xy[2 * i] << ',' << xy[2 * i + 1] << '\n';
    };
    if (a.has("--out")) {
        std::ofstream file(a.text("--out"), std::ios::binary);
        if (!file) throw std::runtime_error("cannot write \"" + a.text("--out") + "\"");
        writeCsv(file);
        if (!file.flush()) throw std::runtime_error("could not write all of \"" + a.text("--out") + "\"");
    }
    if (!a.has("--quiet")) {
        std::ostream& report = a.has("--out") ? out : err;
        report << "map: " << layout << " of " << thousands(vectors.ids.size()) << " movies in " << std::fixed
               << std::setprecision(2) << seconds << " s";
        if (layout == "umap") report << " (neighbours " << neighbourSeconds << " s, layout " << seconds - neighbourSeconds << " s)";
        const std::size_t stride = std::max<std::size_t>(1, vectors.ids.size() / 2000);
        report << "; of each movie's 10 nearest movies, " << std::setprecision(1)
               << 100 * mapNeighbourRecall(vectors.values, xy, 10, stride) << "% stay among its 10 nearest on the map\n";
    }
    if (!a.has("--out")) writeCsv(out);
    return 0;
}

int commandSimilar(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CliArgs a(args, {"--vectors", "--model", "--movie", "-k", "--movies", "--links", "--ratings", "--min-ratings"});
    const long long movie = a.whole("--movie", 0, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max());
    if (!a.has("--movie")) a.text("--movie");  // the missing-option message
    const auto k = static_cast<std::size_t>(a.whole("-k", 10, 1, 100000));
    const OptionSpec& minRatingsOption = neighbourOptionTable().at(0);
    const auto minRatings = static_cast<std::uint32_t>(a.tableNumber(minRatingsOption).value_or(minRatingsOption.defaultNumber));
    Catalogue catalogue = loadCatalogue(a, nullptr);
    std::vector<std::uint32_t> ratings;
    Vectors vectors = readVectorsOption(a, catalogue, &ratings);
    const std::string vectorsPath = a.has("--model") ? a.text("--model") : a.text("--vectors");
    if (auto ratingsPath = a.optionalText("--ratings")) {
        // Each movie's ratings, counted as training counts them: one per user who rated it.
        std::unordered_map<int32_t, std::uint32_t> counts;
        loadRatingsFile(*ratingsPath).forEachSequence(-std::numeric_limits<float>::infinity(),
                                                      [&](int32_t, const int32_t* m, std::size_t n) {
                                                          for (std::size_t i = 0; i < n; ++i) ++counts[m[i]];
                                                      });
        ratings.assign(vectors.ids.size(), 0);
        for (std::size_t i = 0; i < vectors.ids.size(); ++i) {
            auto it = counts.find(vectors.ids[i]);
            if (it != counts.end()) ratings[i] = it->second;
        }
    }
    SimilarityIndex index(vectors.ids, vectors.values, std::move(ratings));
    const int32_t row = index.rowOf(static_cast<int32_t>(movie));
    if (row < 0) throw std::invalid_argument("movie " + std::to_string(movie) + " is not in " + vectorsPath);
    if (index.hasRatings() && index.ratingsOf(row) < minRatings)
        err << "note: movie " << movie << " has " << index.ratingsOf(row) << (index.ratingsOf(row) == 1 ? " rating" : " ratings")
            << " (fewer than --min-ratings " << minRatings << "): its neighbours rest on few ratings\n";
    // Columns: movieId, title (empty when unknown), cosine, ratings (empty when unknown).
    for (const Neighbour& n : index.similar(static_cast<int32_t>(movie), k, minRatings)) {
        const MovieInfo* info = catalogue.find(n.movieId);
        out << n.movieId << '\t' << (info ? info->title : "") << '\t' << std::fixed << std::setprecision(4) << n.score
            << '\t';
        if (index.hasRatings()) out << n.ratings;
        out << '\n';
    }
    return 0;
}

int commandInspect(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
    CliArgs a(args, {"--ratings", "--movies", "--links"});
    LoadReport report;
    RatingsTable ratings = loadRatingsFile(a.text("--ratings"), &report);
    printReport(out, report);
    Catalogue catalogue = loadCatalogue(a, &out);
    std::size_t movies = 0, titled = 0;
    std::unordered_map<int32_t, bool> seen;
    ratings.forEachSequence(-std::numeric_limits<float>::infinity(), [&](int32_t, const int32_t* m, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) seen.emplace(m[i], true);
    });
    movies = seen.size();
    for (const auto& [id, _] : seen)
        if (catalogue.find(id)) ++titled;
    out << "users " << thousands(ratings.userCount()) << ", ratings " << thousands(ratings.ratingCount())
        << ", movies rated " << thousands(movies);
    if (a.has("--movies")) out << ", with titles " << thousands(titled) << ", without " << thousands(movies - titled);
    out << '\n';
    return 0;
}

int commandEval(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CliArgs a(args, withTrainingOptions({"--ratings", "--movies", "--links", "--seeds", "--copies", "--folds", "--fold"}),
              {"--quiet"});
    EvalOptions e;
    const std::string ratingsPath = a.text("--ratings");
    e.train = readTrainOptions(a);
    e.seeds = static_cast<int>(a.whole("--seeds", e.seeds, 1, 100));
    e.copies = static_cast<int>(a.whole("--copies", e.copies, 1, 1000));
    e.folds = static_cast<int>(a.whole("--folds", e.folds, 1, 1000));
    e.fold = static_cast<int>(a.whole("--fold", e.fold, 0, e.folds - 1));
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
    out << "eval: " << thousands(r.users) << " users";
    if (e.folds > 1) out << " (fold " << e.fold << " of " << e.folds << ": users " << e.fold << ", " << e.fold + e.folds << ", ... in file order)";
    out << ", each one's last movie held out (" << thousands(r.unknownHeldOut)
        << " of them not in the training data: misses); trained on " << thousands(r.trainingTokens) << " tokens";
    if (e.copies > 1) out << " (" << e.copies << " copies of each user's movies)";
    out << ", " << thousands(r.movies) << " movies\n";
    out << "model: dim " << o.dim << ", window " << o.window << ", negative " << o.negative << ", epochs "
        << (o.epochs ? std::to_string(o.epochs) : std::to_string(autoEpochs(r.trainingTokens)) + " (auto)") << ", lr " << o.lr << ", sample " << o.sample << ", ns-exponent " << o.nsExponent << ", loss "
        << lossKindName(o.loss) << "; mean of " << e.seeds << (e.seeds == 1 ? " seed:" : " seeds:");
    for (auto s : r.seeds) out << ' ' << s;
    out << "\nquery: the user's last " << e.queryLength << " training movies; movies the user rated are excluded\n";
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
    out << "next vs co-occurrence, user by user (McNemar's exact test):";
    for (std::size_t s = 0; s < r.nextVsCooccurrence.size(); ++s) {
        const PairedTest& t = r.nextVsCooccurrence[s];
        out << (s ? ";" : "") << " seed " << r.seeds[s] << ": +" << t.onlyFirst << " -" << t.onlySecond << " p="
            << std::setprecision(3) << t.pValue << std::setprecision(4);
    }
    out << '\n';
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

int commandBench(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
    CliArgs a(args, {"--ratings", "--tokens", "--threads", "--dim", "--window", "--negative", "--epochs", "--seed", "--loss"});
    const std::string defaultRatings = "web/sample/ml-latest-small/ratings.csv";
    std::string ratingsPath = a.has("--ratings") ? a.text("--ratings") : defaultRatings;
    if (!a.has("--ratings") && !std::ifstream(defaultRatings))
        throw UsageError("no --ratings given and " + defaultRatings +
                         " is not here: run it from the repository's folder, or pass --ratings FILE");
    BenchOptions b;
    b.tokens = static_cast<std::uint64_t>(a.whole("--tokens", static_cast<long long>(b.tokens), 1, 2'000'000'000));
    b.train = readTrainOptions(a, b.train);
    RatingsTable ratings = loadRatingsFile(ratingsPath);
    const BenchResult r = runBench(ratings, b);
    const TrainOptions& o = b.train;
    out << "bench: " << ratingsPath << " x " << r.copies << " = " << thousands(r.sequences) << " sequences, "
        << thousands(r.tokensPerEpoch) << " tokens per epoch, " << thousands(r.movies) << " movies\n";
    out << "dim " << o.dim << ", window " << o.window << ", negative " << o.negative << ", " << o.epochs
        << " epochs, no down-sampling, loss " << lossKindName(o.loss) << ", " << o.threads
        << (o.threads == 1 ? " thread" : " threads") <<
#ifdef __EMSCRIPTEN__
        ", WebAssembly\n";
#else
        ", native\n";
#endif
    out << std::fixed << std::setprecision(4) << "mean loss per epoch:";
    for (double l : r.progress.epochLosses) out << ' ' << l;
    out << '\n' << std::setprecision(2) << "time " << r.progress.seconds << " s, " << std::setprecision(0)
        << r.progress.tokensPerSecond << " tokens/s (" << std::setprecision(2) << r.progress.tokensPerSecond / 1e6
        << " M tokens/s); processor time " << std::setprecision(2) << r.cpuSeconds
        << " s\n";
    if (r.peakMemoryKiB >= 0) out << "peak memory " << std::setprecision(1) << r.peakMemoryKiB / 1024.0 << " MiB (VmHWM)\n";
    if (r.wasmMemoryKiB >= 0) out << "WebAssembly memory " << std::setprecision(1) << r.wasmMemoryKiB / 1024.0 << " MiB\n";
    out << std::defaultfloat;
    return 0;
}

int commandBenchIngest(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CliArgs a(args, {"--ratings", "--out", "--rows"});
    const std::string source = a.has("--ratings") ? a.text("--ratings") : "web/sample/ml-latest-small/ratings.csv";
    const std::string path = a.has("--out") ? a.text("--out") : "ratings-25m.csv";
    const auto rows = static_cast<std::size_t>(a.whole("--rows", 25'000'000, 1, 2'000'000'000));
    if (!std::ifstream(path)) {
        err << "writing " << path << ": copies of " << source << " up to " << thousands(rows) << " rows (users renumbered per copy)\n";
        writeRepeatedRatings(source, path, rows);
    } else {
        err << "using the existing " << path << "\n";
    }
    const IngestBenchResult r = runIngestBench(path);
    const double total = r.loadSeconds + r.groupSeconds;
    out << std::fixed << std::setprecision(1) << "bench-ingest: " << path << ", " << r.megabytes << " MB, "
        << thousands(r.ratings) << " ratings, " << thousands(r.users) << " users, " <<
#ifdef __EMSCRIPTEN__
        "WebAssembly\n";
#else
        "native\n";
#endif
    out << std::setprecision(2) << "load " << r.loadSeconds << " s, group " << r.groupSeconds << " s: " << std::setprecision(0)
        << r.megabytes / total << " MB/s\n";
    const double perRating = 1024.0 / static_cast<double>(std::max<std::size_t>(r.ratings, 1));
    if (r.peakMemoryKiB >= 0)
        out << std::setprecision(1) << "peak memory " << r.peakMemoryKiB / 1024.0 << " MiB (VmHWM): "
            << (r.peakMemoryKiB - r.baselineKiB) * perRating << " bytes per rating above the " << r.baselineKiB / 1024.0
            << " MiB before loading\n";
    if (r.wasmMemoryKiB >= 0)
        out << std::setprecision(1) << "WebAssembly memory " << r.wasmMemoryKiB / 1024.0 << " MiB: "
            << r.wasmMemoryKiB * perRating << " bytes per rating\n";
    for (std::size_t chunk : {std::size_t(1) << 20, std::size_t(4096), std::size_t(1)}) {
        const QuotingBench q = runQuotingBench(chunk);
        out << std::setprecision(2) << "pathological quoting: " << q.megabytes << " MB in chunks of " << chunk << " bytes: "
            << q.seconds * 1000 << " ms (" << std::setprecision(0) << q.megabytes / q.seconds << " MB/s)\n";
    }
    out << std::defaultfloat;
    return 0;
}

}  // namespace

int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
        (args.empty() ? err : out) << usage();
        return args.empty() ? 2 : 0;
    }
    const std::string command = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    try {
        if (command == "train") return commandTrain(rest, out, err);
        if (command == "similar") return commandSimilar(rest, out, err);
        if (command == "map") return commandMap(rest, out, err);
        if (command == "inspect") return commandInspect(rest, out, err);
        if (command == "eval") return commandEval(rest, out, err);
        if (command == "sequences") return commandSequences(rest, out, err);
        if (command == "convert") return commandConvert(rest, out, err);
        if (command == "bench") return commandBench(rest, out, err);
        if (command == "bench-ingest") return commandBenchIngest(rest, out, err);
        err << "movie2vec: unknown command \"" << command << "\" (commands: train, similar, map, inspect, eval, sequences, convert, bench, bench-ingest, help)\n";
        return 2;
    } catch (const UsageError& e) {
        err << "movie2vec " << command << ": " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {  // bad data (LoadError and others), a file that cannot be written
        err << "movie2vec " << command << ": " << e.what() << '\n';
        return 1;
    }
}

}  // namespace m2v
