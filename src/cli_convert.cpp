// movie2vec convert: vectors trained elsewhere (gensim, word2vec.c, fastText, Spark) on the
// output of `movie2vec sequences`, made into a .m2v model file with titles, years and genres,
// and with --ratings each movie's rating count.
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <numeric>
#include <optional>
#include <ostream>

#include "cli_common.h"
#include "model_file.h"
#include "ratings.h"
#include "vocabulary.h"
#include "word2vec_reader.h"

namespace m2v {

int commandConvert(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CliArgs a(args, {"--vectors", "--ratings", "--movies", "--links", "--out-model"}, {"--int8", "--quiet"});
    const std::string vectorsPath = a.text("--vectors");
    const std::string modelPath = a.text("--out-model");
    std::ostream* log = a.has("--quiet") ? nullptr : &err;
    const Catalogue catalogue = loadCatalogue(a, log);  // checks the small files before the big one

    std::optional<std::string> ratingsPath = a.optionalText("--ratings");
    std::optional<RatingsTable> ratings;
    if (ratingsPath) {
        LoadReport ratingsReport;
        ratings = loadRatingsFile(*ratingsPath, &ratingsReport);
        if (log) printReport(*log, ratingsReport);
    }

    LoadReport vectorsReport;
    const Vectors vectors = readWord2VecVectorsFile(vectorsPath, &vectorsReport);
    if (log) printReport(*log, vectorsReport);
    // Row i's rating count (all 0 without --ratings).
    const std::vector<std::uint32_t> counts = ratings ? ratingCountsOf(*ratings, vectors.ids) : std::vector<std::uint32_t>(vectors.ids.size(), 0);

    // The model's rows, with the ratings given: most rated first, ties by movie id, the order
    // train writes (title search breaks ties by it). Otherwise the file's order, which is by
    // frequency for gensim, word2vec.c and fastText.
    std::vector<std::size_t> order(vectors.ids.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    if (ratingsPath)
        std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
            return counts[x] != counts[y] ? counts[x] > counts[y] : vectors.ids[x] < vectors.ids[y];
        });

    ModelData model;
    model.vectors.resize(vectors.values.rows(), vectors.values.cols());
    std::size_t titled = 0, rated = 0;
    for (std::size_t row = 0; row < order.size(); ++row) {
        const int32_t id = vectors.ids[order[row]];
        model.ids.push_back(id);
        const MovieInfo* info = catalogue.find(id);
        model.movies.push_back(info ? *info : MovieInfo{});
        titled += info != nullptr;
        rated += counts[order[row]] > 0;
        if (ratingsPath) model.ratings.push_back(counts[order[row]]);  // unknown without --ratings
        model.vectors.row(static_cast<Eigen::Index>(row)) = vectors.values.row(static_cast<Eigen::Index>(order[row]));
    }
    const std::string bytes = saveModel(model, a.has("--int8"));
    std::ofstream file(modelPath, std::ios::binary);
    if (!file) throw std::runtime_error("cannot write \"" + modelPath + "\"");
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!file.flush()) throw std::runtime_error("writing \"" + modelPath + "\" failed (disk full?)");

    const std::size_t movies = model.ids.size();
    out << "converted " << withThousands(movies) << " movies x " << vectors.values.cols() << " dims from " << vectorsPath
        << " (" << vectorsReport.kind << ")";
    if (a.has("--movies")) out << ", " << withThousands(titled) << " with titles";
    if (ratingsPath) out << ", " << withThousands(rated) << " rated in " << *ratingsPath;
    out << "\n";
    if (a.has("--movies") && titled == 0)
        out << "note: no movie of " << vectorsPath << " has a title in " << a.text("--movies")
            << ": were the vectors trained on MovieLens ids (movie2vec sequences)?"
            << (a.has("--links") ? "" : " Kaggle metadata needs --links.") << "\n";
    if (ratingsPath && rated < movies)
        out << "note: " << withThousands(movies - rated) << " of the movies have no rating in " << *ratingsPath
            << " (they come last in the model, with a rating count of 0)\n";
    out << "wrote " << modelPath << (a.has("--int8") ? " (int8, " : " (") << withThousands(bytes.size()) << " bytes)\n";
    return 0;
}

}  // namespace m2v
