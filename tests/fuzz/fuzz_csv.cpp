// Fuzzes the streaming CSV reader: no crash, no hang, and the same records whatever the chunking.
#include <cstdlib>
#include <string>
#include <vector>

#include "csv.h"
#include "fuzz_common.h"
#include "load_report.h"

namespace {

std::vector<std::string> readAll(std::string_view text, std::size_t chunk, bool& failed) {
    std::vector<std::string> records;
    m2v::CsvReader reader([&](const std::vector<std::string_view>& fields, std::size_t line) {
        std::string r = std::to_string(line);
        for (auto f : fields) r.append("|").append(f);
        records.push_back(std::move(r));
    });
    try {
        for (std::size_t at = 0; at < text.size(); at += chunk) reader.feed(text.substr(at, chunk));
        reader.finish();
    } catch (const m2v::LoadError&) {
        failed = true;
    }
    return records;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t chunk = static_cast<std::size_t>(data[0]) + 1;
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    bool failedWhole = false, failedChunked = false;
    const auto whole = readAll(text, text.size() + 1, failedWhole);
    const auto chunked = readAll(text, chunk, failedChunked);
    // Chunking must never change what is read (an error may only come at the same place).
    if (!failedWhole && !failedChunked && whole != chunked) std::abort();
    if (failedWhole != failedChunked) std::abort();
    return 0;
}
