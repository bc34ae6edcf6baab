#include "title_search.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace m2v {

namespace {

// Base letter of a Latin-1 Supplement or Latin Extended-A code point, 0 when there is none.
char baseLetter(std::uint32_t cp) {
    static const char* latin1 =  // U+00C0 .. U+00FF
        "aaaaaaaceeeeiiiidnooooo ouuuuyts"
        "aaaaaaaceeeeiiiidnooooo ouuuuyty";
    if (cp >= 0xC0 && cp <= 0xFF) {
        const char c = latin1[cp - 0xC0];
        return c == ' ' ? 0 : c;
    }
    static const char* extendedA =  // U+0100 .. U+017F, in pairs (upper, lower)
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
        "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    if (cp >= 0x100 && cp <= 0x17F) return extendedA[cp - 0x100];
    return 0;
}

}  // namespace

std::string foldForSearch(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool space = true;  // drops leading spaces and runs
    auto put = [&](char c) {
        if (c == ' ') {
            if (!space) out.push_back(' ');
            space = true;
        } else {
            out.push_back(c);
            space = false;
        }
    };
    for (std::size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b < 0x80) {
            put(std::isalnum(b) ? static_cast<char>(std::tolower(b)) : ' ');
            ++i;
            continue;
        }
        // Decode one UTF-8 sequence; anything malformed counts as a separator.
        std::uint32_t cp = 0;
        std::size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        if (len == 1 || i + len > text.size()) {
            put(' ');
            ++i;
            continue;
        }
        cp = b & (0xFF >> (len + 1));
        for (std::size_t j = 1; j < len; ++j) cp = (cp << 6) | (static_cast<unsigned char>(text[i + j]) & 0x3F);
        const char base = baseLetter(cp);
        if (base) {
            put(base);
            if (cp == 0xDF) put('s');  // ß -> ss
            if (cp == 0xC6 || cp == 0xE6 || cp == 0x152 || cp == 0x153) put('e');  // æ -> ae, œ -> oe
        } else if (cp >= 0x370) {
            // Other scripts stay as they are (searchable by exact text).
            out.append(text.substr(i, len));
            space = false;
        } else {
            put(' ');
        }
        i += len;
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

void TitleSearch::add(int32_t movieId, std::string_view title, double weight) {
    entries_.push_back({movieId, foldForSearch(title), weight});
}

std::vector<Neighbour> TitleSearch::find(std::string_view text, std::size_t k) const {
    const std::string query = foldForSearch(text);
    if (query.empty() || k == 0) return {};
    std::vector<std::string> words;
    std::istringstream split(query);
    for (std::string w; split >> w;) words.push_back(w);
    struct Hit {
        float score;
        double weight;
        std::size_t length;
        int32_t movieId;
    };
    std::vector<Hit> hits;
    for (const Entry& e : entries_) {
        float score = 0;
        const std::size_t at = e.folded.find(query);
        if (e.folded == query) score = 1.0f;
        else if (at == 0) score = 0.9f;
        else if (at != std::string::npos && e.folded[at - 1] == ' ') score = 0.8f;
        else if (at != std::string::npos) score = 0.6f;
        else if (words.size() > 1 && std::all_of(words.begin(), words.end(), [&](const std::string& w) {
                     return e.folded.find(w) != std::string::npos;
                 }))
            score = 0.5f;
        if (score > 0) hits.push_back({score, e.weight, e.folded.size(), e.movieId});
    }
    auto better = [](const Hit& a, const Hit& b) {
        if (a.score != b.score) return a.score > b.score;
        if (a.weight != b.weight) return a.weight > b.weight;
        if (a.length != b.length) return a.length < b.length;
        return a.movieId < b.movieId;
    };
    const std::size_t n = std::min(k, hits.size());
    std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(n), hits.end(), better);
    std::vector<Neighbour> result;
    for (std::size_t i = 0; i < n; ++i) result.push_back({hits[i].movieId, hits[i].score});
    return result;
}

}  // namespace m2v
