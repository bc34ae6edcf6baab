// What the CLI's commands share: a load report on a stream,
// and the movie catalogue of --movies/--links. Commands that live in their own files are
// declared here for the dispatch in cli.cpp.
#pragma once

#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

#include "catalogue.h"
#include "cli_args.h"
#include "errors.h"
#include "load_report.h"

namespace m2v {

// "file (kind): N rows read, K kept, S skipped", then the problems and notes, indented.
void printReport(std::ostream& out, const LoadReport& r);

// --min-rating (the table's minRating); -infinity when left out: every rating is kept.
float readMinRating(const CliArgs& a);

// Loads --movies (and --links) when given, else an empty catalogue; reports to `log` (nullptr: silent).
Catalogue loadCatalogue(const CliArgs& a, std::ostream* log);

// movie2vec sequences (cli_sequences.cpp) and movie2vec convert (cli_convert.cpp); each returns
// the exit code and throws as the commands in cli.cpp do.
int commandSequences(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandConvert(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace m2v
