#include "catalogue_bench.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "csv.h"
#include "errors.h"

namespace m2v {

namespace {

std::string readWhole(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open \"" + path + "\"");
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::int64_t wholeField(std::string_view field, const std::string& path, std::size_t line, const char* what) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (ec != std::errc() || end != field.data() + field.size() || value < 0)
        throw std::runtime_error(atLine(path, line, std::string(what) + " \"" + std::string(field) + "\" is not a whole number"));
    return value;
}

std::string csvField(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

// "Heat (1995)" -> "Heat #3 (1995)": the mark goes before a trailing year so the year still parses.
std::string copyTitle(std::string_view title, std::size_t copy) {
    const std::string mark = " #" + std::to_string(copy);
    std::size_t end = title.size();
    while (end > 0 && title[end - 1] == ' ') --end;
    const std::size_t open = title.rfind('(', end);
    const bool year = end >= 6 && title[end - 1] == ')' && open != std::string_view::npos && open + 5 < end &&
                      std::all_of(title.begin() + static_cast<std::ptrdiff_t>(open) + 1, title.begin() + static_cast<std::ptrdiff_t>(end) - 1,
                                  [](char c) { return (c >= '0' && c <= '9') || c == '-' || c == ' '; });
    if (!year) return std::string(title) + mark;
    std::size_t cut = open;
    while (cut > 0 && title[cut - 1] == ' ') --cut;
    return std::string(title.substr(0, cut)) + mark + " " + std::string(title.substr(open, end - open));
}

struct Rating {
    std::int64_t user, movie;
    std::string rest;  // ",rating,timestamp" as written
};

}  // namespace

CatalogueBenchFile writeCatalogueFiles(const std::string& ratingsSource, const std::string& moviesSource,
                                       const std::string& ratingsTarget, const std::string& moviesTarget,
                                       const CatalogueBenchOptions& options) {
    if (options.copies < 1) throw std::invalid_argument("the catalogue needs at least one copy");
    std::vector<Rating> ratings;
    std::string ratingsHeader;
    {
        const std::string text = readWhole(ratingsSource);
        CsvReader reader([&](const std::vector<std::string_view>& f, std::size_t line) {
            if (line == 1) {
                for (std::size_t i = 0; i < f.size(); ++i) ratingsHeader += (i ? "," : "") + csvField(f[i]);
                return;
            }
            if (f.size() == 1 && f[0].empty()) return;
            if (f.size() < 3)
                throw std::runtime_error(atLine(ratingsSource, line, "expected userId,movieId,rating[,timestamp], found " +
                                                                         std::to_string(f.size()) + " fields"));
            Rating r{wholeField(f[0], ratingsSource, line, "userId"), wholeField(f[1], ratingsSource, line, "movieId"), {}};
            for (std::size_t i = 2; i < f.size(); ++i) r.rest += "," + csvField(f[i]);
            ratings.push_back(std::move(r));
        }, ',');
        reader.setSourceName(ratingsSource);
        reader.feed(text);
        reader.finish();
    }
    if (ratings.empty()) throw std::runtime_error("\"" + ratingsSource + "\" has no ratings to copy");

    std::unordered_map<std::int64_t, std::size_t> count;
    std::int64_t maxUser = 0, maxMovie = 0;
    for (const Rating& r : ratings) {
        ++count[r.movie];
        maxUser = std::max(maxUser, r.user);
        maxMovie = std::max(maxMovie, r.movie);
    }
    // The head: the most-rated movies, ties by id so the split does not depend on hash order.
    std::vector<std::pair<std::size_t, std::int64_t>> byCount;
    for (const auto& [movie, n] : count) byCount.emplace_back(n, movie);
    std::sort(byCount.begin(), byCount.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    std::unordered_set<std::int64_t> head;
    for (std::size_t i = 0; i < std::min(options.head, byCount.size()); ++i) head.insert(byCount[i].second);

    CatalogueBenchFile result;
    result.headMovies = head.size();
    // Tail ids: the next power of ten above every source id, so copy 3 of movie 5 reads 3000005
    // when the source ids are below a million.
    std::int64_t stride = 10;
    while (stride <= maxMovie) stride *= 10;
    result.idStride = stride;
    const auto last = static_cast<std::int64_t>(options.copies - 1);
    const std::int64_t limit = std::numeric_limits<std::int32_t>::max();
    if (maxMovie + last * stride > limit || (maxUser + 1) * static_cast<std::int64_t>(options.copies) > limit)
        throw std::invalid_argument(std::to_string(options.copies) + " copies of \"" + ratingsSource +
                                    "\" would number movies or users past 2^31 - 1: use fewer copies");
    auto movieIn = [&](std::int64_t movie, std::int64_t copy) { return head.count(movie) ? movie : movie + copy * stride; };

    {
        const std::string partial = ratingsTarget + ".part";
        std::ofstream out(partial, std::ios::binary);
        if (!out) throw std::runtime_error("cannot write \"" + partial + "\"");
        out << ratingsHeader << '\n';
        std::string buffer;
        for (std::int64_t copy = 0; copy <= last; ++copy)
            for (const Rating& r : ratings) {
                buffer += std::to_string(r.user + copy * maxUser);
                buffer += ',';
                buffer += std::to_string(movieIn(r.movie, copy));
                buffer += r.rest;
                buffer += '\n';
                if (buffer.size() > (1u << 20)) {
                    out << buffer;
                    buffer.clear();
                }
            }
        out << buffer;
        out.close();
        if (!out || std::rename(partial.c_str(), ratingsTarget.c_str()) != 0)
            throw std::runtime_error("writing \"" + ratingsTarget + "\" failed");
    }
    std::unordered_set<std::int64_t> users;
    for (const Rating& r : ratings) users.insert(r.user);
    result.ratings = ratings.size() * options.copies;
    result.users = users.size() * options.copies;
    result.movies = head.size() + (count.size() - head.size()) * options.copies;
    for (const auto& [movie, n] : count)
        if (n * (head.count(movie) ? options.copies : 1) < 10) result.fewerThan10 += head.count(movie) ? 1 : options.copies;

    // The movies file: every head movie once, every tail movie once per copy.
    const std::string text = readWhole(moviesSource);
    std::string header;
    std::vector<std::vector<std::string>> rows;  // id, title, the other fields
    CsvReader reader([&](const std::vector<std::string_view>& f, std::size_t line) {
        if (line == 1) {
            for (std::size_t i = 0; i < f.size(); ++i) header += (i ? "," : "") + csvField(f[i]);
            return;
        }
        if (f.size() == 1 && f[0].empty()) return;
        if (f.size() < 2) throw std::runtime_error(atLine(moviesSource, line, "expected movieId,title[,genres]"));
        std::vector<std::string> row{std::to_string(wholeField(f[0], moviesSource, line, "movieId"))};
        for (std::size_t i = 1; i < f.size(); ++i) row.emplace_back(f[i]);
        rows.push_back(std::move(row));
    }, ',');
    reader.setSourceName(moviesSource);
    reader.feed(text);
    reader.finish();
    const std::string partial = moviesTarget + ".part";
    std::ofstream out(partial, std::ios::binary);
    if (!out) throw std::runtime_error("cannot write \"" + partial + "\"");
    out << header << '\n';
    for (std::int64_t copy = 0; copy <= last; ++copy)
        for (const auto& row : rows) {
            const std::int64_t id = std::stoll(row[0]);
            if (copy > 0 && (head.count(id) || !count.count(id))) continue;  // unrated movies once, as in the source
            out << movieIn(id, copy) << ',' << csvField(copy > 0 ? copyTitle(row[1], static_cast<std::size_t>(copy)) : row[1]);
            for (std::size_t i = 2; i < row.size(); ++i) out << ',' << csvField(row[i]);
            out << '\n';
        }
    out.close();
    if (!out || std::rename(partial.c_str(), moviesTarget.c_str()) != 0) throw std::runtime_error("writing \"" + moviesTarget + "\" failed");
    return result;
}

}  // namespace m2v
