// Movie metadata (MovieLens movies.csv, Kaggle movies_metadata.csv), links.csv, and the catalogue's links join.
#include <doctest/doctest.h>

#include <string>
#include <unordered_set>
#include <vector>

#include "catalogue.h"
#include "load_report.h"
#include "ratings.h"

using namespace m2v;

namespace {

MetadataTable loadMovies(const std::string& text, LoadReport* report = nullptr, const std::string& name = "movies.csv") {
    MoviesLoader loader(name);
    loader.feed(text);
    MetadataTable table = loader.finish();
    if (report) *report = loader.report();
    return table;
}

LinksTable loadLinks(const std::string& text, LoadReport* report = nullptr) {
    LinksLoader loader("links.csv");
    loader.feed(text);
    LinksTable table = loader.finish();
    if (report) *report = loader.report();
    return table;
}

using Genres = std::vector<std::string>;

const std::string kSample = M2V_SOURCE_DIR "/tests/fixtures/the-movies-dataset-sample/";
const std::string kSmall = M2V_SOURCE_DIR "/web/sample/ml-latest-small/";

}  // namespace

TEST_CASE("MovieLens movies.csv") {
    LoadReport report;
    MetadataTable t = loadMovies(
        "movieId,title,genres\n"
        "1,Toy Story (1995),Adventure|Animation|Children\n"
        "2,\"American President, The (1995)\",Comedy|Drama|Romance\n"
        "3,Babylon 5,Sci-Fi\n"
        "4,(500) Days of Summer (2009) ,Comedy\n"
        "5,Band of Brothers (2001-2001),(no genres listed)\n",
        &report);
    CHECK(report.kind == "movielens-movies");
    CHECK(report.rowsRead == 5);
    CHECK(report.rowsKept == 5);
    CHECK_FALSE(t.keyedByTmdb);
    REQUIRE(t.movies.size() == 5);
    CHECK(t.movies[1].title == "Toy Story (1995)");  // kept as given
    CHECK(t.movies[1].year == 1995);
    CHECK(t.movies[1].genres == Genres{"Adventure", "Animation", "Children"});
    CHECK(t.movies[2].title == "American President, The (1995)");
    CHECK(t.movies[2].genres == Genres{"Comedy", "Drama", "Romance"});
    CHECK(t.movies[3].year == 0);
    CHECK(t.movies[4].year == 2009);
    CHECK(t.movies[5].year == 2001);
    CHECK(t.movies[5].genres.empty());
}

TEST_CASE("MovieLens 1M/10M movies.dat and 100K u.item, without a header") {
    SUBCASE("movies.dat: id::title::genres, titles with commas, colons and quotes kept as they are") {
        LoadReport report;
        MetadataTable t = loadMovies(
            "1::Toy Story (1995)::Animation|Children's|Comedy\n"
            "11::American President, The (1995)::Comedy|Drama|Romance\n"
            "260::Star Wars: Episode IV - A New Hope (1977)::Action|Adventure|Fantasy|Sci-Fi\n"
            "4500::\"Great Performances\" Cats (1998)::Musical\n"
            "7789::11'09\"01 - September 11 (2002)::Drama\n",
            &report, "movies.dat");
        CHECK(report.kind == "movielens-movies");
        CHECK(report.rowsRead == 5);  // the first row is a movie, not a header
        CHECK(report.rowsKept == 5);
        REQUIRE(t.movies.size() == 5);
        CHECK(t.movies[1].title == "Toy Story (1995)");
        CHECK(t.movies[1].year == 1995);
        CHECK(t.movies[1].genres == Genres{"Animation", "Children's", "Comedy"});
        CHECK(t.movies[11].title == "American President, The (1995)");
        CHECK(t.movies[260].title == "Star Wars: Episode IV - A New Hope (1977)");
        CHECK(t.movies[4500].title == "\"Great Performances\" Cats (1998)");
        CHECK(t.movies[7789].title == "11'09\"01 - September 11 (2002)");
        CHECK(t.movies[7789].genres == Genres{"Drama"});
    }
    SUBCASE("a bad row names its line, as in any file") {
        // The delimiter is told from the first 20 lines, which agree; the short row comes after.
        std::string text;
        for (int k = 1; k <= 20; ++k) text += std::to_string(k) + "::Movie " + std::to_string(k) + " (1995)::Drama\n";
        text += "x::Jumanji (1995)::Adventure\n30::Heat (1995)\n";
        LoadReport report;
        MetadataTable t = loadMovies(text, &report, "movies.dat");
        CHECK(t.movies.size() == 20);
        REQUIRE(report.problems.size() == 2);
        CHECK(report.problems[0] == "movies.dat:21: movieId \"x\" is not a whole number");
        CHECK(report.problems[1] == "movies.dat:22: expected 3 fields, found 2");
    }
    SUBCASE("u.item: id|title|release date|video date|IMDb URL|19 genre flags") {
        LoadReport report;
        MetadataTable t = loadMovies(
            "1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n"
            "267|unknown||||1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n"
            "302|L.A. Confidential (1997)|01-Jan-1997||http://x|0|0|0|0|0|0|1|0|0|0|1|0|0|1|0|0|1|0|0\n"
            "1682|Mis\xE9rables, Les (1995)|01-Jan-1995||http://x|0|0|0|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|0\n",
            &report, "u.item");
        CHECK(report.kind == "movielens-movies");
        CHECK(report.rowsKept == 4);
        REQUIRE(t.movies.size() == 4);
        CHECK(t.movies[1682].title == "Mis\xC3\xA9rables, Les (1995)");  // written in Latin-1, read into UTF-8
        CHECK(t.movies[1].title == "Toy Story (1995)");
        CHECK(t.movies[1].genres == Genres{"Animation", "Children's", "Comedy"});
        CHECK(t.movies[267].genres.empty());  // the "unknown" flag is no genre
        CHECK(t.movies[302].genres == Genres{"Crime", "Film-Noir", "Mystery", "Thriller"});
    }
}

TEST_CASE("Kaggle movies_metadata.csv") {
    const std::string header = "adult,genres,id,imdb_id,original_title,release_date,title\n";
    SUBCASE("genres from the Python literal, year from the date, keyed by TMDB id") {
        LoadReport report;
        MetadataTable t = loadMovies(header +
                                         "False,\"[{'id': 16, 'name': 'Animation'}, {'id': 35, 'name': 'Comedy'}]\",862,tt0114709,"
                                         "Toy Story,1995-10-30,Toy Story\n"
                                         "False,\"[{'id': 10751, 'name': \"\"Children's\"\"}, {'id': 1, 'name': 'It\\'s'}]\",9,tt9,"
                                         "Orig,10/30/95,Kids\n"
                                         "False,[],10,tt10,Le Titre,3/22/12,\n"
                                         "False,[],11,tt11,Early,11/23/19,Early\n",
                                     &report, "movies_metadata.csv");
        CHECK(report.kind == "kaggle-metadata");
        CHECK(t.keyedByTmdb);
        CHECK(t.fileName == "movies_metadata.csv");
        REQUIRE(t.movies.count(862) == 1);
        CHECK(t.movies[862].title == "Toy Story");
        CHECK(t.movies[862].year == 1995);
        CHECK(t.movies[862].genres == Genres{"Animation", "Comedy"});
        CHECK(t.movies[9].genres == Genres{"Children's", "It's"});
        CHECK(t.movies[9].year == 1995);                // a spreadsheet's "10/30/95"
        CHECK(t.movies[10].title == "Le Titre");        // no title: the original title
        CHECK(t.movies[10].year == 2012);               // two-digit years up to 17 are 2000s
        CHECK(t.movies[11].year == 1919);
        CHECK(t.movies[10].genres.empty());
    }
    SUBCASE("a broken row with a date as id is skipped and reported") {
        LoadReport report;
        MetadataTable t = loadMovies(header + "False,[],862,tt0114709,Toy Story,1995-10-30,Toy Story\n"
                                              "- Written by Ørnås\",/p.jpg,1997-08-20,0,104\n"
                                              "False,[],862,tt0114709,Again,1995-10-30,Again\n"
                                              "False,[],863\n",
                                     &report, "movies_metadata.csv");
        CHECK(t.movies.size() == 1);
        CHECK(t.movies[862].title == "Toy Story");
        CHECK(report.problems == std::vector<std::string>{
                                     "movies_metadata.csv:3: id \"1997-08-20\" is not a number",
                                     "movies_metadata.csv:4: id \"862\" was given before; the first row with it was kept",
                                     "movies_metadata.csv:5: expected 7 fields, found 3",
                                 });
    }
    SUBCASE("the committed sample") {
        LoadReport report;
        MetadataTable t = loadMetadataFile(kSample + "movies_metadata.csv", &report);
        CHECK(report.kind == "kaggle-metadata");
        CHECK(report.rowsRead == 3087);
        CHECK(t.movies.size() == 3086);  // one id appears twice
        REQUIRE(t.movies.count(862) == 1);
        CHECK(t.movies[862].title == "Toy Story");
        CHECK(t.movies[862].genres == Genres{"Animation", "Comedy", "Family"});
    }
}

TEST_CASE("metadata files that cannot be used") {
    CHECK_THROWS_WITH_AS(loadMovies(""), "movies.csv: the file is empty", LoadError);
    CHECK_THROWS_WITH_AS(loadMovies("movieId,title,genres\r\n"), "movies.csv: has a header but no data rows", LoadError);
    CHECK_THROWS_WITH_AS(loadMovies("userId,movieId,rating,timestamp\n1,2,3,4\n"),
                         "movies.csv: not a movie list: expected a header with movieId,title,genres (MovieLens movies.csv) or "
                         "id,title,genres,release_date (Kaggle movies_metadata.csv), or rows of an id and a title "
                         "(MovieLens movies.dat, u.item); found: userId, movieId, rating, timestamp "
                         "(this looks like a ratings file)",
                         LoadError);
    // A ratings file without a header is no list of movies without one: its second field is a number.
    CHECK_THROWS_WITH_AS(loadMovies("1::1193::5::978300760\n1::661::3::978302109\n"),
                         "movies.csv: not a movie list: expected a header with movieId,title,genres (MovieLens movies.csv) or "
                         "id,title,genres,release_date (Kaggle movies_metadata.csv), or rows of an id and a title "
                         "(MovieLens movies.dat, u.item); found: 1, 1193, 5, 978300760",
                         LoadError);
    CHECK_THROWS_AS(loadMovies("196\t242\t3\t881250949\n186\t302\t3\t891717742\n"), LoadError);
    CHECK_THROWS_WITH_AS(loadMovies("movieId,title\nx,Alien (1979)\n"),
                         "movies.csv: no usable rows (first problem: movies.csv:2: movieId \"x\" is not a whole number)", LoadError);
    CHECK_THROWS_WITH_AS(loadMetadataFile("/nonexistent/movies.csv"), "cannot open \"/nonexistent/movies.csv\": No such file or directory",
                         LoadError);
}

TEST_CASE("links.csv") {
    SUBCASE("imdbId with leading zeros, empty tmdbId counted quietly, two movies on one tmdbId") {
        LoadReport report;
        LinksTable t = loadLinks("movieId,imdbId,tmdbId\n1,0114709,862\n2,0113497,\n3,0113228,15602\n4,0000004,15602\n5,0000005,x\n",
                                 &report);
        CHECK(report.kind == "links");
        CHECK(t.tmdbToMovie.size() == 2);
        CHECK(t.tmdbToMovie.at(862) == 1);
        CHECK(t.tmdbToMovie.at(15602) == 3);
        CHECK(t.sharedTmdb == std::vector<std::pair<int32_t, int32_t>>{{15602, 4}});
        CHECK(report.rowsRead == 5);
        CHECK(report.rowsKept == 3);
        CHECK(report.rowsSkipped == 2);
        CHECK(report.problems == std::vector<std::string>{"links.csv:6: tmdbId \"x\" is not a whole number"});
        CHECK(report.notes == std::vector<std::string>{"1 movie has no tmdbId and cannot be matched to TMDB metadata."});
    }
    SUBCASE("columns by name, or movieId,imdbId,tmdbId without a header") {
        CHECK(loadLinks("tmdbId,movieId\n862,1\n").tmdbToMovie.at(862) == 1);
        CHECK(loadLinks("1,0114709,862\n").tmdbToMovie.at(862) == 1);
    }
    SUBCASE("unusable") {
        CHECK_THROWS_WITH_AS(loadLinks("movieId,imdbId\n1,2\n"),
                             "links.csv: no tmdbId column (expected movieId,imdbId,tmdbId as in MovieLens links.csv; found: movieId, imdbId)",
                             LoadError);
        CHECK_THROWS_WITH_AS(loadLinks("movieId,imdbId,tmdbId\n"), "links.csv: has a header but no data rows", LoadError);
    }
    SUBCASE("ml-latest-small links.csv") {
        LoadReport report;
        LinksTable t = loadLinksFile(kSmall + "links.csv", &report);
        CHECK(report.rowsRead == 9742);
        CHECK(report.rowsSkipped == 8);  // eight movies without a tmdbId
        CHECK(t.tmdbToMovie.size() + t.sharedTmdb.size() == 9734);
    }
}

TEST_CASE("the catalogue") {
    SUBCASE("MovieLens metadata is used as is; links are not needed") {
        MetadataTable m = loadMovies("movieId,title,genres\n1,Toy Story (1995),Animation\n");
        LinksTable links = loadLinks("movieId,imdbId,tmdbId\n1,0114709,862\n");
        std::vector<std::string> notes;
        Catalogue c = Catalogue::build(m, &links, &notes);
        REQUIRE(c.find(1) != nullptr);
        CHECK(c.find(1)->title == "Toy Story (1995)");
        CHECK(notes.empty());
    }
    SUBCASE("Kaggle metadata without links stays unmatched, and says why") {
        MetadataTable m = loadMovies("id,title,genres\n1,Wrong Film,[]\n862,Toy Story,[]\n", nullptr, "movies_metadata.csv");
        std::vector<std::string> notes;
        Catalogue c = Catalogue::build(m, nullptr, &notes);
        CHECK(c.size() == 0);
        CHECK(notes == std::vector<std::string>{"movies_metadata.csv uses TMDB ids, not MovieLens ids: add links.csv (movieId,imdbId,tmdbId) "
                                                "to match titles; titles are not matched without it."});
    }
    SUBCASE("Kaggle metadata through links, both movies of a shared tmdbId") {
        MetadataTable m = loadMovies("id,title,genres\n1,Wrong Film,[]\n862,Toy Story,[]\n15602,Grumpier Old Men,[]\n");
        LinksTable links = loadLinks("movieId,imdbId,tmdbId\n1,0114709,862\n3,0113228,15602\n4,0000004,15602\n");
        Catalogue c = Catalogue::build(m, &links, nullptr);
        CHECK(c.size() == 3);
        REQUIRE(c.find(1) != nullptr);
        CHECK(c.find(1)->title == "Toy Story");  // not "Wrong Film", whose TMDB id is 1
        REQUIRE(c.find(4) != nullptr);
        CHECK(c.find(4)->title == "Grumpier Old Men");
        CHECK(c.find(3)->title == "Grumpier Old Men");
    }
    SUBCASE("the committed Kaggle sample joined through links_small.csv") {
        MetadataTable m = loadMetadataFile(kSample + "movies_metadata.csv");
        LinksTable links = loadLinksFile(kSample + "links_small.csv");
        Catalogue c = Catalogue::build(m, &links, nullptr);
        const MovieInfo* toyStory = c.find(1);
        REQUIRE(toyStory != nullptr);
        CHECK(toyStory->title == "Toy Story");
        CHECK(toyStory->year == 1995);
        CHECK(std::find(toyStory->genres.begin(), toyStory->genres.end(), "Animation") != toyStory->genres.end());
        CHECK(links.tmdbToMovie.at(862) == 1);

        RatingsTable ratings = loadRatingsFile(kSmall + "ratings.csv");
        std::unordered_set<int32_t> rated;
        for (std::size_t j = 0; j < ratings.ratingCount(); ++j) rated.insert(ratings.row(j).movie);
        std::size_t linked = 0, direct = 0;
        for (int32_t movie : rated) {
            linked += c.find(movie) != nullptr;
            direct += m.movies.count(movie);
        }
        CHECK(linked == 2296);
        CHECK(direct == 555);  // what joining movieId = id would wrongly "match"
    }
    SUBCASE("ml-latest-small movies.csv") {
        LoadReport report;
        MetadataTable m = loadMetadataFile(kSmall + "movies.csv", &report);
        Catalogue c = Catalogue::build(m, nullptr, nullptr);
        CHECK(c.size() == 9742);
        CHECK(report.rowsSkipped == 0);
        REQUIRE(c.find(1) != nullptr);
        CHECK(c.find(1)->title == "Toy Story (1995)");
        CHECK(c.find(1)->year == 1995);
    }
}
