// Fuzzes both metadata loaders (MovieLens movies.csv, Kaggle movies_metadata.csv) and the links
// join: the input's second byte splits it into a metadata file and a links file.
#include "catalogue.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::size_t split = std::min<std::size_t>(size - 1, 1 + (static_cast<std::size_t>(data[1]) * size) / 256);
    try {
        m2v::MoviesLoader movies("movies.csv");
        m2v::fuzz::feedInChunks(data, split, [&](std::string_view c) { movies.feed(c); });
        m2v::MetadataTable metadata = movies.finish();
        std::vector<std::string> notes;
        m2v::Catalogue::build(metadata, nullptr, &notes);
        m2v::LinksLoader links("links.csv");
        m2v::fuzz::feedInChunks(data + split - 1, size - split + 1, [&](std::string_view c) { links.feed(c); });
        m2v::LinksTable table = links.finish();
        m2v::Catalogue::build(metadata, &table, &notes);
    } catch (const m2v::LoadError&) {
    }
    return 0;
}
