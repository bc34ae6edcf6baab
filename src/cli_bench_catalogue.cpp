// movie2vec bench-catalogue: rating and movies files with a MovieLens-25M/32M-sized catalogue.
#include <ostream>

#include "catalogue_bench.h"
#include "cli_common.h"

namespace m2v {

int commandBenchCatalogue(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
    CliArgs a(args, {"--ratings", "--movies", "--out", "--out-movies", "--copies", "--head"});
    CatalogueBenchOptions o;
    const std::string ratings = a.has("--ratings") ? a.text("--ratings") : "web/sample/ml-latest-small/ratings.csv";
    const std::string movies = a.has("--movies") ? a.text("--movies") : "web/sample/ml-latest-small/movies.csv";
    if (!a.has("--out") || !a.has("--out-movies")) throw UsageError("give --out RATINGS.csv and --out-movies MOVIES.csv");
    o.copies = static_cast<std::size_t>(a.whole("--copies", static_cast<long long>(o.copies), 1, 1000));
    o.head = static_cast<std::size_t>(a.whole("--head", static_cast<long long>(o.head), 0, 1'000'000'000));
    const CatalogueBenchFile r = writeCatalogueFiles(ratings, movies, a.text("--out"), a.text("--out-movies"), o);
    out << "bench-catalogue: " << a.text("--out") << ": " << withThousands(r.ratings) << " ratings, " << withThousands(r.users)
        << " users, " << withThousands(r.movies) << " movies (" << withThousands(r.headMovies) << " shared by the "
        << o.copies << " copies, the rest renumbered per copy: copy c's movie m is m + c x " << r.idStride << "); "
        << withThousands(r.fewerThan10) << " movies have fewer than 10 ratings\n"
        << "bench-catalogue: " << a.text("--out-movies") << ": their titles (a tail copy's with \" #c\" before the year)\n";
    return 0;
}

}  // namespace m2v
