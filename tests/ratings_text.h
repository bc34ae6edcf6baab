// A ratings table read from CSV text, as the loader reads a file named ratings.csv.
#pragma once

#include <string>

#include "ratings.h"

inline m2v::RatingsTable ratingsFromText(const std::string& text) {
    m2v::RatingsLoader loader("ratings.csv");
    loader.feed(text);
    return loader.finish();
}
