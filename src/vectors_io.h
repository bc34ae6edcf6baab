// word2vec's text format for vectors: a first line "N D", then one line per movie,
// "movieId v1 ... vD" (what gensim's KeyedVectors.load_word2vec_format reads).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "loss.h"

namespace m2v {

struct Vectors {
    std::vector<int32_t> ids;
    Matrix values;
};

void writeWord2Vec(std::ostream& out, const std::vector<int32_t>& ids, const Matrix& values);
std::string toWord2VecText(const std::vector<int32_t>& ids, const Matrix& values);
// Throws std::runtime_error naming name:line and what is wrong.
Vectors readWord2Vec(std::istream& in, const std::string& name);
Vectors readWord2VecFile(const std::string& path);

}  // namespace m2v
