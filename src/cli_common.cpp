#include "cli_common.h"

#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <ostream>

#include "model_file.h"

namespace m2v {

void printReport(std::ostream& out, const LoadReport& r) {
    out << r.file << " (" << r.kind << "): " << withThousands(r.rowsRead) << " rows read, " << withThousands(r.rowsKept)
        << " kept, " << withThousands(r.rowsSkipped) << " skipped\n";
    for (const auto& p : r.problems) out << "  " << p << '\n';
    if (r.problems.size() == LoadReport::kMaxProblems && r.rowsSkipped > r.problems.size())
        out << "  ... and " << withThousands(r.rowsSkipped - r.problems.size()) << " more skipped rows\n";
    for (const auto& n : r.notes) out << "  note: " << n << '\n';
}

float readMinRating(const CliArgs& a) {
    const auto value = a.tableNumber(trainOption("minRating"));
    return value ? static_cast<float>(*value) : -std::numeric_limits<float>::infinity();
}

Catalogue loadCatalogue(const CliArgs& a, std::ostream* log) {
    Catalogue catalogue;
    auto moviesPath = a.optionalText("--movies");
    auto linksPath = a.optionalText("--links");
    if (!moviesPath) {
        if (linksPath) throw UsageError("--links goes with --movies (a Kaggle movies_metadata.csv)");
        return catalogue;
    }
    LoadReport moviesReport, linksReport;
    MetadataTable metadata = loadMetadataFile(*moviesPath, &moviesReport);
    if (log) printReport(*log, moviesReport);
    std::optional<LinksTable> links;
    if (linksPath) {
        links = loadLinksFile(*linksPath, &linksReport);
        if (log) printReport(*log, linksReport);
    }
    std::vector<std::string> notes;
    catalogue = Catalogue::build(metadata, links ? &*links : nullptr, &notes);
    if (log)
        for (const auto& n : notes) *log << "note: " << n << '\n';
    return catalogue;
}

// The vectors of --vectors (word2vec text) or --model (a .m2v file, whose titles join the
// catalogue unless --movies gave one, and whose rating counts go to *ratings when it has them).
Vectors readVectorsOption(const CliArgs& a, Catalogue& catalogue, std::vector<std::uint32_t>* ratings, Matrix* output,
                          Matrix* nextInput, Matrix* nextOutput) {
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
    if (output) *output = std::move(model.output);
    if (nextInput) *nextInput = std::move(model.nextInput);
    if (nextOutput) *nextOutput = std::move(model.nextOutput);
    return {std::move(model.ids), std::move(model.vectors)};
}

// `names` and the flag of every training option.
std::set<std::string> withTrainingOptions(std::set<std::string> names) {
    for (const OptionSpec& s : trainOptionTable()) names.insert(s.flag);
    return names;
}

// The training options given (their ranges and choices are the table's), over `o`.
TrainOptions readTrainOptions(const CliArgs& a, TrainOptions o) {
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

}  // namespace m2v
