// The streaming CSV reader: quoting, line endings, BOM, delimiters, chunk boundaries, limits, field helpers.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "csv.h"
#include "load_report.h"

using namespace m2v;

namespace {

struct Record {
    std::vector<std::string> fields;
    std::size_t line;
    bool operator==(const Record& o) const { return fields == o.fields && line == o.line; }
};

struct Parsed {
    std::vector<Record> records;
    char delimiter = 0;
};

// Feeds `text` in pieces cut at `cuts` (ascending offsets) and collects the records.
Parsed parse(const std::string& text, std::vector<std::size_t> cuts = {}, char delimiter = 0) {
    Parsed out;
    CsvReader reader(
        [&](const std::vector<std::string_view>& fields, std::size_t line) {
            out.records.push_back({std::vector<std::string>(fields.begin(), fields.end()), line});
        },
        delimiter);
    reader.setSourceName("t.csv");
    std::size_t at = 0;
    cuts.push_back(text.size());
    for (std::size_t cut : cuts) {
        reader.feed(std::string_view(text).substr(at, cut - at));
        at = cut;
    }
    reader.finish();
    out.delimiter = reader.delimiter();
    return out;
}

std::vector<Record> records(const std::string& text, char delimiter = 0) { return parse(text, {}, delimiter).records; }

// Every split into two chunks, and one byte at a time, must give the records of one whole chunk.
void checkEverySplit(const std::string& text, const std::vector<Record>& expected) {
    CHECK(records(text) == expected);
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
        CAPTURE(cut);
        CHECK(parse(text, {cut}).records == expected);
    }
    std::vector<std::size_t> everyByte;
    for (std::size_t k = 1; k < text.size(); ++k) everyByte.push_back(k);
    CHECK(parse(text, everyByte).records == expected);
}

}  // namespace

// So a failed comparison shows the records.
template <>
struct doctest::StringMaker<std::vector<Record>> {
    static doctest::String convert(const std::vector<Record>& records) {
        std::string s;
        for (const auto& r : records) {
            s += "\n  " + std::to_string(r.line) + ":";
            for (const auto& f : r.fields) s += " [" + f + "]";
        }
        return s.c_str();
    }
};

TEST_CASE("plain records and line endings") {
    const std::vector<Record> expected = {{{"user", "movie", "rating"}, 1}, {{"7", "42", "3.5"}, 2}, {{"8", "43", "4.5"}, 3}};
    SUBCASE("LF") { CHECK(records("user,movie,rating\n7,42,3.5\n8,43,4.5\n") == expected); }
    SUBCASE("CRLF") { CHECK(records("user,movie,rating\r\n7,42,3.5\r\n8,43,4.5\r\n") == expected); }
    SUBCASE("CR alone, as old Mac files") { CHECK(records("user,movie,rating\r7,42,3.5\r8,43,4.5\r") == expected); }
    SUBCASE("final line without newline") { CHECK(records("user,movie,rating\n7,42,3.5\n8,43,4.5") == expected); }
    SUBCASE("UTF-8 BOM stripped") { CHECK(records("\xEF\xBB\xBFuser,movie,rating\n7,42,3.5\n8,43,4.5\n") == expected); }
    SUBCASE("blank lines skipped, still counted as lines") {
        CHECK(records("\nuser,movie,rating\n\r\n7,42,3.5\n   \n8,43,4.5\n\n") ==
              std::vector<Record>{{{"user", "movie", "rating"}, 2}, {{"7", "42", "3.5"}, 4}, {{"8", "43", "4.5"}, 6}});
    }
    SUBCASE("empty input gives no records") {
        CHECK(records("").empty());
        CHECK(records("\xEF\xBB\xBF").empty());
        CHECK(records("\n\r\n").empty());
    }
    SUBCASE("empty fields, a trailing delimiter") {
        CHECK(records(",b,\n,,\n") == std::vector<Record>{{{"", "b", ""}, 1}, {{"", "", ""}, 2}});
        CHECK(records("a,b,") == std::vector<Record>{{{"a", "b", ""}, 1}});
    }
}

TEST_CASE("RFC 4180 quoting") {
    SUBCASE("delimiters, doubled quotes and newlines inside quotes") {
        CHECK(records("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n") ==
              std::vector<Record>{{{"a,b", "say \"hi\"", "two\nlines"}, 1}});
    }
    SUBCASE("a quoted newline advances the line of the next record") {
        CHECK(records("id,text\n1,\"one\ntwo\r\nthree\"\n2,plain\n") ==
              std::vector<Record>{{{"id", "text"}, 1}, {{"1", "one\ntwo\r\nthree"}, 2}, {{"2", "plain"}, 5}});
    }
    SUBCASE("empty quoted fields") {
        CHECK(records("\"\",x,\"\"\n") == std::vector<Record>{{{"", "x", ""}, 1}});
        CHECK(records("\"\"\n") == std::vector<Record>{{{""}, 1}});  // a quoted empty field is not a blank line
    }
    SUBCASE("a quote inside an unquoted field is kept as is") {
        CHECK(records("5'11\" tall,x\n") == std::vector<Record>{{{"5'11\" tall", "x"}, 1}});
    }
    SUBCASE("text after a closing quote is kept, as Python's csv does") {
        CHECK(records("\"abc\"def,x\n") == std::vector<Record>{{{"abcdef", "x"}, 1}});
    }
    SUBCASE("a quote left open names the line it opened on") {
        CHECK_THROWS_WITH_AS(records("a,b\n1,\"never\nclosed\n"), "t.csv:2: a quoted field that starts on this line is never closed (a \" is missing)",
                             LoadError);
    }
}

TEST_CASE("records are the same however the input is cut into chunks") {
    SUBCASE("a quoted field with doubled quotes and CRLF inside, CRLF endings, no final newline") {
        checkEverySplit("\xEF\xBB\xBFid,title,genres\r\n1,\"Toy \"\"Story\"\"\r\n(1995)\",Animation\r\n\r\n22,\"a,b\",\"\"\r\n3,c,d",
                        {{{"id", "title", "genres"}, 1},
                         {{"1", "Toy \"Story\"\r\n(1995)", "Animation"}, 2},
                         {{"22", "a,b", ""}, 5},
                         {{"3", "c", "d"}, 6}});
    }
    SUBCASE("CR-only endings and a trailing empty field") {
        checkEverySplit("a;b;\r\"x\"\"\";y;z\r", {{{"a", "b", ""}, 1}, {{"x\"", "y", "z"}, 2}});
    }
    SUBCASE("\"::\" cut between its colons, runs of three colons, a colon at the very end") {
        checkEverySplit("1:::2::x\n3::4::y:\n5::a:b::\n",
                        {{{"1", ":2", "x"}, 1}, {{"3", "4", "y:"}, 2}, {{"5", "a:b", ""}, 3}});
        checkEverySplit("1::2::3\n4::5::6:", {{{"1", "2", "3"}, 1}, {{"4", "5", "6:"}, 2}});
    }
    SUBCASE("a quote that ends a chunk may be the first of a doubled pair") {
        checkEverySplit("\"ab\"\"\",\"\"\"cd\"\n", {{{"ab\"", "\"cd"}, 1}});
    }
}

TEST_CASE("delimiter detection") {
    SUBCASE("comma") {
        Parsed p = parse("userId,movieId,rating\n1,2,3.5\n");
        CHECK(p.delimiter == ',');
        CHECK(p.records[1].fields == std::vector<std::string>{"1", "2", "3.5"});
    }
    SUBCASE("tab") {
        Parsed p = parse("1\t2\t3.5\t100\n4\t5\t1.5\t200\n");
        CHECK(p.delimiter == '\t');
        CHECK(p.records[0].fields == std::vector<std::string>{"1", "2", "3.5", "100"});
    }
    SUBCASE("semicolon, with decimal commas in the data") {
        Parsed p = parse("user;movie;rating\n1;2;3,5\n4;5;4,5\n");
        CHECK(p.delimiter == ';');
        CHECK(p.records[1].fields == std::vector<std::string>{"1", "2", "3,5"});
    }
    SUBCASE("commas inside quotes do not count") {
        CHECK(parse("\"a,b,c,d\";x\n\"e,f\";y\n").delimiter == ';');
    }
    SUBCASE("one column defaults to comma") { CHECK(parse("title\nAlien\n").delimiter == ','); }
    SUBCASE("a given delimiter is used as is") {
        Parsed p = parse("a,b;c\n", {}, ';');
        CHECK(p.delimiter == ';');
        CHECK(p.records[0].fields == std::vector<std::string>{"a,b", "c"});
    }
    SUBCASE("\"::\" (MovieLens 1M/10M), only where no usual delimiter fits; its fields are never quoted") {
        Parsed p = parse("1::1193::5::978300760\n1::661::3::978302109\n");
        CHECK(p.delimiter == CsvReader::kDoubleColon);
        CHECK(p.records[1].fields == std::vector<std::string>{"1", "661", "3", "978302109"});
        p = parse("1::Toy Story (1995)::Animation\n11::American President, The (1995)::Comedy\n"
                  "260::Star Wars: Episode IV (1977)::Sci-Fi\n4500::\"Great\" Cats (1998)::Musical\n7::\"open::x\n");
        CHECK(p.delimiter == CsvReader::kDoubleColon);
        CHECK(p.records == std::vector<Record>{{{"1", "Toy Story (1995)", "Animation"}, 1},
                                               {{"11", "American President, The (1995)", "Comedy"}, 2},
                                               {{"260", "Star Wars: Episode IV (1977)", "Sci-Fi"}, 3},
                                               {{"4500", "\"Great\" Cats (1998)", "Musical"}, 4},
                                               {{"7", "\"open", "x"}, 5}});
        CHECK(parse("a::b,c\nd::e,f\n").delimiter == ',');  // a usual delimiter that fits wins
    }
    SUBCASE("\"|\" (MovieLens 100K's u.item), only where no usual delimiter fits") {
        Parsed p = parse("1|Toy Story (1995)|01-Jan-1995|0|1\n2|GoldenEye (1995)|01-Jan-1995|1|0\n");
        CHECK(p.delimiter == '|');
        CHECK(p.records[1].fields == std::vector<std::string>{"2", "GoldenEye (1995)", "01-Jan-1995", "1", "0"});
        CHECK(parse("movieId,title,genres\n1,Toy Story (1995),Adventure|Animation|Children|Comedy\n").delimiter == ',');
    }
    SUBCASE("detection waits for the first lines even when fed byte by byte") {
        std::string text = "a\tb\tc\n1\t2\t3\n";
        std::vector<std::size_t> cuts;
        for (std::size_t k = 1; k < text.size(); ++k) cuts.push_back(k);
        CHECK(parse(text, cuts).delimiter == '\t');
    }
}

TEST_CASE("input that is not CSV text") {
    SUBCASE("UTF-16 with a BOM, either byte order") {
        CHECK_THROWS_WITH_AS(records(std::string("\xFF\xFEu\0s\0", 6)),
                             "t.csv: this file is UTF-16 text; save it as UTF-8 (in Excel: \"CSV UTF-8\") and load it again", LoadError);
        CHECK_THROWS_WITH_AS(records(std::string("\xFE\xFF\0u\0s", 6)),
                             "t.csv: this file is UTF-16 text; save it as UTF-8 (in Excel: \"CSV UTF-8\") and load it again", LoadError);
    }
    SUBCASE("UTF-16 without a BOM") {
        CHECK_THROWS_WITH_AS(records(std::string("u\0s\0e\0r\0,\0m\0\n\0", 14)),
                             "t.csv: this file looks like UTF-16 text; save it as UTF-8 and load it again", LoadError);
    }
    SUBCASE("binary") {
        const char elf[] = "\x7F" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0";
        CHECK_THROWS_WITH_AS(records(std::string(elf, sizeof elf - 1)),
                             "t.csv: this looks like a binary file, not CSV text", LoadError);
    }
    SUBCASE("zip and gzip") {
        CHECK_THROWS_WITH_AS(records("PK\x03\x04rest"),
                             "t.csv: this is a zip archive (or an Excel workbook), not CSV text; unzip it, or save the sheet as CSV",
                             LoadError);
        CHECK_THROWS_WITH_AS(records("\x1F\x8B\x08rest"), "t.csv: this file is gzip-compressed, not CSV text; decompress it first",
                             LoadError);
    }
}

TEST_CASE("limits") {
    SUBCASE("a record longer than 1 MiB names its line and the limit") {
        std::string text = "a,b\n1,2\n3,\"" + std::string(CsvReader::kMaxRecordBytes + 10, 'x') + "\"\n";
        CHECK_THROWS_WITH_AS(records(text), "t.csv:3: the record that starts on this line is longer than 1 MiB, the limit", LoadError);
    }
    SUBCASE("fed in small chunks, an open quote is blamed") {
        std::string text = "a,b\n1,\"" + std::string(CsvReader::kMaxRecordBytes + 10, 'x');
        std::vector<std::size_t> cuts;
        for (std::size_t k = 4096; k < text.size(); k += 4096) cuts.push_back(k);
        CHECK_THROWS_WITH_AS(parse(text, cuts),
                             "t.csv:2: the record that starts on this line is longer than 1 MiB, the limit; a quoted field there is "
                             "never closed (a \" is missing)",
                             LoadError);
    }
    SUBCASE("too many fields") {
        std::string text = "h\n\n" + std::string(CsvReader::kMaxFields + 5, ',') + "\n";
        CHECK_THROWS_WITH_AS(records(text, ','), "t.csv:3: the record that starts on this line has more than 65536 fields, the limit",
                             LoadError);
    }
    SUBCASE("a large quoted field fed in small chunks stays linear and intact") {
        // Quadratic rescanning would make this 64 Ki-chunk feed take minutes.
        std::string big(1000000, 'q');
        for (std::size_t k = 0; k < big.size(); k += 1000) big[k] = '\n';
        std::string text = "id,text\n1,\"" + big + "\"\n2,end\n";
        std::vector<std::size_t> cuts;
        for (std::size_t k = 16; k < text.size(); k += 16) cuts.push_back(k);
        Parsed p = parse(text, cuts);
        REQUIRE(p.records.size() == 3);
        CHECK(p.records[1].fields[1] == big);
        CHECK(p.records[2].line == 2 + 1000 + 1);
    }
}

TEST_CASE("field helpers") {
    std::int64_t v = 0;
    std::int32_t i32 = 0;
    double d = 0;
    SUBCASE("text as UTF-8, or else as Latin-1") {
        CHECK(utf8OrLatin1("Toy Story (1995)") == "Toy Story (1995)");
        CHECK(utf8OrLatin1("Mis\xC3\xA9rables, Les") == "Mis\xC3\xA9rables, Les");      // UTF-8 kept
        CHECK(utf8OrLatin1("\xF0\x9F\x8E\xAC \xE2\x82\xAC") == "\xF0\x9F\x8E\xAC \xE2\x82\xAC");  // 4 and 3 bytes
        CHECK(utf8OrLatin1("Mis\xE9rables, Les") == "Mis\xC3\xA9rables, Les");          // Latin-1 e acute
        CHECK(utf8OrLatin1("Caf\xC3") == "Caf\xC3\x83");                               // cut short
        CHECK(utf8OrLatin1("\xC0\xAF") == "\xC3\x80\xC2\xAF");                          // overlong
        CHECK(utf8OrLatin1("\xED\xA0\x80") == "\xC3\xAD\xC2\xA0\xC2\x80");              // a surrogate
        CHECK(utf8OrLatin1("\xF4\x90\x80\x80").size() == 8);                           // past U+10FFFF
        // UTF-8 text with a broken byte keeps its characters; the byte becomes U+FFFD.
        CHECK(utf8OrLatin1("Caf\xC3\xA9 \xFF!") == "Caf\xC3\xA9 \xEF\xBF\xBD!");
        CHECK(utf8OrLatin1("\xE2\x82\xAC\xE2\x82") == "\xE2\x82\xAC\xEF\xBF\xBD\xEF\xBF\xBD");
    }
    SUBCASE("whole numbers") {
        CHECK(parseWholeNumber(" 42 ", v) == NumberParse::ok);
        CHECK(v == 42);
        CHECK(parseWholeNumber("-7", v) == NumberParse::ok);
        CHECK(v == -7);
        CHECK(parseWholeNumber("12.000", v) == NumberParse::ok);  // as pandas writes integer ids
        CHECK(v == 12);
        CHECK(parseWholeNumber("0114709", v) == NumberParse::ok);  // imdbId keeps leading zeros
        CHECK(v == 114709);
        CHECK(parseWholeNumber("", v) == NumberParse::empty);
        CHECK(parseWholeNumber("12.5", v) == NumberParse::fractional);
        CHECK(parseWholeNumber("1e3", v) == NumberParse::fractional);
        CHECK(parseWholeNumber("x1", v) == NumberParse::invalid);
        CHECK(parseWholeNumber("1997-08-20", v) == NumberParse::invalid);
        CHECK(parseWholeNumber("99999999999999999999999", v) == NumberParse::outOfRange);
        CHECK(parseInt32("2147483647", i32) == NumberParse::ok);
        CHECK(parseInt32("2147483648", i32) == NumberParse::outOfRange);
    }
    SUBCASE("reals") {
        CHECK(parseReal("3.5", d) == NumberParse::ok);
        CHECK(d == 3.5);
        CHECK(parseReal("-0.25", d) == NumberParse::ok);
        CHECK(d == -0.25);
        CHECK(parseReal("4", d) == NumberParse::ok);
        CHECK(d == 4.0);
        CHECK(parseReal("2.5e1", d) == NumberParse::ok);
        CHECK(d == 25.0);
        CHECK(parseReal("3,5", d) == NumberParse::invalid);
        CHECK(parseReal("3,5", d, true) == NumberParse::ok);
        CHECK(d == 3.5);
        CHECK(parseReal("abc", d) == NumberParse::invalid);
        CHECK(parseReal("0x10", d) == NumberParse::invalid);
        CHECK(parseReal("nan", d) == NumberParse::ok);  // callers decide about finiteness
        CHECK(parseReal(" ", d) == NumberParse::empty);
    }
    SUBCASE("column keys and shown fields") {
        CHECK(columnKey(" User_ID ") == "userid");
        CHECK(columnKey("movie-Id") == "movieid");
        CHECK(showField("x1") == "\"x1\"");
        CHECK(showField(std::string(100, 'a')) == "\"" + std::string(40, 'a') + "...\"");
    }
}
