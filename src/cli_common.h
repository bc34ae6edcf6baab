// What the CLI's commands share: a load report on a stream, the movie catalogue of
// --movies/--links, the vectors of --vectors/--model, the training options; and the commands
// themselves, one file each, for the dispatch in cli.cpp.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "catalogue.h"
#include "cli_args.h"
#include "errors.h"
#include "load_report.h"
#include "trainer.h"
#include "vectors_io.h"

namespace m2v {

// "file (kind): N rows read, K kept, S skipped", then the problems and notes, indented.
void printReport(std::ostream& out, const LoadReport& r);

// --min-rating (the table's minRating); -infinity when left out: every rating is kept.
float readMinRating(const CliArgs& a);

// Loads --movies (and --links) when given, else an empty catalogue; reports to `log` (nullptr: silent).
Catalogue loadCatalogue(const CliArgs& a, std::ostream* log);

// The vectors of --vectors (word2vec text) or --model (a .m2v file, whose titles join the
// catalogue unless --movies gave one, and whose rating counts go to *ratings when it has them).
// output, when given, gets the model file's output vectors (0 rows when it has none), and
// nextInput and nextOutput its next model's (0 rows when it has none).
Vectors readVectorsOption(const CliArgs& a, Catalogue& catalogue, std::vector<std::uint32_t>* ratings = nullptr,
                          Matrix* output = nullptr, Matrix* nextInput = nullptr, Matrix* nextOutput = nullptr);

// `names` and the flag of every training option (option_table.h).
std::set<std::string> withTrainingOptions(std::set<std::string> names);
// The training options given (their ranges and choices are the table's), over `o`.
TrainOptions readTrainOptions(const CliArgs& a, TrainOptions o = TrainOptions());

// The commands, one file each (cli_train.cpp, ...). Each returns the exit code and throws
// UsageError for bad use, anything else for bad data or a failure (runCli in cli.cpp maps them).
int commandTrain(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandSimilar(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandMap(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandInspect(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandEval(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandSequences(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandRecommend(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandConvert(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandBench(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandBenchIngest(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandBenchCatalogue(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace m2v
