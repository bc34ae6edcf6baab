// The movie2vec command line: train, similar, inspect, help. The same code runs natively and
// under Node as WebAssembly.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace m2v {

// Returns the exit code: 0 ok, 1 bad input or failure, 2 bad usage.
int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace m2v
