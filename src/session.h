// One user's working state, as the page and the bindings see it: the loaded files, the
// training in progress and the trained model. Plain C++; bindings.cpp adapts it to JavaScript.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue.h"
#include "estimate.h"
#include "load_report.h"
#include "model_file.h"
#include "projection.h"
#include "ratings.h"
#include "recommend.h"
#include "similarity.h"
#include "title_search.h"
#include "trainer.h"

namespace m2v {

struct DataSummary {
    std::size_t ratings = 0;
    std::size_t users = 0;
    std::size_t moviesRated = 0;       // distinct movies with at least one rating
    std::size_t moviesWithTitles = 0;  // of those, how many the catalogue names
    std::size_t catalogueSize = 0;
    std::vector<std::string> notes;
};

struct PrepareResult {
    std::size_t vocabulary = 0;  // movies trained
    std::size_t sequences = 0;   // users with at least two movies
    std::uint64_t tokens = 0;    // tokens per epoch
};

class Session {
public:
    Session();
    ~Session();

    // Streaming load of one file. kind: "ratings", "movies" (MovieLens or Kaggle metadata) or
    // "links". finishFile() throws LoadError when the file is unusable; what was loaded before
    // is kept.
    void beginFile(const std::string& kind, const std::string& name);
    void feed(std::string_view bytes);
    // The size of the file being loaded, when known (a File's size): ratings take room at once.
    void expectBytes(std::uint64_t bytes);
    LoadReport finishFile();

    DataSummary summary() const;
    bool hasRatings() const { return ratings_ != nullptr; }

    // Builds the corpus and a fresh model. Throws std::invalid_argument for bad options and
    // LoadError when there is nothing to train on.
    PrepareResult prepare(const TrainOptions& options, float minRating);
    // What prepare() and training with these options would take (estimate.h), without touching
    // the model or a training in progress. Throws as prepare() does.
    TrainEstimate estimate(const TrainOptions& options, float minRating, double measureSeconds = 0.25) const;
    // Trains about maxTokens tokens; returns the progress after them (done when finished). With
    // more than one thread, the threads go on training until the next call (Trainer::advance()).
    TrainProgress trainStep(std::uint64_t maxTokens);
    // Ends the training in progress (its threads stop); the model there was before stays.
    void stopTraining();
    bool trained() const { return index_ != nullptr; }

    // Results, ranked, leaving out movies with fewer than minRatings ratings (similarity.h).
    // Throws std::invalid_argument for an unknown movie.
    std::vector<Neighbour> similar(int32_t movieId, std::size_t k, std::uint32_t minRatings = kDefaultMinRatings) const;
    std::vector<Neighbour> moreLike(const std::vector<int32_t>& movieIds, std::size_t k,
                                    std::uint32_t minRatings = kDefaultMinRatings) const;
    std::vector<Neighbour> analogy(const std::vector<int32_t>& positive, const std::vector<int32_t>& negative,
                                   std::size_t k, std::uint32_t minRatings = kDefaultMinRatings) const;
    // What to watch next after `history` (movie ids in watch order, most recent last; recommend.h).
    // Unknown ids are skipped and listed. Throws NoOutputVectors for a model file without them.
    RecommendResult recommend(const std::vector<int32_t>& history, const RecommendOptions& options) const;
    // The movies one user of the loaded ratings file rated, in time order (ties by movie id), as
    // training reads them. Throws std::invalid_argument for an unknown user, LoadError without ratings.
    std::vector<int32_t> userHistory(int32_t userId) const;
    // A trained movie's rating count; 0 when unknown (a model file without them) or not trained.
    std::uint32_t ratingsOf(int32_t movieId) const;
    // Titles matching text (accent- and case-insensitive), best first; score is the match quality.
    // The index behind it is built with each model and movies file (in the page, in the Worker,
    // before the model is announced), so the first keystroke only searches.
    std::vector<Neighbour> search(const std::string& text, std::size_t k) const;

    std::string exportWord2Vec() const;
    // TensorFlow Embedding Projector's two TSV files: vectors (no header) and metadata (header row).
    std::string exportProjectorVectors() const;
    std::string exportProjectorMetadata() const;
    // The compact model file (model_file.h); quantize: int8 vectors that keep each movie's top 10
    // (quantize.h), 3.6 times smaller; outputVectors: with the output vectors and the next model
    // (what recommendations need).
    std::string saveModel(bool quantize, bool outputVectors = true) const;
    // Replaces the trained model (and the titles) with a model file's; throws and keeps the
    // current model when the file is not a valid model.
    PrepareResult loadModel(std::string_view bytes);
    // The map: x, y per trained movie, in the order of modelIds().
    std::vector<float> projection() const;
    // The UMAP map in steps: startUmap() finds every movie's neighbours (about a second for 10,000
    // movies natively), umapStep() runs epochs. Both throw before there is a model.
    const UmapLayout& startUmap();
    const UmapLayout& umapStep(int epochs);
    const Catalogue& catalogue() const { return catalogue_; }
    const SimilarityIndex* index() const { return index_.get(); }
    const Model& model() const { return model_; }
    const std::vector<int32_t>& modelIds() const { return ids_; }

private:
    void rebuildCatalogue();

    struct Pending;
    std::unique_ptr<Pending> pending_;
    std::unique_ptr<RatingsTable> ratings_;
    std::optional<MetadataTable> metadata_;
    std::optional<LinksTable> links_;
    Catalogue catalogue_;
    std::vector<std::string> catalogueNotes_;
    std::unique_ptr<Trainer> trainer_;
    std::vector<int32_t> ids_;  // the trained movies, in the model's row order
    Model model_;
    std::unique_ptr<SimilarityIndex> index_;
    void buildTitleIndex() const;
    mutable std::unique_ptr<TitleSearch> titles_;  // rebuilt after each change (or by the first search)
    std::unique_ptr<UmapLayout> umap_;            // of the current model, once asked for
};

}  // namespace m2v
