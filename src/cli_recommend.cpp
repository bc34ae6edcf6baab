// movie2vec recommend: what to watch next after a history, by output vectors (recommend.h).
#include <iomanip>
#include <limits>
#include <ostream>
#include <unordered_map>

#include "cli_common.h"
#include "recommend.h"
#include "similarity.h"

namespace m2v {

namespace {

// "1,2355,588": movie ids in watch order. Spaces around the commas are allowed.
std::vector<int32_t> parseHistory(const std::string& text) {
    std::vector<int32_t> ids;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        std::string item = text.substr(start, comma - start);
        const auto first = item.find_first_not_of(" \t"), last = item.find_last_not_of(" \t");
        item = first == std::string::npos ? "" : item.substr(first, last - first + 1);
        if (!item.empty()) {
            std::size_t used = 0;
            long long id = 0;
            try {
                id = std::stoll(item, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != item.size() || id < std::numeric_limits<int32_t>::min() || id > std::numeric_limits<int32_t>::max())
                throw UsageError("--history: \"" + item + "\" is not a movie id (give ids separated by commas, e.g. 1,2355,588)");
            ids.push_back(static_cast<int32_t>(id));
        }
        start = comma + 1;
    }
    if (ids.empty()) throw UsageError("--history is empty: give the movie ids watched, most recent last (e.g. 1,2355,588)");
    return ids;
}

// The output vectors of --output-vectors in the rows of `ids` (the input vectors' order).
Matrix outputVectorsFor(const std::vector<int32_t>& ids, int dim, const std::string& path) {
    Vectors read = readWord2VecFile(path);
    if (read.values.cols() != dim)
        throw std::runtime_error(path + ": the output vectors have " + std::to_string(read.values.cols()) +
                                 " dimensions, the input vectors " + std::to_string(dim));
    std::unordered_map<int32_t, Eigen::Index> rowOf;
    for (std::size_t i = 0; i < read.ids.size(); ++i) rowOf.emplace(read.ids[i], static_cast<Eigen::Index>(i));
    Matrix output(static_cast<Eigen::Index>(ids.size()), dim);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        auto it = rowOf.find(ids[i]);
        if (it == rowOf.end()) throw std::runtime_error(path + ": movie " + std::to_string(ids[i]) + " has an input vector but no output vector");
        output.row(static_cast<Eigen::Index>(i)) = read.values.row(it->second);
    }
    return output;
}

}  // namespace

int commandRecommend(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CliArgs a(args, {"--vectors", "--model", "--output-vectors", "--history", "-k", "--recent", "--movies", "--links", "--min-ratings"});
    const std::vector<int32_t> history = parseHistory(a.text("--history"));
    RecommendOptions options;
    options.k = static_cast<std::size_t>(a.whole("-k", 10, 1, 100000));
    options.recent = static_cast<std::size_t>(a.whole("--recent", static_cast<long long>(kDefaultRecent), 1, 100000));
    const OptionSpec& minRatingsOption = neighbourOptionTable().at(0);
    options.minRatings = static_cast<std::uint32_t>(a.tableNumber(minRatingsOption).value_or(minRatingsOption.defaultNumber));
    if (a.has("--model") && a.has("--output-vectors"))
        throw UsageError("--output-vectors goes with --vectors; a model file carries its own output vectors");
    if (a.has("--vectors") && !a.has("--output-vectors"))
        throw UsageError("--vectors needs --output-vectors (train's --out-output), or give --model MODEL.m2v");
    Catalogue catalogue = loadCatalogue(a, nullptr);
    std::vector<std::uint32_t> ratings;
    Matrix output, nextInput, nextOutput;  // the next model's: 0 rows without one
    Vectors vectors = readVectorsOption(a, catalogue, &ratings, &output, &nextInput, &nextOutput);
    const std::string vectorsPath = a.has("--model") ? a.text("--model") : a.text("--vectors");
    if (a.has("--vectors")) output = outputVectorsFor(vectors.ids, static_cast<int>(vectors.values.cols()), a.text("--output-vectors"));
    SimilarityIndex index(vectors.ids, vectors.values, std::move(ratings));
    RecommendResult result;
    try {
        result = recommend(index, {&vectors.values, &output, &nextInput, &nextOutput}, history, options);
    } catch (const NoOutputVectors& e) {
        throw std::runtime_error(vectorsPath + ": " + e.what());
    }
    for (int32_t id : result.unknown) err << "note: movie " << id << " of --history is not in " << vectorsPath << "; skipped\n";
    if (result.unknown.size() == history.size())
        throw std::runtime_error("no movie of --history is in " + vectorsPath + ": nothing to recommend from");
    // Columns: movieId, title (empty when unknown), score, the history movie contributing most.
    for (const Recommendation& r : result.items) {
        const MovieInfo* info = catalogue.find(r.movieId);
        out << r.movieId << '\t' << (info ? info->title : "") << '\t' << std::fixed << std::setprecision(4) << r.score << '\t'
            << r.because << '\n';
    }
    return 0;
}

}  // namespace m2v
