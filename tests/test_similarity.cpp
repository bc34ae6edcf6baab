// Nearest neighbours by cosine, "more like these", analogies, and the word2vec text format.
#include <doctest/doctest.h>

#include <sstream>

#include "similarity.h"
#include "title_search.h"
#include "vectors_io.h"

using namespace m2v;

namespace {

SimilarityIndex smallIndex() {
    Matrix v(5, 2);
    v << 1, 0,    // 10
        0.9, 0.1,  // 20: close to 10
        0, 1,      // 30
        0.1, 0.9,  // 40: close to 30
        -1, 0;     // 50: opposite of 10
    return SimilarityIndex({10, 20, 30, 40, 50}, v * 3.0f);  // scale must not matter
}

}  // namespace

TEST_CASE("similar: ranked by cosine, the movie itself excluded") {
    SimilarityIndex index = smallIndex();
    auto top = index.similar(10, 4);
    REQUIRE(top.size() == 4);
    CHECK(top[0].movieId == 20);
    CHECK(top[0].score == doctest::Approx(0.9 / std::sqrt(0.82)));
    CHECK(top.back().movieId == 50);
    CHECK(top.back().score == doctest::Approx(-1.0));
    for (const auto& n : top) CHECK(n.movieId != 10);
    CHECK(index.similar(10, 100).size() == 4);  // k larger than the catalogue
    CHECK_THROWS_WITH(index.similar(99, 3), doctest::Contains("movie 99 has no vector"));
}

TEST_CASE("more like these and analogies exclude their own movies") {
    SimilarityIndex index = smallIndex();
    auto like = index.moreLike({10, 30}, 3);
    REQUIRE(like.size() == 3);
    CHECK(like[0].movieId != 10);
    CHECK(like[0].movieId != 30);
    CHECK((like[0].movieId == 20 || like[0].movieId == 40));
    // 30 - 10 + 20 points towards 30's side without 30 itself: 40.
    auto a = index.analogy({30, 20}, {10}, 1);
    REQUIRE(a.size() == 1);
    CHECK(a[0].movieId == 40);
}

TEST_CASE("minimum ratings: rarely rated movies are left out of every list, but can still be queried") {
    Matrix v(5, 2);
    v << 1, 0, 0.9, 0.1, 0, 1, 0.1, 0.9, -1, 0;
    const SimilarityIndex index({10, 20, 30, 40, 50}, v, {50, 2, 40, 30, 20});
    // 20 is 10's nearest, but rests on 2 ratings.
    auto top = index.similar(10, 4, 5);
    REQUIRE(top.size() == 3);
    CHECK(top[0].movieId == 40);
    CHECK(top[0].ratings == 30);
    for (const auto& n : top) CHECK(n.ratings >= 5);
    auto all = index.similar(10, 4, 0);
    REQUIRE(all.size() == 4);
    CHECK(all[0].movieId == 20);
    CHECK(all[0].ratings == 2);
    // A query below the minimum gets its list too.
    auto rare = index.similar(20, 2, 5);
    REQUIRE(rare.size() == 2);
    CHECK(rare[0].movieId == 10);
    CHECK(index.moreLike({30}, 4, 25).size() == 2);       // 10 and 40: 30 is the query, 20 and 50 have fewer
    CHECK(index.analogy({30}, {10}, 4, 35).size() == 0);  // only 10 has 35 or more, and it is in the query
    // Without counts nothing is filtered, and counts read 0.
    const SimilarityIndex unknown({10, 20, 30, 40, 50}, v);
    CHECK(unknown.similar(10, 4, 1000).size() == 4);
    CHECK(unknown.similar(10, 1)[0].ratings == 0);
    CHECK_THROWS_WITH(SimilarityIndex({10, 20}, Matrix::Zero(2, 2), {1}), "similarity index: 1 rating counts for 2 movies");
}

TEST_CASE("word2vec text format round-trips and names the line of a bad row") {
    Matrix v(2, 3);
    v << 0.1f, -2.5f, 3.0e-7f, 1, 2, 3;
    const std::string text = toWord2VecText({7, 42}, v);
    CHECK(text.rfind("2 3\n7 ", 0) == 0);
    std::istringstream in(text);
    Vectors back = readWord2Vec(in, "v.txt");
    CHECK(back.ids == std::vector<int32_t>{7, 42});
    CHECK(back.values == v);

    auto read = [](const std::string& s) {
        std::istringstream in(s);
        return readWord2Vec(in, "v.txt");
    };
    CHECK_THROWS_WITH(read(""), doctest::Contains("v.txt: the file is empty"));
    CHECK_THROWS_WITH(read("2 x\n"), "v.txt:1: dimension \"x\" is not a whole number");
    CHECK_THROWS_WITH(read("2 2\n1 0.5 0.5\n"), "v.txt:3: the file ends after 1 of 2 vectors");
    CHECK_THROWS_WITH(read("1 2\n1 0.5 abc\n"), "v.txt:2: \"abc\" is not a finite number");
    CHECK_THROWS_WITH(read("1 2\n1 0.5\n"), "v.txt:2: expected 2 numbers after the movie id, found 1");
    CHECK_THROWS_WITH(read("2 1\n5 1\n5 2\n"), "v.txt:3: movie id 5 appears twice");
    CHECK_THROWS_WITH(read("1 2\n1 nan 0\n"), "v.txt:2: \"nan\" is not a finite number");
}

TEST_CASE("title search: case- and accent-insensitive, best match first") {
    CHECK(foldForSearch("  Amélie (2001) ") == "amelie 2001");
    CHECK(foldForSearch("LÉON: The Professional") == "leon the professional");
    CHECK(foldForSearch("Straße") == "strasse");
    TitleSearch search;
    search.add(1, "Toy Story (1995)", 5);
    search.add(3114, "Toy Story 2 (1999)", 4);
    search.add(4886, "Monsters, Inc. (2001)", 3);
    search.add(4973, "Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)", 2);
    search.add(9, "Story of Us, The (1999)", 9);
    auto hits = search.find("toy story (1995)", 5);
    REQUIRE(!hits.empty());
    CHECK(hits[0].movieId == 1);
    CHECK(hits[0].score == doctest::Approx(1.0));
    hits = search.find("toy story", 5);
    REQUIRE(hits.size() == 2);
    CHECK(hits[0].movieId == 1);  // prefix for both: the heavier wins
    CHECK(search.find("AMELIE", 5).at(0).movieId == 4973);
    CHECK(search.find("story", 5).at(0).movieId == 9);  // a prefix beats a word inside
    CHECK(search.find("monsters inc", 5).at(0).movieId == 4886);
    CHECK(search.find("zzz", 5).empty());
    CHECK(search.find("", 5).empty());
}
