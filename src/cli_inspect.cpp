// movie2vec inspect: the load report of each file, without training.
#include <limits>
#include <ostream>
#include <unordered_map>

#include "cli_common.h"
#include "ratings.h"

namespace m2v {

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
    out << "users " << withThousands(ratings.userCount()) << ", ratings " << withThousands(ratings.ratingCount())
        << ", movies rated " << withThousands(movies);
    if (a.has("--movies")) out << ", with titles " << withThousands(titled) << ", without " << withThousands(movies - titled);
    out << '\n';
    return 0;
}

}  // namespace m2v
