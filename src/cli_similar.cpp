// movie2vec similar: the nearest movies of one movie, by cosine.
#include <iomanip>
#include <limits>
#include <ostream>

#include "cli_common.h"
#include "ratings.h"
#include "vocabulary.h"
#include "similarity.h"

namespace m2v {

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
    if (auto ratingsPath = a.optionalText("--ratings")) ratings = ratingCountsOf(loadRatingsFile(*ratingsPath), vectors.ids);
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

}  // namespace m2v
