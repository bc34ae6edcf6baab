// The movie2vec command line (train, similar, map, inspect, eval, sequences, convert, bench,
// bench-ingest, help). The same code runs natively and under Node as WebAssembly.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace m2v {

// Returns the exit code: 0 ok, 1 bad data or a failure, 2 bad usage (a UsageError, errors.h).
int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace m2v
