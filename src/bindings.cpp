// The one file that knows about Emscripten: adapts the Session to JavaScript. Results cross as
// plain objects and arrays; every C++ exception becomes a JavaScript Error with the same message.
// Built with M2V_EMBED_ONLY it exposes only `Model` (a loaded model file, queries, no training),
// so the embed module links nothing but model_file, similarity, recommend and title_search.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>

#ifdef M2V_EMBED_ONLY
#include "model_file.h"
#include "recommend.h"
#include "similarity.h"
#include "title_search.h"
#else
#include "option_table.h"
#include "session.h"
#endif

using emscripten::val;

namespace {

template <typename F>
auto guarded(F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const std::bad_alloc&) {
        val::global("Error").new_(std::string("out of memory: the data does not fit in this tab's WebAssembly memory (4 GB at most); try a smaller file, a higher min count or a smaller dimension")).throw_();
    } catch (const std::exception& e) {
        val::global("Error").new_(std::string(e.what())).throw_();
    }
}

val stringArray(const std::vector<std::string>& items) {
    val a = val::array();
    for (std::size_t i = 0; i < items.size(); ++i) a.set(i, items[i]);
    return a;
}

#ifndef M2V_EMBED_ONLY
val toJs(const m2v::LoadReport& r) {
    val o = val::object();
    o.set("file", r.file);
    o.set("kind", r.kind);
    o.set("rowsRead", static_cast<double>(r.rowsRead));
    o.set("rowsKept", static_cast<double>(r.rowsKept));
    o.set("rowsSkipped", static_cast<double>(r.rowsSkipped));
    o.set("problems", stringArray(r.problems));
    o.set("notes", stringArray(r.notes));
    return o;
}

val toJs(const m2v::TrainProgress& p) {
    val o = val::object();
    o.set("epoch", p.epoch);
    o.set("epochs", p.epochs);
    o.set("tokensDone", static_cast<double>(p.tokensDone));
    o.set("tokensTotal", static_cast<double>(p.tokensTotal));
    o.set("tokensPerSecond", p.tokensPerSecond);
    o.set("loss", p.loss);
    val losses = val::array();
    for (std::size_t i = 0; i < p.epochLosses.size(); ++i) losses.set(i, p.epochLosses[i]);
    o.set("epochLosses", losses);
    o.set("seconds", p.seconds);
    o.set("done", p.done);
    return o;
}
#endif

template <typename T>
T option(const val& options, const char* name, T fallback) {
    val v = options[name];
    if (v.isUndefined() || v.isNull()) return fallback;
    const double x = v.as<double>();
    if (!std::isfinite(x)) throw std::invalid_argument(std::string(name) + " must be a number");
    if constexpr (std::is_integral_v<T>) {
        if (x != std::floor(x)) throw std::invalid_argument(std::string(name) + " must be a whole number, got " + std::to_string(x));
        if (x < static_cast<double>(std::numeric_limits<T>::min()) || x > static_cast<double>(std::numeric_limits<T>::max()))
            throw std::invalid_argument(std::string(name) + " is out of range");
    }
    return static_cast<T>(x);
}

std::vector<int32_t> idArray(const val& array) {
    std::vector<int32_t> ids;
    const auto n = array["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) ids.push_back(option<int32_t>(array, std::to_string(i).c_str(), 0));
    return ids;
}

// A copy of a JavaScript Uint8Array (or array of bytes) in WebAssembly memory.
void copyBytes(const val& bytes, std::string& buffer) {
    const auto n = bytes["length"].as<std::size_t>();
    buffer.resize(n);
    val view(emscripten::typed_memory_view(n, reinterpret_cast<unsigned char*>(buffer.data())));
    view.call<void>("set", bytes);
}

#ifndef M2V_EMBED_ONLY
// x with 6 significant digits, as text.
std::string shortDecimal(double x) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", x);
    return buffer;
}
#endif

std::size_t clampK(int k) { return static_cast<std::size_t>(std::clamp(k, 1, 100000)); }

// undefined, null or NaN: the default; otherwise the whole number within [0, 2^32).
std::uint32_t clampMinRatings(double minRatings) {
    if (!std::isfinite(minRatings)) return m2v::kDefaultMinRatings;
    return static_cast<std::uint32_t>(std::clamp(std::floor(minRatings), 0.0, 4294967295.0));
}

// recommend()'s options from k, minRatings and the window of recent movies (undefined: the default).
m2v::RecommendOptions recommendOptions(int k, double minRatings, double recent) {
    m2v::RecommendOptions o;
    o.k = clampK(k);
    o.minRatings = clampMinRatings(minRatings);
    if (std::isfinite(recent)) o.recent = static_cast<std::size_t>(std::clamp(std::floor(recent), 1.0, 100000.0));
    return o;
}

// recommend()'s answer: {items: [{movieId, title, ..., score, because, becauseTitle}], unknown:
// [ids skipped]}; movieObject(movieId, score) is the class's own movie object.
template <typename MovieObject>
val recommendationObject(const m2v::RecommendResult& r, const MovieObject& movieObject) {
    val items = val::array();
    for (std::size_t i = 0; i < r.items.size(); ++i) {
        val o = movieObject(r.items[i].movieId, r.items[i].score);
        o.set("because", r.items[i].because);
        o.set("becauseTitle", movieObject(r.items[i].because, 0.0f)["title"]);
        items.set(i, o);
    }
    val out = val::object();
    out.set("items", items);
    val unknown = val::array();
    for (std::size_t i = 0; i < r.unknown.size(); ++i) unknown.set(i, r.unknown[i]);
    out.set("unknown", unknown);
    return out;
}

#ifdef M2V_EMBED_ONLY

// A model file loaded for queries: what a static site needs to show similar movies.
class JsModel {
public:
    val load(const val& bytes) {
        return guarded([&] {
            std::string buffer;
            copyBytes(bytes, buffer);
            m2v::ModelData data = m2v::loadModel(buffer);
            auto index = std::make_unique<m2v::SimilarityIndex>(data.ids, data.vectors, std::move(data.ratings));
            // The file keeps the vocabulary's order (most rated first): earlier wins ties.
            m2v::TitleSearch search;
            for (std::size_t i = 0; i < data.ids.size(); ++i)
                search.add(data.ids[i], titleOf(data.ids[i], data.movies[i]), -static_cast<double>(i));
            // Only now replace what was loaded before: a bad file leaves the old model in place.
            movies_ = std::move(data.movies);
            index_ = std::move(index);
            search_ = std::move(search);
            input_ = std::move(data.vectors);
            output_ = std::move(data.output);
            nextInput_ = std::move(data.nextInput);
            nextOutput_ = std::move(data.nextOutput);
            val out = val::object();
            out.set("movies", static_cast<double>(index_->size()));
            out.set("dim", index_->dim());
            out.set("hasRatings", index_->hasRatings());
            out.set("hasOutputVectors", output_.rows() > 0);
            out.set("hasNextModel", nextInput_.rows() > 0);
            return out;
        });
    }
    // minRatings: leave out movies with fewer ratings (when the file has the counts).
    val similar(int32_t movieId, int k, double minRatings) const {
        return guarded([&] { return neighbours(index().similar(movieId, clampK(k), clampMinRatings(minRatings))); });
    }
    val moreLike(const val& ids, int k, double minRatings) const {
        return guarded([&] { return neighbours(index().moreLike(idArray(ids), clampK(k), clampMinRatings(minRatings))); });
    }
    val analogy(const val& positive, const val& negative, int k, double minRatings) const {
        return guarded([&] {
            return neighbours(index().analogy(idArray(positive), idArray(negative), clampK(k), clampMinRatings(minRatings)));
        });
    }
    // What to watch next: {items: [{movieId, title, ..., score, because}], unknown: [ids skipped]}.
    val recommend(const val& history, int k, double minRatings, double recent) const {
        return guarded([&] {
            const m2v::RecommendResult r =
                m2v::recommend(index(), {&input_, &output_, &nextInput_, &nextOutput_}, idArray(history),
                               recommendOptions(k, minRatings, recent));
            return recommendationObject(r, [this](int32_t id, float score) { return movieObject(id, score); });
        });
    }
    val search(const std::string& text, int k) const {
        return guarded([&] {
            index();
            return neighbours(search_.find(text, clampK(k)));
        });
    }
    // Every movie of the model, in the file's order: [{movieId, title, year, genres, score: 0}].
    val movies() const {
        return guarded([&] {
            val a = val::array();
            const auto& ids = index().ids();
            for (std::size_t i = 0; i < ids.size(); ++i) a.set(i, movieObject(ids[i], 0));
            return a;
        });
    }

private:
    static std::string titleOf(int32_t movieId, const m2v::MovieInfo& info) {
        return info.title.empty() ? m2v::untitledName(movieId) : info.title;
    }
    const m2v::SimilarityIndex& index() const {
        if (!index_) throw std::logic_error("load a model first");
        return *index_;
    }
    val neighbours(const std::vector<m2v::Neighbour>& list) const {
        val a = val::array();
        for (std::size_t i = 0; i < list.size(); ++i) a.set(i, movieObject(list[i].movieId, list[i].score));
        return a;
    }
    val movieObject(int32_t movieId, float score) const {
        const int32_t row = index_->rowOf(movieId);
        const m2v::MovieInfo& info = movies_[static_cast<std::size_t>(row)];
        val o = val::object();
        o.set("movieId", movieId);
        o.set("score", score);
        o.set("ratings", static_cast<double>(index_->ratingsOf(row)));
        o.set("title", titleOf(movieId, info));
        o.set("year", info.year);
        o.set("genres", stringArray(info.genres));
        return o;
    }

    std::vector<m2v::MovieInfo> movies_;  // parallel to index_->ids()
    std::unique_ptr<m2v::SimilarityIndex> index_;
    m2v::TitleSearch search_;
    m2v::Matrix input_, output_;  // the model's vectors, for recommend (output_: 0 rows when the file has none)
    m2v::Matrix nextInput_, nextOutput_;  // its next model's (0 rows when it has none)
};

#else

// train()'s options object (by the names of option_table.h) as TrainOptions, on the defaults;
// *minRating gets minRating (-infinity when left out).
m2v::TrainOptions trainOptionsFrom(const val& options, float* minRating) {
    m2v::TrainOptions o;
    for (const m2v::OptionSpec& s : m2v::trainOptionTable()) {
#ifndef __EMSCRIPTEN_PTHREADS__
        if (s.nativeOnly) continue;  // threads: this module has one
#endif
        const val v = options[s.name];
        if (v.isUndefined() || v.isNull()) continue;
        if (s.setChoice) {
            s.setChoice(o, v.as<std::string>());
            continue;
        }
        if (!s.set) continue;  // no field: minRating, below
        const double x = s.kind == m2v::OptionKind::Integer ? static_cast<double>(option<long long>(options, s.name.c_str(), 0))
                                                            : option(options, s.name.c_str(), 0.0);
        // Checked before it is cast to the field's type (the Worker caps threads at the threads its
        // module started with: movie2vec-engine.mjs).
        if (!m2v::accepted(s, x)) throw std::invalid_argument(m2v::notAcceptedError(s, x));
        s.set(o, x);
    }
    *minRating = option(options, "minRating", -std::numeric_limits<float>::infinity());
    return o;
}

class JsSession {
public:
    void beginFile(const std::string& kind, const std::string& name) {
        guarded([&] { session_.beginFile(kind, name); });
    }
    void feed(const val& bytes) {
        guarded([&] {
            copyBytes(bytes, buffer_);
            session_.feed(buffer_);
        });
    }
    void expectBytes(double bytes) {
        guarded([&] { session_.expectBytes(static_cast<std::uint64_t>(std::max(0.0, bytes))); });
    }
    val finishFile() {
        return guarded([&] { return toJs(session_.finishFile()); });
    }
    val summary() const {
        return guarded([&] {
            const m2v::DataSummary s = session_.summary();
            val o = val::object();
            o.set("ratings", static_cast<double>(s.ratings));
            o.set("users", static_cast<double>(s.users));
            o.set("moviesRated", static_cast<double>(s.moviesRated));
            o.set("moviesWithTitles", static_cast<double>(s.moviesWithTitles));
            o.set("catalogueSize", static_cast<double>(s.catalogueSize));
            o.set("notes", stringArray(s.notes));
            return o;
        });
    }
    val prepare(const val& options) {
        return guarded([&] {
            float minRating = 0;
            const m2v::TrainOptions o = trainOptionsFrom(options, &minRating);
            const m2v::PrepareResult r = session_.prepare(o, minRating);
            val out = val::object();
            out.set("vocabulary", static_cast<double>(r.vocabulary));
            out.set("sequences", static_cast<double>(r.sequences));
            out.set("tokens", static_cast<double>(r.tokens));
            return out;
        });
    }
    // What training with these options would take (estimate.h); measures for about measureMs.
    val estimate(const val& options, double measureMs) const {
        return guarded([&] {
            float minRating = 0;
            const m2v::TrainOptions o = trainOptionsFrom(options, &minRating);
            const double seconds = std::isfinite(measureMs) ? std::clamp(measureMs, 1.0, 5000.0) / 1000 : 0.25;
            const m2v::TrainEstimate e = session_.estimate(o, minRating, seconds);
            val out = val::object();
            out.set("tokensPerEpoch", static_cast<double>(e.tokensPerEpoch));
            out.set("vocabulary", static_cast<double>(e.vocabulary));
            out.set("sequences", static_cast<double>(e.sequences));
            out.set("epochs", e.epochs);
            out.set("autoEpochs", e.autoEpochs);
            out.set("measuredTokens", static_cast<double>(e.measuredTokens));
            out.set("measuredSeconds", e.measuredSeconds);
            out.set("tokensPerSecond", e.tokensPerSecond);
            out.set("seconds", e.seconds);
            out.set("memoryBytes", static_cast<double>(e.memoryBytes));
            return out;
        });
    }
    void stopTraining() {
        guarded([&] { session_.stopTraining(); });
    }
    val trainStep(double maxTokens) {
        return guarded([&] { return toJs(session_.trainStep(static_cast<std::uint64_t>(std::max(1.0, maxTokens)))); });
    }
    // minRatings: leave out movies with fewer ratings (defaultOptions().minRatings is the default).
    val similar(int32_t movieId, int k, double minRatings) const {
        return guarded([&] { return neighbours(session_.similar(movieId, clampK(k), clampMinRatings(minRatings))); });
    }
    val moreLike(const val& ids, int k, double minRatings) const {
        return guarded([&] { return neighbours(session_.moreLike(idArray(ids), clampK(k), clampMinRatings(minRatings))); });
    }
    val analogy(const val& positive, const val& negative, int k, double minRatings) const {
        return guarded([&] {
            return neighbours(session_.analogy(idArray(positive), idArray(negative), clampK(k), clampMinRatings(minRatings)));
        });
    }
    val search(const std::string& text, int k) const {
        return guarded([&] { return neighbours(session_.search(text, clampK(k))); });
    }
    // What to watch next: {items: [{movieId, title, ..., score, because}], unknown: [ids skipped]}.
    val recommend(const val& history, int k, double minRatings, double recent) const {
        return guarded([&] {
            const m2v::RecommendResult r = session_.recommend(idArray(history), recommendOptions(k, minRatings, recent));
            return recommendationObject(r, [this](int32_t id, float score) { return movieObject(id, score); });
        });
    }
    // One user's movies of the loaded ratings file, in time order: [movieId].
    val userHistory(int32_t userId) const {
        return guarded([&] {
            const std::vector<int32_t> ids = session_.userHistory(userId);
            val a = val::array();
            for (std::size_t i = 0; i < ids.size(); ++i) a.set(i, ids[i]);
            return a;
        });
    }
    // Whether the model has output vectors (recommend needs them).
    bool hasOutputVectors() const { return session_.model().output.rows() > 0; }
    bool hasNextModel() const { return session_.model().nextInput.rows() > 0; }
    std::string exportWord2Vec() const {
        return guarded([&] { return session_.exportWord2Vec(); });
    }
    std::string exportProjectorVectors() const {
        return guarded([&] { return session_.exportProjectorVectors(); });
    }
    std::string exportProjectorMetadata() const {
        return guarded([&] { return session_.exportProjectorMetadata(); });
    }
    // A copy as a Uint8Array: a view into WebAssembly memory would die when memory grows.
    val saveModel(bool quantize, bool outputVectors) const {
        return guarded([&] {
            const std::string bytes = session_.saveModel(quantize, outputVectors);
            val view(emscripten::typed_memory_view(bytes.size(), reinterpret_cast<const unsigned char*>(bytes.data())));
            return val::global("Uint8Array").new_(view);
        });
    }
    val loadModel(const val& bytes) {
        return guarded([&] {
            copyBytes(bytes, buffer_);
            const m2v::PrepareResult r = session_.loadModel(buffer_);
            buffer_.clear();
            val out = val::object();
            out.set("movies", static_cast<double>(r.vocabulary));
            out.set("dim", session_.model().input.cols());
            return out;
        });
    }
    // x, y per trained movie (order of movies()), as a Float32Array copy.
    val projection() const {
        return guarded([&] {
            const std::vector<float> xy = session_.projection();
            val view(emscripten::typed_memory_view(xy.size(), xy.data()));
            return val::global("Float32Array").new_(view);
        });
    }
    // The UMAP map: umapStart() sets it up, umapStep(epochs) runs a round of the neighbour search
    // (searching true) or some epochs; both return {epoch, epochs, searching, done, xy} (xy a
    // Float32Array copy, in the order of movies()).
    val umapStart() {
        return guarded([&] { return layoutObject(session_.startUmap()); });
    }
    val umapStep(int epochs) {
        return guarded([&] { return layoutObject(session_.umapStep(std::max(1, epochs))); });
    }
    // Every trained movie, in the model's order: [{movieId, title, year, genres}].
    val movies() const {
        return guarded([&] {
            val a = val::array();
            const auto& ids = session_.modelIds();
            for (std::size_t i = 0; i < ids.size(); ++i) a.set(i, movieObject(ids[i], 0));
            return a;
        });
    }
    // The same as JSON text, [{movieId, title, year, genres, score: 0, ratings}]: one string across
    // the boundary instead of several calls per movie (90,000 movies: tens of ms, not a second).
    // How many movies the model has: the length of movies().
    double movieCount() const {
        return guarded([&] { return static_cast<double>(session_.modelIds().size()); });
    }
    std::string moviesJson() const { return moviesJsonSlice(0, std::numeric_limits<int32_t>::max()); }
    // Movies first .. first + count - 1 of that list (fewer at its end): a long list in pieces, so
    // that the Worker answers other requests between them.
    std::string moviesJsonSlice(int32_t first, int32_t count) const {
        return guarded([&] {
            std::string out = "[";
            const auto& ids = session_.modelIds();
            const std::size_t from = std::min<std::size_t>(static_cast<std::size_t>(std::max(first, 0)), ids.size());
            const std::size_t to = from + std::min<std::size_t>(static_cast<std::size_t>(std::max(count, 0)), ids.size() - from);
            for (std::size_t i = from; i < to; ++i) {
                const m2v::MovieInfo* info = session_.catalogue().find(ids[i]);
                out += i > from ? ",{\"movieId\":" : "{\"movieId\":";
                out += std::to_string(ids[i]);
                out += ",\"title\":";
                appendJsonString(out, info ? info->title : m2v::untitledName(ids[i]));
                out += ",\"year\":" + std::to_string(info ? info->year : 0) + ",\"genres\":[";
                if (info)
                    for (std::size_t g = 0; g < info->genres.size(); ++g) {
                        if (g) out += ',';
                        appendJsonString(out, info->genres[g]);
                    }
                out += "],\"score\":0,\"ratings\":" + std::to_string(session_.ratingsOf(ids[i])) + "}";
            }
            return out + "]";
        });
    }

private:
    // A JSON string literal: quotes, backslashes and control characters escaped; other bytes
    // (UTF-8) as they are.
    static void appendJsonString(std::string& out, const std::string& text) {
        out += '"';
        for (const char c : text) {
            if (c == '"' || c == '\\') {
                out += '\\';
                out += c;
            } else if (static_cast<unsigned char>(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
                out += escaped;
            } else {
                out += c;
            }
        }
        out += '"';
    }
    static val layoutObject(const m2v::UmapLayout& layout) {
        const std::vector<float> xy = layout.coordinates();
        val out = val::object();
        out.set("epoch", layout.epoch());
        out.set("epochs", layout.epochs());
        out.set("searching", !layout.neighboursFound());
        out.set("done", layout.epoch() >= layout.epochs());
        out.set("xy", val::global("Float32Array").new_(val(emscripten::typed_memory_view(xy.size(), xy.data()))));
        return out;
    }
    val neighbours(const std::vector<m2v::Neighbour>& list) const {
        val a = val::array();
        for (std::size_t i = 0; i < list.size(); ++i) a.set(i, movieObject(list[i].movieId, list[i].score));
        return a;
    }

    val movieObject(int32_t movieId, float score) const {
        val o = val::object();
        o.set("movieId", movieId);
        o.set("score", score);
        o.set("ratings", static_cast<double>(session_.ratingsOf(movieId)));
        const m2v::MovieInfo* info = session_.catalogue().find(movieId);
        o.set("title", info ? info->title : m2v::untitledName(movieId));
        o.set("year", info ? info->year : 0);
        o.set("genres", info ? stringArray(info->genres) : val::array());
        return o;
    }

    m2v::Session session_;
    std::string buffer_;
};

// Options as JavaScript sees them, from the one table (option_table.h): [{name, kind: "integer" |
// "number" | "choice", default (null when optional), min, max, minExclusive, maxExclusive,
// optional, choices, help}], so a form shows the core's own limits and defaults.
val optionArray(const std::vector<m2v::OptionSpec>& table) {
    val a = val::array();
    unsigned n = 0;
    for (const m2v::OptionSpec& s : table) {
#ifndef __EMSCRIPTEN_PTHREADS__
        if (s.nativeOnly) continue;  // threads: the threaded module (movie2vec-threads.js) offers it
#endif
        val o = val::object();
        o.set("name", s.name);
        o.set("help", s.help);
        o.set("optional", s.optional);
        if (s.optional) o.set("leftOut", s.leftOut);
        if (s.kind == m2v::OptionKind::Choice) {
            o.set("kind", std::string("choice"));
            o.set("default", s.defaultChoice);
            o.set("choices", stringArray(s.choices));
        } else {
            o.set("kind", std::string(s.kind == m2v::OptionKind::Integer ? "integer" : "number"));
            // float options (lr) hold a float's value: 6 significant digits give 0.02, not 0.0199999996.
            o.set("default", s.optional ? val::null() : val(std::stod(shortDecimal(s.defaultNumber))));
            o.set("min", s.min);
            o.set("max", s.max);
            o.set("minExclusive", s.minExclusive);
            o.set("maxExclusive", s.maxExclusive);
        }
        a.set(n++, o);
    }
    return a;
}

// What prepare() takes.
val trainOptions() { return optionArray(m2v::trainOptionTable()); }

// What similar(), moreLike() and analogy() take besides k (minRatings).
val neighbourOptions() { return optionArray(m2v::neighbourOptionTable()); }

// The epochs training takes when they are left out, for a corpus of this many ratings per epoch.
int autoEpochs(double tokensPerEpoch) { return m2v::autoEpochs(static_cast<std::uint64_t>(std::max(0.0, tokensPerEpoch))); }

// The defaults alone, as {name: value}: what is used for an option left out.
val defaultOptions() {
    val v = val::object();
    for (const val& options : {trainOptions(), neighbourOptions()}) {
        const auto n = options["length"].as<unsigned>();
        for (unsigned i = 0; i < n; ++i) v.set(options[i]["name"], options[i]["default"]);
    }
    return v;
}

#endif  // M2V_EMBED_ONLY

}  // namespace

#ifdef M2V_EMBED_ONLY
EMSCRIPTEN_BINDINGS(movie2vec_embed) {
    emscripten::class_<JsModel>("Model")
        .constructor<>()
        .function("load", &JsModel::load)
        .function("similar", &JsModel::similar)
        .function("moreLike", &JsModel::moreLike)
        .function("analogy", &JsModel::analogy)
        .function("search", &JsModel::search)
        .function("recommend", &JsModel::recommend)
        .function("movies", &JsModel::movies);
}
#else
EMSCRIPTEN_BINDINGS(movie2vec) {
    emscripten::class_<JsSession>("Session")
        .constructor<>()
        .function("beginFile", &JsSession::beginFile)
        .function("feed", &JsSession::feed)
        .function("expectBytes", &JsSession::expectBytes)
        .function("finishFile", &JsSession::finishFile)
        .function("summary", &JsSession::summary)
        .function("prepare", &JsSession::prepare)
        .function("trainStep", &JsSession::trainStep)
        .function("stopTraining", &JsSession::stopTraining)
        .function("estimate", &JsSession::estimate)
        .function("similar", &JsSession::similar)
        .function("moreLike", &JsSession::moreLike)
        .function("analogy", &JsSession::analogy)
        .function("search", &JsSession::search)
        .function("recommend", &JsSession::recommend)
        .function("userHistory", &JsSession::userHistory)
        .function("hasOutputVectors", &JsSession::hasOutputVectors)
        .function("hasNextModel", &JsSession::hasNextModel)
        .function("exportWord2Vec", &JsSession::exportWord2Vec)
        .function("exportProjectorVectors", &JsSession::exportProjectorVectors)
        .function("exportProjectorMetadata", &JsSession::exportProjectorMetadata)
        .function("saveModel", &JsSession::saveModel)
        .function("loadModel", &JsSession::loadModel)
        .function("projection", &JsSession::projection)
        .function("umapStart", &JsSession::umapStart)
        .function("umapStep", &JsSession::umapStep)
        .function("movies", &JsSession::movies)
        .function("movieCount", &JsSession::movieCount)
        .function("moviesJson", &JsSession::moviesJson)
        .function("moviesJsonSlice", &JsSession::moviesJsonSlice);
    emscripten::function("defaultOptions", &defaultOptions);
    emscripten::function("trainOptions", &trainOptions);
    emscripten::function("neighbourOptions", &neighbourOptions);
    emscripten::function("autoEpochs", &autoEpochs);
}
#endif  // M2V_EMBED_ONLY
