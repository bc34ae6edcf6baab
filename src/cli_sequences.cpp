// movie2vec sequences: the corpus training reads, written as text for gensim or Spark.
#include <fstream>
#include <limits>
#include <ostream>

#include "cli_common.h"
#include "corpus_writer.h"
#include "ratings.h"

namespace m2v {

int commandSequences(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CliArgs a(args, {"--ratings", "--movies", "--links", "--min-rating", "--out"}, {"--quiet"});
    const std::string ratingsPath = a.text("--ratings");
    const std::string outPath = a.text("--out");
    const float minRating = readMinRating(a);
    std::ostream* log = a.has("--quiet") ? nullptr : &err;
    LoadReport ratingsReport;
    const RatingsTable ratings = loadRatingsFile(ratingsPath, &ratingsReport);
    if (log) printReport(*log, ratingsReport);
    // Checked now, so that a join that finds no titles shows before hours of training elsewhere.
    const Catalogue catalogue = loadCatalogue(a, log);

    std::ofstream file(outPath, std::ios::binary);
    if (!file) throw std::runtime_error("cannot write \"" + outPath + "\"");
    const CorpusStats stats = writeCorpus(ratings, minRating, file);
    if (!file.flush()) throw std::runtime_error("writing \"" + outPath + "\" failed (disk full?)");

    out << "wrote " << outPath << ": " << withThousands(stats.sequences) << " sequences (one per user), "
        << withThousands(stats.tokens) << " movie ids, " << withThousands(stats.movieCounts.size()) << " distinct movies";
    if (a.has("--movies")) {
        std::size_t titled = 0;
        for (const auto& [id, count] : stats.movieCounts) titled += catalogue.find(id) != nullptr;
        out << ", " << withThousands(titled) << " with titles in " << a.text("--movies");
    }
    out << '\n';
    if (stats.usersLeftOut > 0)
        out << "left out " << withThousands(stats.usersLeftOut) << (stats.usersLeftOut == 1 ? " user" : " users")
            << " with a single movie" << (a.has("--min-rating") ? " rated at or above --min-rating" : "")
            << " (no context to learn from, as in train)\n";
    if (stats.sequences == 0)
        throw std::runtime_error("no user has two movies" + std::string(a.has("--min-rating") ? " at or above --min-rating" : "") +
                                 ": " + outPath + " is empty");
    return 0;
}

}  // namespace m2v
