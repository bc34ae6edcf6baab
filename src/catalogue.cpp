#include "catalogue.h"

#include <algorithm>

#include "csv.h"

namespace m2v {

namespace {

bool digitsAt(std::string_view s, std::size_t at, std::size_t count) {
    if (s.size() < at + count) return false;
    for (std::size_t k = at; k < at + count; ++k)
        if (s[k] < '0' || s[k] > '9') return false;
    return true;
}

int numberAt(std::string_view s, std::size_t at, std::size_t count) {
    int v = 0;
    for (std::size_t k = at; k < at + count; ++k) v = v * 10 + (s[k] - '0');
    return v;
}

// "Toy Story (1995)" -> 1995; also "(2005-2007)" and "(2016-)" of series; 0 without a year.
int yearFromTitle(std::string_view title) {
    title = trimField(title);
    if (title.empty() || title.back() != ')') return 0;
    std::size_t open = title.rfind('(');
    if (open == std::string_view::npos || !digitsAt(title, open + 1, 4)) return 0;
    std::string_view rest = title.substr(open + 5, title.size() - 1 - (open + 5));
    if (!rest.empty() && rest[0] != '-' && rest.substr(0, 3) != "\xE2\x80\x93") return 0;  // '-' or an en dash
    return numberAt(title, open + 1, 4);
}

// "1995-10-30" or "1995" as TMDB writes them; "10/30/95" or "10/30/1995" as a spreadsheet
// re-saves them. Two-digit years: the Kaggle data was collected in 2017, so 00-17 are 2000s.
int yearFromDate(std::string_view date) {
    date = trimField(date);
    if (digitsAt(date, 0, 4) && (date.size() == 4 || date[4] == '-' || date[4] == '/')) return numberAt(date, 0, 4);
    std::size_t slash = date.rfind('/');
    if (slash == std::string_view::npos || date.find('/') == slash) return 0;
    std::string_view year = date.substr(slash + 1);
    if (year.size() == 4 && digitsAt(year, 0, 4)) return numberAt(year, 0, 4);
    if (year.size() == 2 && digitsAt(year, 0, 2)) {
        int yy = numberAt(year, 0, 2);
        return yy <= 17 ? 2000 + yy : 1900 + yy;
    }
    return 0;
}

// Reads a Python (or JSON) string literal at s[i] ('...' or "..."); i ends after it.
std::string readQuoted(std::string_view s, std::size_t& i) {
    const char quote = s[i++];
    std::string out;
    while (i < s.size() && s[i] != quote) {
        char c = s[i++];
        if (c == '\\' && i < s.size()) {
            char e = s[i++];
            out.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e);
        } else {
            out.push_back(c);
        }
    }
    if (i < s.size()) ++i;
    return out;
}

// The 'name' values of "[{'id': 16, 'name': 'Animation'}, ...]". Python writes a name holding
// an apostrophe in double quotes ("Children's"), so strings are read token by token, never split
// on quote characters.
std::vector<std::string> namesFromPythonList(std::string_view s) {
    std::vector<std::string> names;
    bool valueIsName = false;
    for (std::size_t i = 0; i < s.size();) {
        char c = s[i];
        if (c != '\'' && c != '"') {
            if (c == ',' || c == '{' || c == '}') valueIsName = false;
            ++i;
            continue;
        }
        std::string token = readQuoted(s, i);
        if (valueIsName) {
            if (!token.empty()) names.push_back(std::move(token));
            valueIsName = false;
            continue;
        }
        std::size_t j = i;
        while (j < s.size() && s[j] == ' ') ++j;
        if (token == "name" && j < s.size() && s[j] == ':') {
            valueIsName = true;
            i = j + 1;
        }
    }
    return names;
}

std::vector<std::string> genresFromMovieLens(std::string_view s) {
    std::vector<std::string> genres;
    while (!s.empty()) {
        std::size_t bar = s.find('|');
        std::string_view g = trimField(s.substr(0, bar));
        if (!g.empty() && g != "(no genres listed)") genres.emplace_back(g);
        if (bar == std::string_view::npos) break;
        s.remove_prefix(bar + 1);
    }
    return genres;
}

// Why a whole-number field was rejected, as a report reason. `notNumber` words the text case.
std::string wholeNumberProblem(const std::string& column, std::string_view text, NumberParse r, const char* notNumber) {
    const char* why = r == NumberParse::empty        ? " is empty"
                      : r == NumberParse::outOfRange ? " is out of range"
                      : r == NumberParse::fractional ? " is not a whole number"
                                                     : notNumber;
    return column + " " + showField(text) + why;
}

std::string joinHeader(const std::vector<std::string_view>& fields) {
    std::string found;
    for (std::size_t k = 0; k < fields.size(); ++k) found += (k ? ", " : "") + std::string(trimField(fields[k]));
    return found;
}

int findColumn(const std::vector<std::string>& keys, const char* key) {
    auto it = std::find(keys.begin(), keys.end(), key);
    return it == keys.end() ? -1 : static_cast<int>(it - keys.begin());
}


}  // namespace

// ---- MoviesLoader ----

struct MoviesLoader::Impl {
    explicit Impl(std::string fileName) : csv([this](const std::vector<std::string_view>& f, std::size_t line) { onRecord(f, line); }) {
        report.file = std::move(fileName);
        csv.setSourceName(report.file);
        table.fileName = report.file;
    }
    void onRecord(const std::vector<std::string_view>& fields, std::size_t line);
    void readHeader(const std::vector<std::string_view>& fields);
    bool readWithoutHeader(const std::vector<std::string_view>& fields);
    std::string_view field(const std::vector<std::string_view>& fields, int column) const {
        return column >= 0 && static_cast<std::size_t>(column) < fields.size() ? fields[static_cast<std::size_t>(column)]
                                                                                : std::string_view();
    }

    LoadReport report;
    CsvReader csv;
    MetadataTable table;
    bool sawHeader = false;
    std::size_t fieldCount = 0;
    std::size_t needed = 0;  // fields a row must have to reach every column read
    std::string idName;
    int id = -1, title = -1, originalTitle = -1, genres = -1, releaseDate = -1;
    int genreFlags = -1;  // MovieLens 100K's u.item: the first of its 19 genre columns of 0 or 1
    bool headerless = false;
};

// MovieLens 100K's genres, in the order of u.item's flag columns (its u.genre).
const char* const kGenres100k[19] = {nullptr /* unknown */, "Action", "Adventure", "Animation", "Children's", "Comedy",
                                     "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical",
                                     "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"};
constexpr std::size_t kItemFields100k = 24;  // id, title, release date, video date, IMDb URL, 19 genres

// MovieLens's files without a header: 1M's and 10M's movies.dat (id::title::genres) and 100K's
// u.item (id|title|dates|URL|19 genre flags). Taken for one when the first row's id is a whole
// number and its title is not: a ratings file without a header stays refused.
bool MoviesLoader::Impl::readWithoutHeader(const std::vector<std::string_view>& fields) {
    int32_t number = 0;
    if (fields.size() < 2 || parseInt32(fields[0], number) != NumberParse::ok) return false;
    double real = 0;
    if (trimField(fields[1]).empty() || parseReal(fields[1], real, false) == NumberParse::ok) return false;
    sawHeader = true;
    headerless = true;
    fieldCount = fields.size();
    report.kind = "movielens-movies";
    idName = "movieId";
    id = 0;
    title = 1;
    if (fields.size() == 3) genres = 2;
    if (fields.size() == kItemFields100k) genreFlags = static_cast<int>(kItemFields100k - 19);
    needed = fields.size() == 3 || fields.size() == kItemFields100k ? fields.size() : 2;
    return true;
}

void MoviesLoader::Impl::readHeader(const std::vector<std::string_view>& fields) {
    sawHeader = true;
    fieldCount = fields.size();
    std::vector<std::string> keys;
    for (auto f : fields) keys.push_back(columnKey(f));
    title = findColumn(keys, "title");
    genres = findColumn(keys, "genres");
    if ((id = findColumn(keys, "movieid")) >= 0 && title >= 0) {
        report.kind = "movielens-movies";
    } else if ((id = findColumn(keys, "id")) >= 0 && title >= 0) {
        report.kind = "kaggle-metadata";
        table.keyedByTmdb = true;
        originalTitle = findColumn(keys, "originaltitle");
        releaseDate = findColumn(keys, "releasedate");
    } else if (readWithoutHeader(fields)) {
        return;
    } else {
        bool ratings = findColumn(keys, "userid") >= 0 || findColumn(keys, "rating") >= 0;
        throw LoadError(report.file +
                        ": not a movie list: expected a header with movieId,title,genres (MovieLens movies.csv) or "
                        "id,title,genres,release_date (Kaggle movies_metadata.csv), or rows of an id and a title "
                        "(MovieLens movies.dat, u.item); found: " +
                        joinHeader(fields) + (ratings ? " (this looks like a ratings file)" : ""));
    }
    idName = std::string(trimField(fields[static_cast<std::size_t>(id)]));
    needed = static_cast<std::size_t>(std::max({id, title, genres, originalTitle, releaseDate})) + 1;
}

void MoviesLoader::Impl::onRecord(const std::vector<std::string_view>& fields, std::size_t line) {
    if (!sawHeader) {
        readHeader(fields);
        if (!headerless) return;  // else the first row is a movie too
    }
    ++report.rowsRead;
    // The id first: Kaggle's broken rows (an overview split over lines) show as a date in the id column.
    int32_t movieId = 0;
    std::string_view idText = field(fields, id);
    if (static_cast<std::size_t>(id) < fields.size()) {
        NumberParse r = parseInt32(idText, movieId);
        if (r != NumberParse::ok) {
            report.skip(line, wholeNumberProblem(idName, idText, r, table.keyedByTmdb ? " is not a number" : " is not a whole number"));
            return;
        }
    }
    if (fields.size() < needed) {
        report.skip(line, "expected " + std::to_string(fieldCount) + " fields, found " + std::to_string(fields.size()));
        return;
    }
    MovieInfo info;
    info.title = utf8OrLatin1(field(fields, title));
    if (trimField(info.title).empty()) info.title = utf8OrLatin1(field(fields, originalTitle));
    if (trimField(info.title).empty()) {
        report.skip(line, "title " + showField(field(fields, title)) + " is empty");
        return;
    }
    if (table.keyedByTmdb) {
        info.year = yearFromDate(field(fields, releaseDate));
        info.genres = namesFromPythonList(field(fields, genres));
    } else {
        info.year = yearFromTitle(info.title);
        info.genres = genresFromMovieLens(field(fields, genres));
        if (genreFlags >= 0)
            for (std::size_t g = 0; g < 19; ++g)
                if (kGenres100k[g] && trimField(fields[static_cast<std::size_t>(genreFlags) + g]) == "1") info.genres.emplace_back(kGenres100k[g]);
    }
    if (!table.movies.emplace(movieId, std::move(info)).second) {
        report.skip(line, idName + " " + showField(idText) + " was given before; the first row with it was kept");
        return;
    }
    ++report.rowsKept;
}

MoviesLoader::MoviesLoader(std::string fileName) : impl_(std::make_unique<Impl>(std::move(fileName))) {}
MoviesLoader::~MoviesLoader() = default;
void MoviesLoader::feed(std::string_view chunk) { impl_->csv.feed(chunk); }
const LoadReport& MoviesLoader::report() const { return impl_->report; }

MetadataTable MoviesLoader::finish() {
    Impl& m = *impl_;
    m.csv.finish();
    const std::string& file = m.report.file;
    if (!m.sawHeader) throw LoadError(file + ": the file is empty");
    if (m.report.rowsRead == 0) throw LoadError(file + ": has a header but no data rows");
    if (m.table.movies.empty()) throw LoadError(file + ": no usable rows (first problem: " + m.report.problems.front() + ")");
    return std::move(m.table);
}

// ---- LinksLoader ----

struct LinksLoader::Impl {
    explicit Impl(std::string fileName) : csv([this](const std::vector<std::string_view>& f, std::size_t line) { onRecord(f, line); }) {
        report.file = std::move(fileName);
        report.kind = "links";
        csv.setSourceName(report.file);
    }
    void onRecord(const std::vector<std::string_view>& fields, std::size_t line);

    LoadReport report;
    CsvReader csv;
    LinksTable table;
    bool sawFirst = false;
    std::size_t fieldCount = 0, withoutTmdb = 0;
    int movie = 0, tmdb = 2;
    std::string movieName = "movieId", tmdbName = "tmdbId";
};

void LinksLoader::Impl::onRecord(const std::vector<std::string_view>& fields, std::size_t line) {
    if (!sawFirst) {
        sawFirst = true;
        fieldCount = fields.size();
        std::int64_t number;
        bool header = false;
        for (std::size_t k = 0; k < std::min<std::size_t>(fields.size(), 3); ++k)
            header = header || parseWholeNumber(fields[k], number) != NumberParse::ok;
        if (header) {
            std::vector<std::string> keys;
            for (auto f : fields) keys.push_back(columnKey(f));
            movie = findColumn(keys, "movieid");
            tmdb = findColumn(keys, "tmdbid");
            if (movie < 0 || tmdb < 0)
                throw LoadError(report.file + ": no " + (movie < 0 ? "movieId" : "tmdbId") +
                                " column (expected movieId,imdbId,tmdbId as in MovieLens links.csv; found: " + joinHeader(fields) + ")");
            movieName = std::string(trimField(fields[static_cast<std::size_t>(movie)]));
            tmdbName = std::string(trimField(fields[static_cast<std::size_t>(tmdb)]));
            return;
        }
        if (fields.size() < 3)
            throw LoadError(atLine(report.file, line, "expected movieId,imdbId,tmdbId; found " + std::to_string(fields.size()) +
                                                          (fields.size() == 1 ? " column" : " columns")));
    }
    ++report.rowsRead;
    const std::size_t needed = static_cast<std::size_t>(std::max(movie, tmdb)) + 1;
    if (fields.size() < needed) {
        report.skip(line, "expected " + std::to_string(fieldCount) + " fields, found " + std::to_string(fields.size()));
        return;
    }
    std::string_view movieText = fields[static_cast<std::size_t>(movie)], tmdbText = fields[static_cast<std::size_t>(tmdb)];
    int32_t movieId = 0, tmdbId = 0;
    NumberParse r = parseInt32(movieText, movieId);
    if (r != NumberParse::ok) return report.skip(line, wholeNumberProblem(movieName, movieText, r, " is not a whole number"));
    r = parseInt32(tmdbText, tmdbId);
    if (r == NumberParse::empty) {  // MovieLens leaves it empty for films TMDB does not have
        ++withoutTmdb;
        ++report.rowsSkipped;
        return;
    }
    if (r != NumberParse::ok) return report.skip(line, wholeNumberProblem(tmdbName, tmdbText, r, " is not a whole number"));
    if (!table.tmdbToMovie.emplace(tmdbId, movieId).second) table.sharedTmdb.emplace_back(tmdbId, movieId);
    ++report.rowsKept;
}

LinksLoader::LinksLoader(std::string fileName) : impl_(std::make_unique<Impl>(std::move(fileName))) {}
LinksLoader::~LinksLoader() = default;
void LinksLoader::feed(std::string_view chunk) { impl_->csv.feed(chunk); }
const LoadReport& LinksLoader::report() const { return impl_->report; }

LinksTable LinksLoader::finish() {
    Impl& m = *impl_;
    m.csv.finish();
    const std::string& file = m.report.file;
    if (!m.sawFirst) throw LoadError(file + ": the file is empty");
    if (m.report.rowsRead == 0) throw LoadError(file + ": has a header but no data rows");
    if (m.withoutTmdb > 0)
        m.report.notes.push_back(withThousands(m.withoutTmdb) + (m.withoutTmdb == 1 ? " movie has" : " movies have") +
                                 " no tmdbId and cannot be matched to TMDB metadata.");
    if (m.table.tmdbToMovie.empty())
        throw LoadError(file + ": no usable rows (first problem: " +
                        (m.report.problems.empty() ? std::string("no row has a tmdbId") : m.report.problems.front()) + ")");
    return std::move(m.table);
}

// ---- Catalogue ----

Catalogue Catalogue::build(const MetadataTable& metadata, const LinksTable* links, std::vector<std::string>* notes) {
    Catalogue catalogue;
    if (!metadata.keyedByTmdb) {
        catalogue.movies_ = metadata.movies;
        return catalogue;
    }
    const std::string file = metadata.fileName.empty() ? "movies_metadata.csv" : metadata.fileName;
    if (!links) {
        // Joining TMDB ids to MovieLens ids directly "works" for hundreds of ids, mostly wrong films.
        if (notes)
            notes->push_back(file +
                             " uses TMDB ids, not MovieLens ids: add links.csv (movieId,imdbId,tmdbId) to match titles; "
                             "titles are not matched without it.");
        return catalogue;
    }
    auto join = [&](int32_t tmdbId, int32_t movieId) {
        auto it = metadata.movies.find(tmdbId);
        if (it != metadata.movies.end()) catalogue.movies_[movieId] = it->second;
    };
    for (const auto& [tmdbId, movieId] : links->tmdbToMovie) join(tmdbId, movieId);
    for (const auto& [tmdbId, movieId] : links->sharedTmdb) join(tmdbId, movieId);
    if (notes)
        notes->push_back(withThousands(catalogue.size()) + " of " +
                         withThousands(links->tmdbToMovie.size() + links->sharedTmdb.size()) + " linked movies found in " + file + ".");
    return catalogue;
}

const MovieInfo* Catalogue::find(int32_t movieId) const {
    auto it = movies_.find(movieId);
    return it == movies_.end() ? nullptr : &it->second;
}

MetadataTable loadMetadataFile(const std::string& path, LoadReport* report) {
    MoviesLoader loader(path);
    try {
        readFileInChunks(path, [&](std::string_view chunk) { loader.feed(chunk); });
        MetadataTable table = loader.finish();
        if (report) *report = loader.report();
        return table;
    } catch (const LoadError&) {
        if (report) *report = loader.report();
        throw;
    }
}

LinksTable loadLinksFile(const std::string& path, LoadReport* report) {
    LinksLoader loader(path);
    try {
        readFileInChunks(path, [&](std::string_view chunk) { loader.feed(chunk); });
        LinksTable table = loader.finish();
        if (report) *report = loader.report();
        return table;
    } catch (const LoadError&) {
        if (report) *report = loader.report();
        throw;
    }
}

}  // namespace m2v
