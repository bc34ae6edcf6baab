#include "session.h"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>
#include <variant>

#include "projection.h"
#include "title_search.h"
#include "vectors_io.h"

namespace m2v {

// The file being streamed in: exactly one loader at a time.
struct Session::Pending {
    std::variant<std::monostate, RatingsLoader, MoviesLoader, LinksLoader> loader;
};

Session::Session() : pending_(std::make_unique<Pending>()) {}
Session::~Session() = default;

void Session::beginFile(const std::string& kind, const std::string& name) {
    pending_ = std::make_unique<Pending>();
    if (kind == "ratings") pending_->loader.emplace<RatingsLoader>(name);
    else if (kind == "movies") pending_->loader.emplace<MoviesLoader>(name);
    else if (kind == "links") pending_->loader.emplace<LinksLoader>(name);
    else throw std::invalid_argument("unknown file kind \"" + kind + "\" (expected ratings, movies or links)");
}

void Session::feed(std::string_view bytes) {
    std::visit(
        [&](auto& loader) {
            if constexpr (std::is_same_v<std::decay_t<decltype(loader)>, std::monostate>)
                throw std::logic_error("feed() before beginFile()");
            else
                loader.feed(bytes);
        },
        pending_->loader);
}

void Session::expectBytes(std::uint64_t bytes) {
    if (auto* r = std::get_if<RatingsLoader>(&pending_->loader)) r->expectBytes(bytes);
}

LoadReport Session::finishFile() {
    // Take the loader out first: whatever happens, the next file starts clean, and what was
    // loaded before is only replaced once the new file has loaded.
    auto pending = std::move(pending_);
    pending_ = std::make_unique<Pending>();
    LoadReport report;
    if (auto* r = std::get_if<RatingsLoader>(&pending->loader)) {
        auto table = std::make_unique<RatingsTable>(r->finish());
        report = r->report();
        ratings_ = std::move(table);
    } else if (auto* m = std::get_if<MoviesLoader>(&pending->loader)) {
        MetadataTable table = m->finish();
        report = m->report();
        metadata_ = std::move(table);
        rebuildCatalogue();
    } else if (auto* l = std::get_if<LinksLoader>(&pending->loader)) {
        LinksTable table = l->finish();
        report = l->report();
        links_ = std::move(table);
        rebuildCatalogue();
    } else {
        throw std::logic_error("finishFile() before beginFile()");
    }
    return report;
}

void Session::rebuildCatalogue() {
    titles_.reset();
    catalogueNotes_.clear();
    if (metadata_) catalogue_ = Catalogue::build(*metadata_, links_ ? &*links_ : nullptr, &catalogueNotes_);
    buildTitleIndex();
}

DataSummary Session::summary() const {
    DataSummary s;
    s.catalogueSize = catalogue_.size();
    s.notes = catalogueNotes_;
    if (ratings_) {
        s.ratings = ratings_->ratingCount();
        s.users = ratings_->userCount();
        const std::vector<int32_t> movies = ratings_->distinctMovieIds();
        s.moviesRated = movies.size();
        for (int32_t id : movies)
            if (catalogue_.find(id)) ++s.moviesWithTitles;
        if (s.catalogueSize > 0 && s.moviesWithTitles < s.moviesRated)
            s.notes.push_back(withThousands(s.moviesRated - s.moviesWithTitles) + " of " + withThousands(s.moviesRated) +
                              " rated movies have no title in the movies file; they are shown by id.");
    }
    return s;
}

PrepareResult Session::prepare(const TrainOptions& options, float minRating) {
    options.validate();
    if (!ratings_) throw LoadError("load a ratings file first");
    Vocabulary vocabulary;
    Corpus corpus = buildCorpus(*ratings_, minRating, options.minCount, &vocabulary);
    PrepareResult result{vocabulary.size(), corpus.sequenceCount(), corpus.tokens.size()};
    trainer_ = std::make_unique<Trainer>(std::move(corpus), std::move(vocabulary), options);
    return result;
}

TrainEstimate Session::estimate(const TrainOptions& options, float minRating, double measureSeconds) const {
    options.validate();
    if (!ratings_) throw LoadError("load a ratings file first");
    return estimateTraining(*ratings_, options, minRating, measureSeconds);
}

TrainProgress Session::trainStep(std::uint64_t maxTokens) {
    if (!trainer_) throw std::logic_error("trainStep() before prepare()");
    TrainProgress p = trainer_->advance(maxTokens);
    if (p.done) {
        ids_ = trainer_->vocabulary().ids();
        model_ = trainer_->model();
        index_ = std::make_unique<SimilarityIndex>(ids_, model_.input, ratingCounts(trainer_->vocabulary()));
        titles_.reset();
        umap_.reset();
        trainer_.reset();
        buildTitleIndex();
    }
    return p;
}

void Session::stopTraining() { trainer_.reset(); }

std::vector<Neighbour> Session::similar(int32_t movieId, std::size_t k, std::uint32_t minRatings) const {
    if (!index_) throw std::logic_error("train a model first");
    return index_->similar(movieId, k, minRatings);
}

std::vector<Neighbour> Session::moreLike(const std::vector<int32_t>& movieIds, std::size_t k, std::uint32_t minRatings) const {
    if (!index_) throw std::logic_error("train a model first");
    return index_->moreLike(movieIds, k, minRatings);
}

std::vector<Neighbour> Session::analogy(const std::vector<int32_t>& positive, const std::vector<int32_t>& negative,
                                        std::size_t k, std::uint32_t minRatings) const {
    if (!index_) throw std::logic_error("train a model first");
    return index_->analogy(positive, negative, k, minRatings);
}

RecommendResult Session::recommend(const std::vector<int32_t>& history, const RecommendOptions& options) const {
    if (!index_) throw std::logic_error("train a model first");
    return m2v::recommend(*index_, {&model_.input, &model_.output, &model_.nextInput, &model_.nextOutput}, history, options);
}

std::vector<int32_t> Session::userHistory(int32_t userId) const {
    if (!ratings_) throw LoadError("load a ratings file first");
    std::vector<int32_t> movies;
    bool found = false;
    ratings_->forEachSequence(-std::numeric_limits<float>::infinity(), [&](int32_t user, const int32_t* m, std::size_t n) {
        if (user != userId) return;
        found = true;
        movies.assign(m, m + n);
    });
    if (!found) throw std::invalid_argument("user " + std::to_string(userId) + " is not in the ratings file");
    return movies;
}

std::uint32_t Session::ratingsOf(int32_t movieId) const {
    if (!index_) return 0;
    const int32_t row = index_->rowOf(movieId);
    return row < 0 ? 0 : index_->ratingsOf(row);
}

std::vector<Neighbour> Session::search(const std::string& text, std::size_t k) const {
    buildTitleIndex();
    return titles_->find(text, k);
}

// Once per catalogue and model, not per keystroke: folding every title is the cost.
void Session::buildTitleIndex() const {
    if (!titles_) {
        titles_ = std::make_unique<TitleSearch>();
        // Movies with a vector when there is a model, else the whole catalogue; popular first on ties.
        if (index_) {
            const auto& ids = index_->ids();
            // The index keeps the vocabulary's order: most rated first.
            for (std::size_t i = 0; i < ids.size(); ++i) {
                const MovieInfo* info = catalogue_.find(ids[i]);
                // An untitled movie is found by the name it is shown under, "Movie 3751".
                titles_->add(ids[i], info ? info->title : untitledName(ids[i]), -static_cast<double>(i));
            }
        } else {
            for (const auto& [id, info] : catalogue_.movies()) titles_->add(id, info.title, 0);
        }
    }
}

std::string Session::exportWord2Vec() const {
    if (!index_) throw std::logic_error("train a model first");
    return toWord2VecText(ids_, model_.input);
}

namespace {

// A TSV field: tabs and line breaks would shift columns or rows.
std::string tsvField(const std::string& text) {
    std::string out = text;
    for (char& c : out)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return out;
}

}  // namespace

std::string Session::exportProjectorVectors() const {
    if (!index_) throw std::logic_error("train a model first");
    std::string out;
    char buffer[32];
    for (Eigen::Index r = 0; r < model_.input.rows(); ++r) {
        for (Eigen::Index c = 0; c < model_.input.cols(); ++c) {
            std::snprintf(buffer, sizeof buffer, c ? "\t%.6g" : "%.6g", static_cast<double>(model_.input(r, c)));
            out += buffer;
        }
        out += '\n';
    }
    return out;
}

std::string Session::exportProjectorMetadata() const {
    if (!index_) throw std::logic_error("train a model first");
    std::string out = "movieId\ttitle\tyear\tgenres\n";
    for (int32_t id : ids_) {
        const MovieInfo* info = catalogue_.find(id);
        std::string genres;
        if (info)
            for (const auto& g : info->genres) genres += (genres.empty() ? "" : "|") + g;
        out += std::to_string(id) + '\t' + tsvField(info ? info->title : "") + '\t' +
               (info && info->year ? std::to_string(info->year) : "") + '\t' + tsvField(genres) + '\n';
    }
    return out;
}

std::string Session::saveModel(bool quantize, bool outputVectors) const {
    if (!index_) throw std::logic_error("train a model first");
    ModelData data;
    data.ids = ids_;
    data.vectors = model_.input;
    if (outputVectors) {
        data.output = model_.output;
        data.nextInput = model_.nextInput;
        data.nextOutput = model_.nextOutput;
    }
    data.ratings = index_->ratings();
    for (int32_t id : ids_) {
        const MovieInfo* info = catalogue_.find(id);
        data.movies.push_back(info ? *info : MovieInfo{});
    }
    return m2v::saveModel(data, quantize);
}

PrepareResult Session::loadModel(std::string_view bytes) {
    ModelData data = m2v::loadModel(bytes);
    auto index = std::make_unique<SimilarityIndex>(data.ids, data.vectors, std::move(data.ratings));
    for (std::size_t i = 0; i < data.ids.size(); ++i)
        if (!data.movies[i].title.empty()) catalogue_.insert(data.ids[i], std::move(data.movies[i]));
    trainer_.reset();
    ids_ = std::move(data.ids);
    model_.input = std::move(data.vectors);
    model_.output = std::move(data.output);  // 0 rows when the file has none
    model_.nextInput = std::move(data.nextInput);
    model_.nextOutput = std::move(data.nextOutput);
    index_ = std::move(index);
    titles_.reset();
    umap_.reset();
    buildTitleIndex();
    return {ids_.size(), 0, 0};
}

std::vector<float> Session::projection() const {
    if (!index_) throw std::logic_error("train a model first");
    return pca2d(model_.input);
}

const UmapLayout& Session::startUmap() {
    if (!index_) throw std::logic_error("train a model first");
    umap_ = std::make_unique<UmapLayout>(model_.input);
    return *umap_;
}

const UmapLayout& Session::umapStep(int epochs) {
    if (!umap_) throw std::logic_error("umapStep() before startUmap()");
    umap_->step(epochs);
    return *umap_;
}

}  // namespace m2v

