// The ratings loader and table: columns by header name, bad rows, unusable files, ordering, repeats, ml-latest-small.
#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>
#include <cstdio>
#include <tuple>
#include <map>
#include <string>
#include <vector>

#include "load_report.h"
#include "random.h"
#include "ratings.h"

using namespace m2v;

namespace {

RatingsTable load(const std::string& text, LoadReport* report = nullptr, std::size_t chunk = 0) {
    RatingsLoader loader("ratings.csv");
    if (chunk == 0) {
        loader.feed(text);
    } else {
        for (std::size_t at = 0; at < text.size(); at += chunk) loader.feed(std::string_view(text).substr(at, chunk));
    }
    RatingsTable table = loader.finish();
    if (report) *report = loader.report();
    return table;
}

// userId -> movies in sequence order, for ratings >= minRating.
std::map<int32_t, std::vector<int32_t>> sequences(const RatingsTable& t, float minRating = -1e30f) {
    std::map<int32_t, std::vector<int32_t>> out;
    t.forEachSequence(minRating, [&](int32_t user, const int32_t* m, std::size_t n) { out[user].assign(m, m + n); });
    return out;
}

// The rating user gave movie, or -1.
float ratingOf(const RatingsTable& t, int32_t user, int32_t movie) {
    for (std::size_t u = 0; u < t.userIds_.size(); ++u)
        if (t.userIds_[u] == user)
            for (std::size_t j = t.offsets_[u]; j < t.offsets_[u + 1]; ++j)
                if (t.row(j).movie == movie) return t.row(j).rating;
    return -1;
}

using Seqs = std::map<int32_t, std::vector<int32_t>>;

}  // namespace

TEST_CASE("columns are found by header name") {
    SUBCASE("MovieLens header") {
        RatingsTable t = load("userId,movieId,rating,timestamp\n7,42,3.5,1000\n7,43,4.5,900\n8,44,2.0,1100\n");
        CHECK(t.ratingCount() == 3);
        CHECK(t.userCount() == 2);
        CHECK(sequences(t) == Seqs{{7, {43, 42}}, {8, {44}}});
        CHECK(ratingOf(t, 7, 42) == doctest::Approx(3.5));
    }
    SUBCASE("other names, any case, any order, extra columns ignored") {
        RatingsTable t = load("Timestamp,extra,RATING,item_id,User_Id\n1000,x,3.5,42,7\n900,y,4.5,43,7\n");
        CHECK(sequences(t) == Seqs{{7, {43, 42}}});
        CHECK(ratingOf(t, 7, 43) == doctest::Approx(4.5));
    }
    SUBCASE("user and item") {
        CHECK(sequences(load("user\titem\trating\n7\t42\t5\n")) == Seqs{{7, {42}}});
        CHECK(sequences(load("user_id;movie_id;rating\n7;42;3,5\n")) == Seqs{{7, {42}}});
    }
    SUBCASE("MovieLens 1M/10M ratings.dat (user::item::rating::timestamp) and 100K u.data (tabs), in any chunks") {
        const std::string dat = "1::1193::5::978300760\n1::661::3::978302109\n2::1357::5::978298709\n1::914::3::978301968\n";
        for (std::size_t chunk : {0, 1, 2, 3, 5, 7}) {
            CAPTURE(chunk);
            LoadReport report;
            RatingsTable t = load(dat, &report, chunk);
            CHECK(report.rowsKept == 4);
            CHECK(sequences(t) == Seqs{{1, {1193, 914, 661}}, {2, {1357}}});
            CHECK(ratingOf(t, 1, 661) == doctest::Approx(3.0));
        }
        CHECK(sequences(load("196\t242\t3\t881250949\n196\t302\t3\t881250948\n")) == Seqs{{196, {302, 242}}});
    }
    SUBCASE("no header: user, item, rating, timestamp") {
        LoadReport report;
        RatingsTable t = load("7,42,3.5,1000\n7,43,4.5,900\n", &report);
        CHECK(report.rowsRead == 2);
        CHECK(sequences(t) == Seqs{{7, {43, 42}}});
        CHECK(ratingOf(t, 7, 43) == doctest::Approx(4.5));
    }
    SUBCASE("no rating column: implicit feedback, rating 1") {
        LoadReport report;
        RatingsTable t = load("userId,movieId,timestamp\n7,42,1000\n7,43,900\n", &report);
        CHECK(ratingOf(t, 7, 42) == 1.0f);
        CHECK(sequences(t) == Seqs{{7, {43, 42}}});
        CHECK(report.notes == std::vector<std::string>{"No rating column: every row counts as a positive rating of 1 (implicit feedback)."});
    }
    SUBCASE("no timestamp column: rows keep their order") {
        RatingsTable t = load("userId,movieId\n7,50\n8,1\n7,42\n7,45\n");
        CHECK(sequences(t) == Seqs{{7, {50, 42, 45}}, {8, {1}}});
    }
    SUBCASE("missing user or movie column") {
        CHECK_THROWS_WITH_AS(load("a,b,c\nx,y,z\n"), "ratings.csv: no user column (expected userId, user_id or user; found: a, b, c)",
                             LoadError);
        CHECK_THROWS_WITH_AS(load("userId,film,rating\n1,2,3\n"),
                             "ratings.csv: no movie column (expected movieId, movie_id, item, itemId or item_id; found: userId, film, rating)",
                             LoadError);
        CHECK_THROWS_WITH_AS(load("7\n8\n"),
                             "ratings.csv:1: found one column; a ratings file needs user and movie columns, separated by commas, tabs, semicolons or \"::\"",
                             LoadError);
    }
}

TEST_CASE("sequences are ordered by (timestamp, movieId) and a repeat keeps the latest rating") {
    SUBCASE("ties in time break by movieId; users come in ascending id order whatever the file order") {
        RatingsTable t = load("userId,movieId,rating,timestamp\n9,30,1,500\n3,20,2,700\n9,10,3,500\n3,5,4,600\n9,40,5,100\n");
        CHECK(t.userIds_ == std::vector<int32_t>{3, 9});
        CHECK(sequences(t) == Seqs{{3, {5, 20}}, {9, {40, 10, 30}}});
    }
    SUBCASE("the latest timestamp wins, wherever it is in the file") {
        LoadReport report;
        RatingsTable t = load("userId,movieId,rating,timestamp\n7,42,5.0,300\n7,43,1.5,200\n7,42,2.0,100\n", &report);
        CHECK(t.ratingCount() == 2);
        CHECK(ratingOf(t, 7, 42) == doctest::Approx(5.0));
        CHECK(sequences(t) == Seqs{{7, {43, 42}}});
        CHECK(report.rowsKept == 3);
        CHECK(report.notes == std::vector<std::string>{"1 row repeated a (user, movie) pair; the latest rating of each was kept."});
    }
    SUBCASE("same timestamp: the later row wins, sorted or not by user") {
        CHECK(ratingOf(load("userId,movieId,rating,timestamp\n7,42,2.0,100\n7,42,4.5,100\n"), 7, 42) == doctest::Approx(4.5));
        CHECK(ratingOf(load("userId,movieId,rating,timestamp\n7,42,2.0,100\n3,1,1,1\n7,42,4.5,100\n3,2,1,1\n"), 7, 42) ==
              doctest::Approx(4.5));
    }
    SUBCASE("when most of a user's consecutive ratings share a timestamp, a note says their order is movieId's") {
        const std::string note =
            " of each user's consecutive ratings share a timestamp: within one timestamp movies go in movieId order, which "
            "\"What to watch next\" learns as if it were the order they were watched in.";
        LoadReport report;
        // User 7: three movies in one second (2 ties of 2); user 8: two seconds (0 of 1): 2 of 3.
        load("userId,movieId,rating,timestamp\n7,42,2.5,1000000\n8,5,1.5,1000001\n7,40,3.5,1000000\n7,41,4.5,1000000\n"
             "8,6,0.5,1000002\n",
             &report);
        CHECK(report.notes == std::vector<std::string>{"66.7%" + note});
        // Half exactly (1 of 2) still notes; 1 of 3 does not; a repeated (user, movie) is not a pair.
        load("userId,movieId,rating,timestamp\n7,42,2,100\n7,43,3,100\n7,44,4,200\n", &report);
        CHECK(report.notes == std::vector<std::string>{"50.0%" + note});
        load("userId,movieId,rating,timestamp\n7,42,2,100\n7,43,3,100\n7,44,4,200\n7,45,5,300\n", &report);
        CHECK(report.notes.empty());
        load("userId,movieId,rating,timestamp\n7,42,2,100\n7,42,3,100\n7,44,4,200\n7,45,5,300\n", &report);
        CHECK(report.notes == std::vector<std::string>{"1 row repeated a (user, movie) pair; the latest rating of each was kept."});
        // Without a timestamp column nothing ties.
        load("userId,movieId,rating\n7,42,2\n7,43,3\n", &report);
        CHECK(report.notes == std::vector<std::string>{"No timestamp column: each user's movies keep the order of the rows."});
    }
    SUBCASE("in a file of dates without times a user's movies of one day go in an order of the user's own") {
        // Users 7 and 8 rate movies 1..20 on 2005-09-06 (in id order in the file), then 100 and 50 on later days.
        std::string text = "userId,movieId,rating,timestamp\n";
        for (int user : {7, 8}) {
            for (int movie = 1; movie <= 20; ++movie) text += std::to_string(user) + "," + std::to_string(movie) + ",3.5,2005-09-06\n";
            text += std::to_string(user) + ",100,4.5,2005-09-07\n" + std::to_string(user) + ",50,1.5,2005-09-08\n";
        }
        LoadReport report;
        RatingsTable t = load(text, &report);
        const Seqs seqs = sequences(t);
        REQUIRE(seqs.size() == 2);
        std::vector<int32_t> byId(20);
        std::iota(byId.begin(), byId.end(), 1);
        for (const auto& [user, movies] : seqs) {
            REQUIRE(movies.size() == 22);
            const std::vector<int32_t> day(movies.begin(), movies.begin() + 20);
            CHECK(day != byId);  // 1 in 20! to stay in id order by chance
            CHECK(std::is_permutation(day.begin(), day.end(), byId.begin()));
            CHECK(std::vector<int32_t>(movies.begin() + 20, movies.end()) == std::vector<int32_t>{100, 50});  // days still order
        }
        CHECK(seqs.at(7) != seqs.at(8));  // each user's own order
        CHECK(sequences(load(text, nullptr, 7)) == seqs);  // the same in any chunking, load after load
        CHECK(report.notes == std::vector<std::string>{
                                  "The timestamps are dates without times (90.5% of each user's consecutive ratings share one): a "
                                  "user's movies of one day go in an order of that user's own, not by movieId, as the file does not "
                                  "say which came first."});
        // Unix seconds at midnights are days too; one timestamp within a day makes the file one of moments (movieId order).
        CHECK(sequences(load("userId,movieId,rating,timestamp\n7,1,1,86400\n7,2,2,86400\n7,3,3,86400\n7,4,4,86400\n7,5,5,86400\n"
                             "7,6,1,86400\n7,7,2,86400\n7,8,3,86400\n")) != Seqs{{7, {1, 2, 3, 4, 5, 6, 7, 8}}});
        CHECK(sequences(load("userId,movieId,rating,timestamp\n7,1,1,86400\n7,2,2,86400\n7,3,3,86400\n7,4,4,86400\n7,5,5,86400\n"
                             "7,6,1,86400\n7,7,2,86400\n7,8,3,86401\n")) == Seqs{{7, {1, 2, 3, 4, 5, 6, 7, 8}}});
        // A repeat on one day: the later row still wins.
        CHECK(ratingOf(load("userId,movieId,rating,timestamp\n7,42,2.0,2005-09-06\n7,43,1,2005-09-06\n7,42,4.5,2005-09-06\n"), 7, 42) ==
              doctest::Approx(4.5));
    }
    SUBCASE("without timestamps the later row is the latest") {
        RatingsTable t = load("userId,movieId,rating\n7,42,2.0\n7,43,3.0\n7,42,4.5\n");
        CHECK(ratingOf(t, 7, 42) == doctest::Approx(4.5));
        CHECK(sequences(t) == Seqs{{7, {43, 42}}});
    }
    SUBCASE("movie ids too sparse for the dense path") {
        RatingsTable t = load("user,item,rating,timestamp\n1,2000000000,1,5\n1,-2000000000,2,5\n1,2000000000,3,6\n2,7,4,1\n");
        CHECK(sequences(t) == Seqs{{1, {-2000000000, 2000000000}}, {2, {7}}});
        CHECK(ratingOf(t, 1, 2000000000) == doctest::Approx(3));
        CHECK(t.distinctMovieIds() == std::vector<int32_t>{-2000000000, 7, 2000000000});
    }
}

// Long runs take the radix path (64 rows or more whose movies ascend), others std::sort: both
// must give what the definition says, checked against a slow reference on random users with
// ties of time, repeated movies and times on both sides of 2038 (the stored value's sign); and
// the same rows shuffled (not grouped by user), which the loader first groups in place.
TEST_CASE("long users: the same order and repeats as a plain sort, on every path") {
    std::uint64_t state = 12345;
    auto next = [&] {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return state >> 33;
    };
    struct Row {
        int32_t user;
        long long time;
        int32_t movie;
        std::size_t row;
        float rating;
    };
    std::vector<Row> file;
    for (int32_t user = 1; user <= 40; ++user) {
        const std::size_t n = user % 4 == 0 ? 10 + next() % 50 : 64 + next() % 400;
        const bool ascending = user % 3 != 0;  // every third user's movies in random order
        const long long base = user % 2 ? 1'000'000'000 : 3'000'000'000;  // either side of 2^31
        std::vector<int32_t> movies;
        for (std::size_t j = 0; j < n; ++j) movies.push_back(static_cast<int32_t>(1 + next() % 300));  // repeats
        if (ascending) std::sort(movies.begin(), movies.end());
        for (int32_t movie : movies) {
            const long long time = base + static_cast<long long>(next() % (user % 5 == 0 ? 3 : 100000));  // ties
            file.push_back({user * 7 - 100, time, movie, 0, static_cast<float>(1 + next() % 5)});  // negative ids too
        }
    }
    for (const bool shuffled : {false, true}) {
        CAPTURE(shuffled);
        if (shuffled)
            for (std::size_t i = file.size(); i > 1; --i) std::swap(file[i - 1], file[next() % i]);
        std::string csv = "userId,movieId,rating,timestamp\n";
        std::map<int32_t, std::vector<Row>> rows;
        for (std::size_t i = 0; i < file.size(); ++i) {
            Row r = file[i];
            r.row = i;
            rows[r.user].push_back(r);
            csv += std::to_string(r.user) + "," + std::to_string(r.movie) + "," + std::to_string(static_cast<int>(r.rating)) +
                   "," + std::to_string(r.time) + "\n";
        }
        const RatingsTable t = load(csv);
        const auto got = sequences(t);
        CHECK(got.size() == rows.size());
        for (auto& [user, list] : rows) {
            CAPTURE(user);
            // Of each movie the latest (time, row) copy; then ordered by (time, movie).
            std::map<int32_t, Row> latest;
            for (const Row& r : list) {
                auto it = latest.find(r.movie);
                if (it == latest.end() || std::tie(r.time, r.row) > std::tie(it->second.time, it->second.row)) latest[r.movie] = r;
            }
            std::vector<Row> kept;
            for (auto& [movie, r] : latest) kept.push_back(r);
            std::sort(kept.begin(), kept.end(), [](const Row& a, const Row& b) { return std::tie(a.time, a.movie) < std::tie(b.time, b.movie); });
            std::vector<int32_t> expected;
            for (const Row& r : kept) expected.push_back(r.movie);
            REQUIRE(got.count(user) == 1);
            CHECK(got.at(user) == expected);
            for (const Row& r : kept) CHECK(ratingOf(t, user, r.movie) == r.rating);
        }
    }
}

TEST_CASE("forEachSequence applies minRating and skips users left empty") {
    RatingsTable t = load("userId,movieId,rating,timestamp\n1,10,4.5,1\n1,11,2.0,2\n1,12,4.0,3\n2,10,1.0,1\n3,13,5.0,1\n");
    CHECK(sequences(t, 4.0f) == Seqs{{1, {10, 12}}, {3, {13}}});
    CHECK(sequences(t, 0.5f) == Seqs{{1, {10, 11, 12}}, {2, {10}}, {3, {13}}});
    CHECK(t.distinctMovies() == 4);
}

TEST_CASE("bad rows are skipped and reported with their line") {
    LoadReport report;
    RatingsTable t = load(
        "userId,movieId,rating,timestamp\n"
        "1,10,abc,100\n"          // 2
        "x1,11,4.0,100\n"         // 3
        "1,,4.0,100\n"            // 4
        "1,12,nan,100\n"          // 5
        "1,13,4.0,99999999999\n"  // 6
        "1,14\n"                  // 7
        "1,\"15\n\",4.0,100\n"    // 8-9: a quoted newline moves the next line on
        "1,16,3.0,200\n"          // 10
        "1.5,17,3.0,200\n"        // 11
        "1,18,inf,200\n"          // 12
        "1,19,,200\n"             // 13
        "1,20,3.0,2005-13-01\n"   // 14
        "1,21,3.0,200,\n"         // 15: a trailing delimiter is tolerated
        "1,22,3.0,200,x\n"        // 16
        "99999999999,23,1,1\n",   // 17
        &report);
    CHECK(report.file == "ratings.csv");
    CHECK(report.kind == "ratings");
    CHECK(report.rowsRead == 15);
    CHECK(report.rowsKept == 2);
    CHECK(report.rowsSkipped == 13);
    CHECK(report.problems == std::vector<std::string>{
                                 "ratings.csv:2: rating \"abc\" is not a number",
                                 "ratings.csv:3: userId \"x1\" is not a whole number",
                                 "ratings.csv:4: movieId \"\" is empty",
                                 "ratings.csv:5: rating \"nan\" is not a finite number",
                                 "ratings.csv:6: timestamp \"99999999999\" is out of range (1970 to 2106)",
                                 "ratings.csv:7: expected 4 fields, found 2",
                                 "ratings.csv:8: movieId \"15\n\" is not a whole number",
                                 "ratings.csv:11: userId \"1.5\" is not a whole number",
                                 "ratings.csv:12: rating \"inf\" is not a finite number",
                                 "ratings.csv:13: rating \"\" is empty",
                                 "ratings.csv:14: timestamp \"2005-13-01\" is not a Unix time or a date (YYYY-MM-DD)",
                                 "ratings.csv:16: expected 4 fields, found 5",
                                 "ratings.csv:17: userId \"99999999999\" is out of range",
                             });
    CHECK(sequences(t) == Seqs{{1, {16, 21}}});
}

TEST_CASE("timestamps: seconds, fractions, milliseconds, ISO dates, beyond 2038; order is what counts") {
    LoadReport report;
    // Every row of user 1 in another form; the movie ids give the expected order.
    RatingsTable t = load(
        "userId,movieId,rating,timestamp\n"
        "1,50,4,4102444800\n"            // 2100-01-01: past int32 seconds
        "1,30,4,2005-09-07 10:00:00\n"   // 1126087200
        "1,10,4,1126000000.75\n"         // fractional seconds
        "1,40,4,1126087201000\n"         // milliseconds: one second after movie 30
        "1,20,4,2005-09-06T12:00Z\n"     // 1126008000
        "1,60,4,4102444800000000\n",     // microseconds, the same instant as movie 50, larger id
        &report);
    CHECK(report.rowsSkipped == 0);
    CHECK(sequences(t) == Seqs{{1, {10, 20, 30, 40, 50, 60}}});
}

TEST_CASE("only the first 20 problems are kept, all are counted") {
    std::string text = "userId,movieId,rating\n";
    for (int i = 0; i < 30; ++i) text += "u" + std::to_string(i) + ",1,1\n";
    text += "5,6,7\n";
    LoadReport report;
    load(text, &report);
    CHECK(report.rowsSkipped == 30);
    REQUIRE(report.problems.size() == LoadReport::kMaxProblems);
    CHECK(report.problems.back() == "ratings.csv:21: userId \"u19\" is not a whole number");
}

TEST_CASE("files that cannot be used") {
    CHECK_THROWS_WITH_AS(load(""), "ratings.csv: the file is empty", LoadError);
    CHECK_THROWS_WITH_AS(load("\xEF\xBB\xBF\r\n\n"), "ratings.csv: the file is empty", LoadError);
    CHECK_THROWS_WITH_AS(load("userId,movieId,rating,timestamp\n"), "ratings.csv: has a header but no data rows", LoadError);
    CHECK_THROWS_WITH_AS(load("userId,movieId,rating,timestamp\n1,2,abc,4\n1,3,xyz,5\n"),
                         "ratings.csv: no usable rows (first problem: ratings.csv:2: rating \"abc\" is not a number)", LoadError);
    CHECK_THROWS_WITH_AS(load(std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16)), "ratings.csv: this looks like a binary file, not CSV text",
                         LoadError);
    CHECK_THROWS_WITH_AS(load(std::string("\xFF\xFEu\0s\0e\0r\0", 10)),
                         "ratings.csv: this file is UTF-16 text; save it as UTF-8 (in Excel: \"CSV UTF-8\") and load it again", LoadError);
    CHECK_THROWS_WITH_AS(loadRatingsFile("/nonexistent/ratings.csv"), "cannot open \"/nonexistent/ratings.csv\": No such file or directory",
                         LoadError);
}

TEST_CASE("the same table whatever the chunk size") {
    const std::string text = "\xEF\xBB\xBFuserId,movieId,rating,timestamp\r\n3,30,4.5,10\r\n3,31,1.0,5\r\n1,40,3.0,7\r\n1,41,2.5,7";
    const Seqs expected{{1, {40, 41}}, {3, {31, 30}}};
    for (std::size_t chunk = 1; chunk <= text.size(); ++chunk) {
        CAPTURE(chunk);
        RatingsTable t = load(text, nullptr, chunk);
        CHECK(sequences(t) == expected);
        CHECK(ratingOf(t, 1, 41) == doctest::Approx(2.5));
    }
}

// `fast` and `general` load to the same table and the same report.
void checkSameLoad(const std::string& fast, const std::string& general, std::size_t chunk) {
    LoadReport fastReport, generalReport;
    RatingsTable a = load(fast, &fastReport, chunk), b = load(general, &generalReport, chunk);
    CHECK(fastReport.rowsRead == generalReport.rowsRead);
    CHECK(fastReport.rowsKept == generalReport.rowsKept);
    CHECK(fastReport.rowsSkipped == generalReport.rowsSkipped);
    CHECK(fastReport.problems == generalReport.problems);
    CHECK(fastReport.notes == generalReport.notes);
    REQUIRE(a.userIds_ == b.userIds_);
    REQUIRE(a.offsets_ == b.offsets_);
    for (std::size_t j = 0; j < a.ratingCount(); ++j) {
        CHECK(a.row(j).movie == b.row(j).movie);
        CHECK(a.row(j).rating == b.row(j).rating);  // the same float, not nearly
    }
}

// Files in MovieLens's column order separated by commas or "::" take the loader's fast path for
// plain rows ("7,42,3.5,964982703"); the same text separated by tabs never does. Every kind of odd
// line between plain ones, at every chunk size, must give the same table and the same report.
TEST_CASE("plain rows read by the fast path give what the CSV reader gives, odd lines between them") {
    const std::vector<std::string> odd = {
        "\"7\"D42D3.5D1000",  "7D42D3.5D1000D",        " 7D42D3.5D1000",      "7D42D-1D1000",   "7D42D3e0D1000",
        "7D42D3.5",           "7D42D3.5D1000D9",       "",                    "7D42D3.5D2020-01-02",
        "7D42D4.D1000",       "7D42D.5D1000",          "7D42D3.5D1700000000123", "9999999999D42D3.5D1000",
        "7D42D3.5D9999999999", "7D42D3.5D4294967295",  "7D42D1234567D1000",   "7D42D3.1234567D1000",
        "7D\"4\n2\"D3D1000",  "0D0D0D0",               "7D42D3.5D 1000",      "7D42D3.5D1000 ",
    };
    Rng rng(11);
    for (int round = 0; round < 40; ++round) {
        // "::" files have no quoting: every other round leaves out the odd lines with quotes, and
        // those rounds read the same text with "::" too.
        const bool unquoted = round % 2 == 1;
        std::string text = "userIdDmovieIdDratingDtimestamp\n";
        const int lines = 50 + static_cast<int>(rng.below(400));
        for (int i = 0; i < lines; ++i) {
            if (rng.below(6) == 0) {
                std::string line = odd[rng.below(odd.size())];
                while (unquoted && line.find('"') != std::string::npos) line = odd[rng.below(odd.size())];
                text += line;
            } else {
                static const char* ratings[] = {"4", "3.5", "0.5", "5.0", "03.25", "10", "2.125", "3.3", "0.1", "2.7"};
                // Users mostly ascending (MovieLens), sometimes not.
                const auto user = rng.below(8) == 0 ? rng.below(50) : static_cast<std::uint64_t>(i / 20);
                text += std::to_string(user) + "D" + std::to_string(rng.below(100000)) + "D" + ratings[rng.below(10)] + "D" +
                        std::to_string(rng.below(4000000000ull));
            }
            const auto end = rng.below(10);
            text += end == 0 ? "\r\n" : end == 1 && i > 0 ? "\r" : "\n";
        }
        if (rng.below(2)) text.pop_back();  // no final newline
        std::string csv = text, tsv = text, dat;
        std::replace(csv.begin(), csv.end(), 'D', ',');
        std::replace(tsv.begin(), tsv.end(), 'D', '\t');
        for (char c : text) dat += c == 'D' ? std::string("::") : std::string(1, c);
        for (std::size_t chunk : {std::size_t(0), std::size_t(1), std::size_t(7), std::size_t(64), std::size_t(4096)}) {
            CAPTURE(round);
            CAPTURE(chunk);
            checkSameLoad(csv, tsv, chunk);
            if (unquoted) checkSameLoad(dat, tsv, chunk);
        }
    }
}

TEST_CASE("ml-latest-small") {
    LoadReport report;
    RatingsTable t = loadRatingsFile(M2V_SOURCE_DIR "/web/sample/ml-latest-small/ratings.csv", &report);
    CHECK(t.ratingCount() == 100836);
    CHECK(t.userCount() == 610);
    CHECK(t.distinctMovies() == 9724);
    CHECK(report.rowsRead == 100836);
    CHECK(report.rowsKept == 100836);
    CHECK(report.rowsSkipped == 0);
    CHECK(report.problems.empty());
    // User 1's first rows in the file are 1,1,4.0,964982703 and 1,3,4.0,964981247: by time, 3 comes first.
    bool checked = false;
    t.forEachSequence(0.0f, [&](int32_t user, const int32_t* m, std::size_t n) {
        if (user != 1) return;
        checked = true;
        CHECK(n == 232);
        const int32_t* one = std::find(m, m + n, 1);
        const int32_t* three = std::find(m, m + n, 3);
        CHECK(three < one);
    });
    CHECK(checked);
    std::size_t fourAndUp = 0;
    t.forEachSequence(4.0f, [&](int32_t, const int32_t*, std::size_t n) { fourAndUp += n; });
    CHECK(fourAndUp == 48580);  // ratings 4.0, 4.5 and 5.0 in the file
}

TEST_CASE("a table larger than the loader's first block of memory") {
    // 700,000 rows of 16 bytes outgrow the 8 MiB the loader makes usable at a time.
    std::string text = "userId,movieId,rating,timestamp\n";
    for (int i = 0; i < 700000; ++i)
        text += std::to_string(i / 7) + "," + std::to_string(1000 - i % 7) + "," + std::to_string(1 + i % 5) + "," +
                std::to_string(5000 + i % 3) + "\n";
    RatingsTable t = load(text, nullptr, 1 << 20);
    CHECK(t.ratingCount() == 700000);
    CHECK(t.userCount() == 100000);
    CHECK(t.distinctMovieIds() == std::vector<int32_t>{994, 995, 996, 997, 998, 999, 1000});
    // User 99999 has rows i = 699993..699999: movies 1000-(i%7), times 5000+(i%3).
    std::vector<int32_t> last;
    t.forEachSequence(0.0f, [&](int32_t user, const int32_t* m, std::size_t n) {
        if (user == 99999) last.assign(m, m + n);
    });
    CHECK(last == std::vector<int32_t>{994, 997, 1000, 996, 999, 995, 998});
}

TEST_CASE("hostile rows: negative ratings are kept with a note, repeats are counted once") {
    LoadReport report;
    RatingsTable t = load(
        "userId,movieId,rating,timestamp\n"
        "1,10,-3,100\n"
        "1,11,4,101\n"
        "1,11,4,101\n"
        "1,11,4,101\n",
        &report);
    CHECK(report.rowsKept == 4);
    CHECK(t.ratingCount() == 2);
    CHECK(report.notes == std::vector<std::string>{"1 rating is below 0 (kept; a minimum rating drops them).",
                                                   "2 rows repeated a (user, movie) pair; the latest rating of each was kept."});
    CHECK(sequences(t, 0.0f) == Seqs{{1, {11}}});
}
