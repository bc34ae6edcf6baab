// Vectors written by other word2vec tools, read in chunks, the format detected:
//   text:   "N D", then per vector a line "token v1 ... vD" (gensim's save_word2vec_format,
//           word2vec.c -binary 0, fastText .vec); or the same lines without the "N D" line
//           (Spark's vectors written one per line, GloVe), D taken from the first line.
//   binary: "N D\n", then per vector the token, a space and D little-endian float32, with or
//           without a newline after (word2vec.c -binary 1, gensim binary=True).
// Tokens are movie ids (the corpus of `movie2vec sequences`). The end-of-sentence token "</s>"
// that word2vec.c and fastText add is skipped with a note; any other token that is not a whole
// number is skipped and listed in the report ("file:line: reason"). Errors throw LoadError:
// a file that is not vectors, a repeated movie, a vector of another dimension, a number that is
// not finite, fewer or more vectors than the header says. Text errors name the line; binary
// errors name the vector and its byte offset.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "load_report.h"
#include "vectors_io.h"

namespace m2v {

class Word2VecReader {
public:
    static constexpr std::size_t kMaxVectors = 20'000'000;  // as a model file holds
    static constexpr std::size_t kMaxDim = 4096;
    static constexpr std::size_t kMaxLineBytes = 1 << 20;
    static constexpr std::size_t kMaxTokenBytes = 4096;  // binary format: bytes before the space
    static constexpr std::size_t kMaxValueBytes = std::size_t(1) << 30;  // all vectors, as float32

    explicit Word2VecReader(std::string fileName);
    ~Word2VecReader();
    Word2VecReader(const Word2VecReader&) = delete;
    Word2VecReader& operator=(const Word2VecReader&) = delete;

    void feed(std::string_view chunk);
    // The movies' vectors, in the file's order. Throws LoadError.
    Vectors finish();
    // kind: "word2vec-text" or "word2vec-binary"; rows: vectors read, kept (movie ids), skipped.
    const LoadReport& report() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Reads a whole file in chunks. Throws LoadError (also for a missing file).
Vectors readWord2VecVectorsFile(const std::string& path, LoadReport* report = nullptr);

}  // namespace m2v
