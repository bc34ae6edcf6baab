#include "vectors_io.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

#include "errors.h"

namespace m2v {

void writeWord2Vec(std::ostream& out, const std::vector<int32_t>& ids, const Matrix& values) {
    out << values.rows() << ' ' << values.cols() << '\n';
    char buffer[32];
    for (Eigen::Index r = 0; r < values.rows(); ++r) {
        out << ids[r];
        for (Eigen::Index c = 0; c < values.cols(); ++c) {
            // %.9g round-trips every float exactly.
            std::snprintf(buffer, sizeof buffer, " %.9g", static_cast<double>(values(r, c)));
            out << buffer;
        }
        out << '\n';
    }
}

std::string toWord2VecText(const std::vector<int32_t>& ids, const Matrix& values) {
    std::ostringstream out;
    writeWord2Vec(out, ids, values);
    return out.str();
}

namespace {

[[noreturn]] void fail(const std::string& name, std::size_t line, const std::string& what) {
    throw LoadError(atLine(name, line, what));
}

long parseWhole(const std::string& token, const std::string& name, std::size_t line, const char* what) {
    errno = 0;
    char* end = nullptr;
    const long value = std::strtol(token.c_str(), &end, 10);
    if (token.empty() || *end != '\0' || errno == ERANGE)
        fail(name, line, std::string(what) + " \"" + token + "\" is not a whole number");
    return value;
}

}  // namespace

Vectors readWord2Vec(std::istream& in, const std::string& name) {
    std::string line;
    if (!std::getline(in, line)) throw std::runtime_error(name + ": the file is empty (expected word2vec text: \"N D\" then one vector per line)");
    std::istringstream header(line);
    std::string countText, dimText, extra;
    header >> countText >> dimText;
    if (dimText.empty() || (header >> extra))
        fail(name, 1, "expected the word2vec header \"N D\" (count and dimension), found \"" + line.substr(0, 60) + "\"");
    const long count = parseWhole(countText, name, 1, "vector count");
    const long dim = parseWhole(dimText, name, 1, "dimension");
    if (count < 1 || count > 50'000'000) fail(name, 1, "vector count " + countText + " is out of range (1 to 50000000)");
    if (dim < 1 || dim > 4096) fail(name, 1, "dimension " + dimText + " is out of range (1 to 4096)");
    Vectors v;
    v.ids.reserve(count);
    v.values.resize(count, dim);
    std::unordered_set<int32_t> seen;
    std::string token;
    for (long r = 0; r < count; ++r) {
        const std::size_t lineNo = static_cast<std::size_t>(r) + 2;
        if (!std::getline(in, line))
            fail(name, lineNo, "the file ends after " + std::to_string(r) + " of " + countText + " vectors");
        std::istringstream row(line);
        if (!(row >> token)) fail(name, lineNo, "empty line, expected \"movieId v1 ... v" + dimText + "\"");
        const long id = parseWhole(token, name, lineNo, "movie id");
        if (id < INT32_MIN || id > INT32_MAX) fail(name, lineNo, "movie id " + token + " is out of range");
        if (!seen.insert(static_cast<int32_t>(id)).second) fail(name, lineNo, "movie id " + token + " appears twice");
        v.ids.push_back(static_cast<int32_t>(id));
        for (long c = 0; c < dim; ++c) {
            if (!(row >> token))
                fail(name, lineNo, "expected " + dimText + " numbers after the movie id, found " + std::to_string(c));
            char* end = nullptr;
            const float value = std::strtof(token.c_str(), &end);
            if (*end != '\0' || !std::isfinite(value)) fail(name, lineNo, "\"" + token + "\" is not a finite number");
            v.values(r, c) = value;
        }
        if (row >> token) fail(name, lineNo, "more than " + dimText + " numbers after the movie id");
    }
    return v;
}

Vectors readWord2VecFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open \"" + path + "\": " + std::strerror(errno));
    return readWord2Vec(in, path);
}

}  // namespace m2v
