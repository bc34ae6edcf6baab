// Fuzzes the CLI's argument parser: NUL-separated arguments.
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli_args.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> args(1);
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == 0) args.emplace_back();
        else args.back().push_back(static_cast<char>(data[i]));
    }
    try {
        m2v::CliArgs a(args, {"--ratings", "--dim", "--lr", "-k"}, {"--quiet"});
        a.whole("--dim", 64, 1, 1024);
        a.number("--lr", 0.025, 1e-6, 1.0);
        a.optionalText("--ratings");
        a.whole("-k", 10, std::numeric_limits<long long>::min(), std::numeric_limits<long long>::max());
    } catch (const std::invalid_argument&) {
    }
    return 0;
}
