#include "cli.h"

#include <algorithm>
#include <ostream>
#include <sstream>
#include <string>

#include "bench.h"
#include "cli_common.h"
#include "eval.h"
#include "option_table.h"
#include "recommend.h"
#include "trainer.h"

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
                  [training options] [--out-output FILE] [--int8] [--no-output-vectors] [--quiet]
      Trains on each user's movies in timestamp order and writes the vectors in word2vec
      text format ("N D", then "movieId v1 ... vD"); --out-output also writes the output vectors;
      --out-model writes a .m2v model file (with the titles of --movies), as the page saves it;
      --int8 makes it the compact int8 form. The model file carries the output vectors too (for
      recommend) unless --no-output-vectors.
  movie2vec similar (--vectors VECTORS | --model MODEL.m2v) --movie MOVIEID [-k 10] [--movies FILE] [--links FILE]
                  [--ratings FILE] [)" << minRatings.flag << ' ' << defaultText(minRatings) << R"(]
      Prints the k nearest movies by cosine: id, title (when known), cosine, rating count (from the
      model file, or counted in --ratings; empty when unknown). Movies with fewer than --min-ratings
      ratings are left out when the counts are known.
  movie2vec recommend (--model MODEL.m2v | --vectors VECTORS --output-vectors OUTPUT) --history ID,ID,...
                  [-k 10] [--recent )" << kDefaultRecent << "] [" << minRatings.flag << ' ' << defaultText(minRatings)
      << R"(] [--movies FILE] [--links FILE]
      What to watch next after the history (movie ids in watch order, most recent last): every
      other movie scored by its output vector dotted with the mean input vector of the last
      --recent movies (eval's "next"). Prints movieId, title, score, and the history movie that
      contributes most ("because"). Unknown ids are reported and skipped. Needs output vectors:
      a model file saved with them (train, convert --output-vectors, the page) or train's --out-output.
  movie2vec map (--vectors VECTORS | --model MODEL.m2v) [--layout umap|pca] [--out map.csv] [--seed 1]
                [--epochs N]
      Lays the movies out in 2-D (as the page's map) and writes "movieId,x,y" (x, y in [-1, 1]);
      prints the time taken, the UMAP's peak memory, and how many of each movie's 10 nearest movies
      stay among its 10 nearest on the map. UMAP takes up to 200,000 movies, with approximate
      neighbours above 5,000; --epochs overrides its layout epochs (200 up to 10,000 movies, then
      fewer).
  movie2vec inspect --ratings FILE [--movies FILE] [--links FILE]
      Prints the load report of each file without training.
  movie2vec eval --ratings FILE [--movies FILE] [--links FILE] [training options] [--seeds )" << eval.seeds << R"(]
                 [--copies )" << eval.copies << "] [--folds " << eval.folds << " --fold " << eval.fold << R"(] [--int8] [--unseen-users]
                 [--query-decay X]
      Leave-last-out: holds out each user's last movie, trains on the rest, and prints HR@10 and
      NDCG@10 of predicting it from the user's last 5 movies (by cosine, and by output vectors),
      against popularity and co-occurrence, with a paired test of next against co-occurrence;
      with --movies, the genre coherence of the neighbours. The mean over --seeds seeds (--seed,
      --seed + 1, ...). --copies N trains on N copies of each user's movies (as a big file would
      be); --folds K --fold I scores only users I, I + K, ... (training still uses every user).
      --int8 also scores next with the model as an int8 .m2v stores it, and counts the queries
      whose top 10 is the same set as the float model's. --unseen-users (with --folds): the users
      of the fold do not train, and each of their movies after the first (but the last) is
      predicted from the ones before it: many more predictions, for choosing settings.
      --query-decay X: how much less each older movie of the query weighs for next (1: the plain
      mean; recommend's is 0.7).
  movie2vec sequences --ratings FILE --out corpus.txt [--movies FILE] [--links FILE] [--min-rating X] [--quiet]
      Writes each user's movies, in the order train reads them, as one line of space-separated
      movie ids: the corpus for gensim's Word2Vec (LineSentence) or Spark's (see docs/scale.md).
      With --movies, also says how many of the movies have titles.
  movie2vec convert --vectors VECTORS --out-model MODEL.m2v [--output-vectors OUTPUT] [--movies FILE] [--links FILE]
                    [--ratings FILE] [--int8] [--quiet]
      Makes a .m2v model file from vectors trained elsewhere on that corpus: word2vec text or
      binary (gensim's save_word2vec_format, word2vec.c, fastText .vec, Spark's vectors as text
      lines, with or without the "N D" line), with the titles of --movies; --ratings adds each
      movie's rating count and puts the most rated first; --output-vectors (same formats: gensim's
      syn1neg, word2vec.c's output layer) adds the output vectors, for recommend.
  movie2vec bench [--ratings web/sample/ml-latest-small/ratings.csv] [--tokens )" << bench.tokens << R"(]
                  [--threads )" << bench.train.threads << "] [--dim " << bench.train.dim << "] [--window "
      << bench.train.window << "] [--negative " << bench.train.negative << "] [--epochs " << bench.train.epochs
      << "] [--seed " << bench.train.seed << "] [--loss " << lossKindName(bench.train.loss) << R"(]
                  [--share-negatives 1] [--next-pairs 0]
      Repeats the ratings' sequences to about --tokens tokens and prints the training speed
      (and the peak memory, natively).
  movie2vec bench-ingest [--ratings web/sample/ml-latest-small/ratings.csv] [--out ratings-25m.csv]
                  [--rows 25000000]
      Writes --out from copies of --ratings (users renumbered per copy) unless it exists, then
      times loading and grouping it: MB/s, and peak memory per rating.
  movie2vec bench-catalogue --out RATINGS.csv --out-movies MOVIES.csv [--copies 10] [--head 1000]
                  [--ratings web/sample/ml-latest-small/ratings.csv] [--movies web/sample/ml-latest-small/movies.csv]
      Writes a rating file with a MovieLens-25M/32M-sized catalogue and its movies file: --copies
      copies of --ratings (users renumbered per copy) in which the --head most-rated movies are
      shared and every other movie is a new one per copy (copy c of movie m is m + c x 10^k; its
      title gets " #c" before the year). 10 copies of ml-latest-small: 1,008,360 ratings, 88,240 movies.
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
        if (command == "recommend") return commandRecommend(rest, out, err);
        if (command == "convert") return commandConvert(rest, out, err);
        if (command == "bench") return commandBench(rest, out, err);
        if (command == "bench-ingest") return commandBenchIngest(rest, out, err);
        if (command == "bench-catalogue") return commandBenchCatalogue(rest, out, err);
        err << "movie2vec: unknown command \"" << command << "\" (commands: train, similar, recommend, map, inspect, eval, sequences, convert, bench, bench-ingest, bench-catalogue, help)\n";
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
