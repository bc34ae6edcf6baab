// Finding a movie by what a person types: case- and accent-insensitive ("amelie" finds
// "Amélie (2001)"), best match first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "similarity.h"

namespace m2v {

// Lower case, Latin accents removed, every run of non-alphanumerics as one space, trimmed.
std::string foldForSearch(std::string_view text);

class TitleSearch {
public:
    // weight breaks ties between equally good matches (e.g. the number of ratings).
    void add(int32_t movieId, std::string_view title, double weight);
    // Best first; score in (0, 1]: 1 exact, 0.9 prefix, 0.8 word prefix, 0.6 substring, 0.5 all words.
    std::vector<Neighbour> find(std::string_view text, std::size_t k) const;
    std::size_t size() const { return entries_.size(); }

private:
    struct Entry {
        int32_t movieId;
        std::string folded;
        double weight;
    };
    std::vector<Entry> entries_;
};

}  // namespace m2v
