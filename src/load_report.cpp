#include "load_report.h"

#include <cstdio>

namespace m2v {

void LoadReport::skip(std::size_t line, const std::string& reason) {
    ++rowsSkipped;
    if (problems.size() < kMaxProblems) problems.push_back(atLine(file, line, reason));
}

std::string shortNumber(double x) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", x);
    return text;
}

std::string withThousands(std::uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

}  // namespace m2v
