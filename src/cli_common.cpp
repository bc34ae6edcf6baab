#include "cli_common.h"

#include <limits>
#include <optional>
#include <ostream>

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

}  // namespace m2v
