// The reader of other tools' vectors: word2vec text with and without the header, binary with and without newlines, in any chunks, and every error with its place.
#include <doctest/doctest.h>

#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "load_report.h"
#include "word2vec_reader.h"

using namespace m2v;

namespace {

Vectors read(const std::string& bytes, LoadReport* report = nullptr, std::size_t chunk = 0) {
    Word2VecReader reader("vectors.txt");
    if (chunk == 0) {
        reader.feed(bytes);
    } else {
        for (std::size_t at = 0; at < bytes.size(); at += chunk) reader.feed(std::string_view(bytes).substr(at, chunk));
    }
    Vectors v = reader.finish();
    if (report) *report = reader.report();
    return v;
}

std::string floats(std::initializer_list<float> values) {
    std::string bytes;
    for (float f : values) {
        unsigned char b[4];
        std::memcpy(b, &f, 4);  // the tests run on little-endian machines (x86, WebAssembly), as the format is
        bytes.append(reinterpret_cast<const char*>(b), 4);
    }
    return bytes;
}

std::vector<float> row(const Vectors& v, Eigen::Index r) {
    return std::vector<float>(v.values.row(r).data(), v.values.row(r).data() + v.values.cols());
}

}  // namespace

TEST_CASE("word2vec text, as gensim, word2vec.c and fastText write it") {
    SUBCASE("gensim: header, one vector per line") {
        LoadReport report;
        Vectors v = read("3 2\n10 0.5 -1.25\n20 2 3e-1\n30 -0 4\n", &report);
        CHECK(v.ids == std::vector<int32_t>{10, 20, 30});
        CHECK(v.values.rows() == 3);
        CHECK(v.values.cols() == 2);
        CHECK(row(v, 0) == std::vector<float>{0.5f, -1.25f});
        CHECK(row(v, 1) == std::vector<float>{2.0f, 0.3f});
        CHECK(row(v, 2)[1] == 4.0f);
        CHECK(report.kind == "word2vec-text");
        CHECK(report.rowsRead == 3);
        CHECK(report.rowsKept == 3);
        CHECK(report.problems.empty());
    }
    SUBCASE("word2vec.c: a space after every number, </s> first; CRLF; a BOM") {
        LoadReport report;
        Vectors v = read("\xEF\xBB\xBF" "3 2\r\n</s> 0.1 0.2 \r\n7 1.5 2.5 \r\n8 3.5 4.5 \r\n", &report);
        CHECK(v.ids == std::vector<int32_t>{7, 8});
        CHECK(row(v, 1) == std::vector<float>{3.5f, 4.5f});
        CHECK(report.rowsRead == 3);
        CHECK(report.rowsSkipped == 1);
        CHECK(report.problems.empty());
        REQUIRE(report.notes.size() == 1);
        CHECK(report.notes[0].find("\"</s>\"") != std::string::npos);
    }
    SUBCASE("Spark or GloVe: no header, the dimension from the first line; no final newline") {
        Vectors v = read("5 1 2 3\n6 4 5 6", nullptr);
        CHECK(v.ids == std::vector<int32_t>{5, 6});
        CHECK(v.values.cols() == 3);
        CHECK(row(v, 1) == std::vector<float>{4, 5, 6});
    }
    SUBCASE("tokens that are not movie ids are skipped and listed with their line") {
        LoadReport report;
        Vectors v = read("4 2\n10 1 2\nthe 3 4\n99999999999 5 6\n20 7 8\n", &report);
        CHECK(v.ids == std::vector<int32_t>{10, 20});
        CHECK(row(v, 1) == std::vector<float>{7, 8});
        CHECK(report.rowsSkipped == 2);
        REQUIRE(report.problems.size() == 2);
        CHECK(report.problems[0] == "vectors.txt:3: \"the\" is not a movie id (a whole number); skipped");
        CHECK(report.problems[1] == "vectors.txt:4: \"99999999999\" is out of range for a movie id (a whole number); skipped");
    }
}

TEST_CASE("word2vec binary, as gensim (no newlines) and word2vec.c (a newline after each vector) write it") {
    const std::string gensim = "2 3\n" "10 " + floats({1, -2, 0.25f}) + "20 " + floats({-0.5f, 3, 4});
    const std::string word2vecC = "3 3\n" "</s> " + floats({0, 0, 0}) + "\n10 " + floats({1, -2, 0.25f}) + "\n20 " +
                                  floats({-0.5f, 3, 4}) + "\n";
    for (const std::string& bytes : {gensim, word2vecC}) {
        CAPTURE(bytes.size());
        LoadReport report;
        Vectors v = read(bytes, &report);
        CHECK(report.kind == "word2vec-binary");
        CHECK(v.ids == std::vector<int32_t>{10, 20});
        CHECK(row(v, 0) == std::vector<float>{1, -2, 0.25f});
        CHECK(row(v, 1) == std::vector<float>{-0.5f, 3, 4});
    }
    SUBCASE("a first float whose first byte is a newline is still binary") {
        float f;
        const unsigned char b[4] = {'\n', 0, 0x80, 0x3F};
        std::memcpy(&f, b, 4);
        Vectors v = read("1 2\n42 " + floats({f, 2}));
        CHECK(v.ids == std::vector<int32_t>{42});
        CHECK(row(v, 0) == std::vector<float>{f, 2});
    }
}

TEST_CASE("the chunks a file comes in change nothing") {
    const std::vector<std::string> files = {
        "4 2\n</s> 0 0\n10 1 2\nword 3 4\n20 5 6\n",
        "5 1 2 3\n6 4 5 6\n",
        "3 2\n</s> " + floats({0, 0}) + "\n10 " + floats({1, 2}) + "\n11 " + floats({-3, 4}) + "\n",
    };
    for (const std::string& file : files) {
        LoadReport whole;
        const Vectors expected = read(file, &whole);
        for (std::size_t chunk : {1, 2, 3, 7}) {
            CAPTURE(chunk);
            LoadReport report;
            const Vectors v = read(file, &report, chunk);
            CHECK(v.ids == expected.ids);
            CHECK(v.values == expected.values);
            CHECK(report.problems == whole.problems);
            CHECK(report.notes == whole.notes);
            CHECK(report.kind == whole.kind);
        }
    }
}

TEST_CASE("errors name the file, the line (text) or the vector and its byte (binary), and the reason") {
    auto error = [](const std::string& bytes) {
        try {
            read(bytes);
        } catch (const LoadError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(error("3 2\n10 1 2\n20 3 4\n10 5 6\n") ==
          "vectors.txt:4: movie 10 appears twice (first on line 2); each movie must have one vector");
    CHECK(error("2 3\n10 1 2 3\n20 4 5\n") == "vectors.txt:3: 2 numbers after \"20\", expected 3 (the dimension the header on line 1 gives)");
    CHECK(error("10 1 2 3\n20 4 5\n") == "vectors.txt:2: 2 numbers after \"20\", expected 3 (as the first vector, on line 1)");
    CHECK(error("2 2\n10 1 2\n20 3 nan\n") == "vectors.txt:3: \"nan\" is not a finite number");
    CHECK(error("2 2\n10 1 2\n20 3 x4\n") == "vectors.txt:3: \"x4\" is not a finite number");
    CHECK(error("3 2\n10 1 2\n20 3 4\n") == "vectors.txt:4: the file ends after 2 of the 3 vectors the header announces");
    CHECK(error("1 2\n10 1 2\n20 3 4\n") == "vectors.txt:3: more vectors than the 1 the header on line 1 announces");
    CHECK(error("") == "vectors.txt: the file is empty (expected word2vec vectors: \"N D\", then one vector per line)");
    CHECK(error("\n\n") == "vectors.txt: the file is empty (expected word2vec vectors: \"N D\", then one vector per line)");
    CHECK(error("0 64\n") == "vectors.txt:1: the header announces 0 vectors; a model holds 1 to 20,000,000");
    CHECK(error("2 5000\n") == "vectors.txt:1: the header gives dimension 5000; it must be 1 to 4096");
    CHECK(error("userId,movieId,rating,timestamp\n1,10,4.0,100\n") ==
          "vectors.txt:1: this is not word2vec vectors: expected the header \"N D\" or a vector \"movieId v1 ... vD\", found "
          "\"userId,movieId,rating,timestamp\"");
    CHECK(error(std::string("M2V\0\1\0\0\0", 8)) ==
          "vectors.txt: this is a movie2vec model file (.m2v), not word2vec vectors: use it as it is (--model)");
    CHECK(error("\x1f\x8b\x08\0") == "vectors.txt: this file is gzip-compressed; decompress it first (gunzip)");
    CHECK(error(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)) ==
          "vectors.txt: this looks like a binary file, not word2vec vectors (binary vectors start with a \"N D\" line)");
    CHECK(error("2 2\nthe 1 2\nof 3 4\n").rfind("vectors.txt: none of its 2 vectors are a movie's (vectors.txt:2: \"the\" is not a movie id", 0) == 0);
    // Binary.
    CHECK(error("2 2\n10 " + floats({1, 2}) + "10 " + floats({3, 4})) ==
          "vectors.txt: vector 2 (byte 15): movie 10 appears twice (first as vector 1); each movie must have one vector");
    CHECK(error("2 2\n10 " + floats({1, 2}) + "20 " + floats({3}).substr(0, 4)) ==
          "vectors.txt: vector 2 (byte 15): the file ends inside this vector (2 announced)");
    CHECK(error("3 2\n10 " + floats({1, 2}) + "20 " + floats({3, 4})) ==
          "vectors.txt: the file ends after 2 of the 3 vectors the header announces");
    CHECK(error("1 2\n10 " + floats({1, 2}) + "\n20 ") == "vectors.txt: byte 16: more data after the 1 vector the header announces");
    CHECK(error("1 2\n10 " + floats({1, std::numeric_limits<float>::infinity()})) ==
          "vectors.txt: vector 1 (byte 4): value 2 is not a finite number");
    CHECK(error("1 2\n" + std::string(5000, 'a') + " " + floats({1, 2})).find("the token is longer than 4096 bytes") != std::string::npos);
    CHECK(error("1 2\n" + std::string(2 << 20, '1')).find("vectors.txt:2: no space or line end within 1 MiB") == 0);
    CHECK(error("5 1 2\n" + std::string(2 << 20, '1')).find("vectors.txt:2: the line is longer than 1 MiB") == 0);
}
