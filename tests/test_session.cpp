// The Session the page and the module use: files in chunks, training in steps, and what a
// movies file loaded after training changes (titles, not vectors); untitled movies by name.
#include <doctest/doctest.h>

#include <string>

#include "session.h"

using namespace m2v;

namespace {

void load(Session& s, const std::string& kind, const std::string& name, const std::string& text) {
    s.beginFile(kind, name);
    s.feed(text);
    s.finishFile();
}

void train(Session& s) {
    TrainOptions o;
    o.dim = 4;
    o.epochs = 2;
    s.prepare(o, -1e30f);
    while (!s.trainStep(1000).done) {
    }
}

const char* kRatings = "userId,movieId,rating,timestamp\n1,10,4,1\n1,20,3,2\n1,30,3,3\n2,10,5,3\n2,20,1,4\n2,30,1,5\n";

}  // namespace

TEST_CASE("an untitled movie is found by the name it is shown under, and by its id") {
    Session s;
    load(s, "ratings", "ratings.csv", kRatings);
    train(s);
    for (const char* query : {"Movie 20", "movie 20", "20"}) {
        CAPTURE(query);
        const auto found = s.search(query, 1);
        REQUIRE(found.size() == 1);
        CHECK(found[0].movieId == 20);
    }
}

TEST_CASE("a movies file loaded after training gives titles and keeps the vectors") {
    Session s;
    load(s, "ratings", "ratings.csv", kRatings);
    train(s);
    const auto before = s.similar(10, 2);
    load(s, "movies", "movies.csv", "movieId,title,genres\n10,Ten (1990),Drama\n20,Twenty (1991),Comedy\n");
    REQUIRE(s.trained());
    const auto after = s.similar(10, 2);
    REQUIRE(after.size() == before.size());
    for (std::size_t i = 0; i < after.size(); ++i) {
        CHECK(after[i].movieId == before[i].movieId);
        CHECK(after[i].score == before[i].score);
    }
    CHECK(s.search("twenty", 1).at(0).movieId == 20);
    CHECK(s.summary().notes == std::vector<std::string>{"1 of 3 rated movies have no title in the movies file; they are shown by id."});
}

TEST_CASE("summary notes write counts with thousands separators") {
    Session s;
    std::string ratings = "userId,movieId\n";
    for (int m = 1; m <= 1200; ++m) ratings += "1," + std::to_string(m) + "\n2," + std::to_string(m) + "\n";
    load(s, "ratings", "ratings.csv", ratings);
    load(s, "movies", "movies.csv", "movieId,title,genres\n1,One (1990),Drama\n");
    CHECK(s.summary().notes == std::vector<std::string>{"1,199 of 1,200 rated movies have no title in the movies file; they are shown by id."});
}
