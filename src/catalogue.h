// The movie catalogue: titles, years and genres by MovieLens movieId, from MovieLens
// movies.csv, or from Kaggle movies_metadata.csv (TMDB ids) joined through links.csv.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "load_report.h"

namespace m2v {

struct MovieInfo {
    std::string title;  // as the file gives it, e.g. "Toy Story (1995)"
    int year = 0;       // 0 when unknown
    std::vector<std::string> genres;
};

// What a movie without a title is shown as, and found by: "Movie 3751".
inline std::string untitledName(int32_t movieId) { return "Movie " + std::to_string(movieId); }

// A metadata file as read: MovieLens (keyed by movieId) or Kaggle (keyed by TMDB id).
struct MetadataTable {
    bool keyedByTmdb = false;
    std::unordered_map<int32_t, MovieInfo> movies;
    std::string fileName;  // as given to the loader, for notes
};

// links.csv / links_small.csv: movieId,imdbId,tmdbId.
struct LinksTable {
    std::unordered_map<int32_t, int32_t> tmdbToMovie;
    // (tmdbId, movieId) for movies whose tmdbId tmdbToMovie already gives to another movie
    // (MovieLens has a few such pairs); both movies get the TMDB title.
    std::vector<std::pair<int32_t, int32_t>> sharedTmdb;
};

// Reads a metadata file streamed in chunks; the format is detected from the header: MovieLens
// movies.csv (movieId,title,genres; year from a trailing "(1995)" in the title) or Kaggle
// movies_metadata.csv (id = TMDB id, title, release_date, genres as a Python literal).
class MoviesLoader {
public:
    explicit MoviesLoader(std::string fileName);
    ~MoviesLoader();
    MoviesLoader(const MoviesLoader&) = delete;
    MoviesLoader& operator=(const MoviesLoader&) = delete;
    void feed(std::string_view chunk);
    MetadataTable finish();  // throws LoadError when unusable
    const LoadReport& report() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

class LinksLoader {
public:
    explicit LinksLoader(std::string fileName);
    ~LinksLoader();
    LinksLoader(const LinksLoader&) = delete;
    LinksLoader& operator=(const LinksLoader&) = delete;
    void feed(std::string_view chunk);
    LinksTable finish();  // throws LoadError when unusable
    const LoadReport& report() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

class Catalogue {
public:
    Catalogue() = default;
    // MovieLens metadata is used as is. Kaggle metadata is joined through links; without links
    // the catalogue stays empty and `notes` says why (TMDB ids are not MovieLens ids).
    static Catalogue build(const MetadataTable& metadata, const LinksTable* links, std::vector<std::string>* notes);

    const MovieInfo* find(int32_t movieId) const;
    std::size_t size() const { return movies_.size(); }
    const std::unordered_map<int32_t, MovieInfo>& movies() const { return movies_; }
    void insert(int32_t movieId, MovieInfo info) { movies_[movieId] = std::move(info); }

private:
    std::unordered_map<int32_t, MovieInfo> movies_;
};

MetadataTable loadMetadataFile(const std::string& path, LoadReport* report = nullptr);
LinksTable loadLinksFile(const std::string& path, LoadReport* report = nullptr);

}  // namespace m2v
