// What loading one file did: counts, the first problems as "file:line: reason", and notes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "errors.h"  // LoadError

namespace m2v {

struct LoadReport {
    static constexpr std::size_t kMaxProblems = 20;

    std::string file;   // the name the user gave the file
    std::string kind;   // "ratings", "movielens-movies", "kaggle-metadata", "links"
    std::size_t rowsRead = 0;     // data rows, header excluded
    std::size_t rowsKept = 0;
    std::size_t rowsSkipped = 0;
    std::vector<std::string> problems;  // at most kMaxProblems, "file:line: reason"
    std::vector<std::string> notes;     // plain sentences for the user

    // Counts a skipped row and keeps its reason while fewer than kMaxProblems are kept.
    void skip(std::size_t line, const std::string& reason);
};

// 1234567 -> "1,234,567", for counts in notes.
std::string withThousands(std::uint64_t n);
// 0.5 -> "0.5", 1 -> "1" (not std::to_string's "0.500000"), for numbers in messages.
std::string shortNumber(double x);

}  // namespace m2v
