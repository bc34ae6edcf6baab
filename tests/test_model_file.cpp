// The .m2v model file: exact round trip, int8 quantisation that keeps neighbours, and clear
// refusals of corrupt, truncated and foreign files.
#include <doctest/doctest.h>

#include <cstring>
#include <set>

#include "model_file.h"
#include "ratings.h"
#include "recommend.h"
#include "similarity.h"
#include "trainer.h"

using namespace m2v;

namespace {

ModelData smallModel() {
    ModelData m;
    m.ids = {1, 42, 7};
    m.movies = {{"Toy Story (1995)", 1995, {"Animation", "Comedy"}}, {"Amélie (2001)", 2001, {}}, {"", 0, {}}};
    m.vectors.resize(3, 4);
    m.vectors << 0.5f, -0.25f, 1e-3f, 3.0f, -1, 2, -3, 4, 0, 0, 0, 0;
    return m;
}

void setU32(std::string& bytes, std::size_t at, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

// Rewrites the trailing checksum so a test can reach the checks behind it.
void reseal(std::string& bytes) { setU32(bytes, bytes.size() - 4, crc32(std::string_view(bytes).substr(0, bytes.size() - 4))); }

}  // namespace

TEST_CASE("model file round-trips exactly, little-endian, with its header") {
    const ModelData m = smallModel();
    const std::string bytes = saveModel(m, false);
    CHECK(bytes.substr(0, 4) == std::string("M2V\0", 4));
    CHECK(static_cast<unsigned char>(bytes[4]) == kModelFileVersion);  // version, low byte first
    CHECK(crc32("123456789") == 0xCBF43926u);  // the standard CRC-32 check value
    const ModelData back = loadModel(bytes);
    CHECK(back.ids == m.ids);
    CHECK(back.vectors == m.vectors);
    REQUIRE(back.movies.size() == 3);
    CHECK(back.movies[0].title == "Toy Story (1995)");
    CHECK(back.movies[0].year == 1995);
    CHECK(back.movies[0].genres == std::vector<std::string>{"Animation", "Comedy"});
    CHECK(back.movies[1].title == "Amélie (2001)");
    CHECK(back.movies[2].title.empty());
}

TEST_CASE("rating counts: stored with flag 4 in float and int8 files; files without them open with none") {
    ModelData m = smallModel();
    m.ratings = {1234, 7, 0x89ABCDEFu};  // distinct bytes: a swapped or shifted count cannot pass
    for (bool int8 : {false, true}) {
        const std::string bytes = saveModel(m, int8);
        CHECK(static_cast<unsigned char>(bytes[8]) == (int8 ? 7 : 4));
        const ModelData back = loadModel(bytes);
        CHECK(back.ratings == m.ratings);
        CHECK(back.ids == m.ids);
        CHECK(back.movies[1].title == "Amélie (2001)");
        if (!int8) CHECK(back.vectors == m.vectors);
        // Every prefix is still refused.
        for (std::size_t n = 0; n < bytes.size(); n += 7) CHECK_THROWS(loadModel(std::string_view(bytes).substr(0, n)));
    }
    const ModelData without = loadModel(saveModel(smallModel(), false));
    CHECK(without.ratings.empty());
    m.ratings.pop_back();
    CHECK_THROWS_WITH(saveModel(m, false), "model: ids, movies, ratings and vectors differ in length");
}

TEST_CASE("output vectors: stored with flag 8 in float and int8 files; files without them open with none") {
    ModelData m = smallModel();
    m.ratings = {1234, 7, 0x89ABCDEFu};
    m.output.resize(3, 4);
    m.output << 2.5f, 0.125f, -7, 1e-2f, 3, -1, 0.5f, 0.25f, -0.75f, 8, 1, -2;  // unlike the input rows
    for (bool int8 : {false, true}) {
        const std::string bytes = saveModel(m, int8);
        CHECK(static_cast<unsigned char>(bytes[8]) == (int8 ? 15 : 12));
        const ModelData back = loadModel(bytes);
        CHECK(back.ratings == m.ratings);
        REQUIRE(back.output.rows() == 3);
        REQUIRE(back.output.cols() == 4);
        if (!int8) {
            CHECK(back.vectors == m.vectors);
            CHECK(back.output == m.output);
        } else {
            for (Eigen::Index i = 0; i < 3; ++i)
                CHECK((back.output.row(i) - m.output.row(i)).norm() < 0.02f * m.output.row(i).norm());
        }
        for (std::size_t n = 0; n < bytes.size(); n += 5) CHECK_THROWS(loadModel(std::string_view(bytes).substr(0, n)));
    }
    // A file written before output vectors (flag 4 only) still opens, with none.
    ModelData old = smallModel();
    old.ratings = m.ratings;
    const ModelData back = loadModel(saveModel(old, false));
    CHECK(back.output.rows() == 0);
    m.output.conservativeResize(2, 4);
    CHECK_THROWS_WITH(saveModel(m, false), "model: the output vectors differ in shape from the input vectors");
}

TEST_CASE("a next model: stored with flag 16 after the output vectors, float and int8; files without it open with none") {
    ModelData m = smallModel();
    m.output.resize(3, 4);
    m.output << 2.5f, 0.125f, -7, 1e-2f, 3, -1, 0.5f, 0.25f, -0.75f, 8, 1, -2;
    m.nextInput = m.output * 0.5f;
    m.nextInput(1, 2) = 4;
    m.nextOutput = -m.output;
    m.nextOutput(2, 0) = 6;
    for (bool int8 : {false, true}) {
        const std::string bytes = saveModel(m, int8);
        CHECK(static_cast<unsigned char>(bytes[8]) == (int8 ? 27 : 24));
        const ModelData back = loadModel(bytes);
        REQUIRE(back.nextInput.rows() == 3);
        REQUIRE(back.nextOutput.rows() == 3);
        CHECK(back.nextInput.cols() == 4);
        if (!int8) {
            CHECK(back.output == m.output);
            CHECK(back.nextInput == m.nextInput);
            CHECK(back.nextOutput == m.nextOutput);
        } else {
            for (Eigen::Index i = 0; i < 3; ++i) {
                CHECK((back.nextInput.row(i) - m.nextInput.row(i)).norm() < 0.02f * m.nextInput.row(i).norm());
                CHECK((back.nextOutput.row(i) - m.nextOutput.row(i)).norm() < 0.02f * m.nextOutput.row(i).norm());
            }
        }
        for (std::size_t n = 0; n < bytes.size(); n += 5) CHECK_THROWS(loadModel(std::string_view(bytes).substr(0, n)));
    }
    // Without output vectors (a file for "similar" only) the next model is left out too.
    ModelData lean = m;
    lean.output.resize(0, 4);
    const ModelData leanBack = loadModel(saveModel(lean, false));
    CHECK(leanBack.nextInput.rows() == 0);
    // A file without it (flag 8 alone) opens with none.
    ModelData old = m;
    old.nextInput.resize(0, 4);
    old.nextOutput.resize(0, 4);
    const ModelData oldBack = loadModel(saveModel(old, false));
    CHECK(oldBack.output.rows() == 3);
    CHECK(oldBack.nextInput.rows() == 0);
    CHECK(oldBack.nextOutput.rows() == 0);
    m.nextOutput.conservativeResize(2, 4);
    CHECK_THROWS_WITH(saveModel(m, false), "model: the next model's vectors differ in shape from the input vectors");
}

TEST_CASE("int8 files: written with an offset (flags 3); the older one-scale form (flags 1) still reads") {
    const ModelData m = smallModel();
    const std::string bytes = saveModel(m, true);
    CHECK(static_cast<unsigned char>(bytes[8]) == 3);
    const ModelData back = loadModel(bytes);
    CHECK(back.ids == m.ids);
    CHECK(back.movies[1].title == "Amélie (2001)");
    CHECK(back.vectors.row(2).isZero());
    for (Eigen::Index i = 0; i < 2; ++i) {
        CHECK(back.vectors.row(i).norm() == doctest::Approx(m.vectors.row(i).norm()).epsilon(1e-3));
        CHECK(back.vectors.row(i).normalized().dot(m.vectors.row(i).normalized()) > 0.9999f);
    }
    // The flags-1 layout by hand: the movie entries as in the float file, then { scale | 4 x i8 } each.
    const std::string floats = saveModel(m, false);
    std::string old = floats.substr(0, floats.size() - 4 - 3 * 4 * sizeof(float));
    setU32(old, 8, 1);
    const float scales[3] = {3.0f / 127, 4.0f / 127, 1.0f};
    const signed char codes[3][4] = {{21, -11, 0, 127}, {-32, 64, -95, 127}, {0, 0, 0, 0}};
    for (int i = 0; i < 3; ++i) {
        std::uint32_t raw;
        std::memcpy(&raw, &scales[i], 4);
        old.append(4, '\0');
        setU32(old, old.size() - 4, raw);
        old.append(reinterpret_cast<const char*>(codes[i]), 4);
    }
    old.append(4, '\0');
    reseal(old);
    const ModelData legacy = loadModel(old);
    CHECK(legacy.vectors(0, 3) == doctest::Approx(3.0));
    CHECK(legacy.vectors(1, 2) == doctest::Approx(-95 * 4.0 / 127));
    CHECK(legacy.vectors.row(2).isZero());
}

TEST_CASE("model file refuses what it cannot trust, saying why") {
    const std::string good = saveModel(smallModel(), false);
    CHECK_THROWS_WITH(loadModel(""), doctest::Contains("not a movie2vec model file"));
    CHECK_THROWS_WITH(loadModel("\x89PNG\r\n\x1a\n"), doctest::Contains("not a movie2vec model file"));
    CHECK_THROWS_WITH(loadModel(std::string_view(good).substr(0, good.size() / 2)), doctest::Contains("corrupt or truncated"));
    std::string flipped = good;
    flipped[40] ^= 0x10;
    CHECK_THROWS_WITH(loadModel(flipped), "model file is corrupt or truncated (checksum mismatch)");
    std::string future = good;
    setU32(future, 4, 2);
    reseal(future);
    CHECK_THROWS_WITH(loadModel(future), "model file version 2 is not supported (this movie2vec reads version 1)");
    std::string huge = good;
    setU32(huge, 12, 19'000'000);  // a count the bytes cannot hold
    reseal(huge);
    CHECK_THROWS_WITH(loadModel(huge), doctest::Contains("truncated"));
    std::string noDim = good;
    setU32(noDim, 16, 0);
    reseal(noDim);
    CHECK_THROWS_WITH(loadModel(noDim), "model file: dimension 0 is out of range");
    // 16 (a next model) without 8 (output vectors), and bits no movie2vec writes.
    for (std::uint32_t flags : {2u, 6u, 16u, 20u, 32u, 63u}) {
        std::string unknown = good;
        setU32(unknown, 8, flags);
        reseal(unknown);
        CHECK_THROWS_WITH(loadModel(unknown), ("model file has unknown flags " + std::to_string(flags) + " (written by a newer movie2vec?)").c_str());
    }
    // Every prefix is refused, never read past its end (the sanitizer build checks the reads).
    for (std::size_t n = 0; n < good.size(); ++n) CHECK_THROWS(loadModel(std::string_view(good).substr(0, n)));
}

// With the defaults on ml-latest-small, rounding alone keeps the top-10 set of 87-91% of movies
// (near-ties at rank 10); with quantizeInt8's repair it is about 99% (the target is 90%).
TEST_CASE("int8 model keeps the top-10 neighbours of at least 90% of movies") {
    RatingsTable ratings = loadRatingsFile(std::string(M2V_SOURCE_DIR) + "/web/sample/ml-latest-small/ratings.csv");
    Vocabulary vocabulary;
    Corpus corpus = buildCorpus(ratings, -1e30f, 1, &vocabulary);
    TrainOptions o;
    o.nextModel = 0;  // CBOW's vectors, the same with it; the next model's int8 form: eval --int8 (docs/quality.md)
    Trainer t(std::move(corpus), std::move(vocabulary), o);
    t.run();
    ModelData m;
    m.ids = t.vocabulary().ids();
    m.movies.resize(m.ids.size());
    m.vectors = t.model().input;
    m.output = t.model().output;
    for (std::uint64_t n : t.vocabulary().counts()) m.ratings.push_back(static_cast<std::uint32_t>(n));  // as train saves them
    const std::string full = saveModel(m, false), small = saveModel(m, true);
    CHECK(small.size() * 3 < full.size());
    const ModelData q = loadModel(small);
    SimilarityIndex exact(m.ids, m.vectors), quantized(q.ids, q.vectors);
    std::size_t same = 0, kept = 0, checked = 0;
    for (std::size_t i = 0; i < m.ids.size(); i += 7, ++checked) {
        std::set<int32_t> a, b;
        for (const auto& n : exact.similar(m.ids[i], 10)) a.insert(n.movieId);
        for (const auto& n : quantized.similar(m.ids[i], 10)) b.insert(n.movieId);
        same += a == b;
        for (int32_t id : a) kept += b.count(id);
    }
    MESSAGE("identical top-10 after int8: " << same << " of " << checked << "; entries kept " << kept << " of " << 10 * checked);
    CHECK(same >= checked * 95 / 100);  // the target is 90%; measured about 99%
    CHECK(kept >= checked * 10 * 99 / 100);
    // Recommendations (docs/quality.md, "int8 recommendations"): each user's movies as the history
    // (the last 5 the query). The aim is the same top-10 set for 95% of the users; rounding for
    // the scores keeps it for about 94% (plain rounding: 87%). A floor here, not the aim.
    const std::vector<std::uint32_t> none;
    Recommender floatModel(m.vectors, m.output, none), int8Model(q.vectors, q.output, none);
    std::size_t sameNext = 0, histories = 0;
    ratings.forEachSequence(-1e30f, [&](int32_t, const int32_t* movies, std::size_t n) {
        std::vector<int32_t> history;
        for (std::size_t i = 0; i < n; ++i) history.push_back(t.vocabulary().indexOf(movies[i]));
        std::set<int32_t> a, b;
        for (const auto& r : floatModel.recommendRows(history, RecommendOptions())) a.insert(r.row);
        for (const auto& r : int8Model.recommendRows(history, RecommendOptions())) b.insert(r.row);
        sameNext += a == b;
        ++histories;
    });
    MESSAGE("identical top-10 recommendations after int8: " << sameNext << " of " << histories);
    CHECK(sameNext >= histories * 92 / 100);
    // The repair only nudges: every vector keeps its direction to well within 0.001 of cosine.
    for (Eigen::Index i = 0; i < m.vectors.rows(); ++i)
        REQUIRE(m.vectors.row(i).normalized().dot(q.vectors.row(i).normalized()) > 0.999f);
}
