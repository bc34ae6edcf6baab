#include "model_file.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "quantize.h"
#include "recommend.h"

namespace m2v {

namespace {

constexpr char kMagic[4] = {'M', '2', 'V', '\0'};
constexpr std::uint32_t kFlagInt8 = 1;
// With kFlagInt8: an offset vector, and a norm and a step per vector (quantize.h). Files with
// kFlagInt8 alone (one scale per vector) were written before it and are still read.
constexpr std::uint32_t kFlagOffset = 2;
// Each movie's rating count, after the movie entries. Files without it still open (counts unknown).
constexpr std::uint32_t kFlagRatings = 4;
// The output vectors after the input vectors, in the same form (float, or int8 with an offset
// block of their own), for recommendations. Files without them still open (no recommendations).
constexpr std::uint32_t kFlagOutput = 8;
// The next model's input and output vectors after the output vectors, in the same form (int8: an
// offset block each), for recommendations. Only with kFlagOutput. Files without it still open.
constexpr std::uint32_t kFlagNext = 16;
constexpr std::uint32_t kMaxCount = 20'000'000;
constexpr std::uint32_t kMaxDim = 4096;

class Writer {
public:
    template <typename T>
    void put(T value) {
        static_assert(std::is_arithmetic_v<T>);
        unsigned char b[sizeof(T)];
        std::memcpy(b, &value, sizeof(T));
        // Stored little-endian whatever the machine (WebAssembly and x86 already are).
        if (!littleEndian()) std::reverse(b, b + sizeof(T));
        out.append(reinterpret_cast<const char*>(b), sizeof(T));
    }
    void bytes(std::string_view s) { out.append(s); }
    std::string out;

    static bool littleEndian() {
        const std::uint16_t one = 1;
        unsigned char first;
        std::memcpy(&first, &one, 1);
        return first == 1;
    }
};

class Reader {
public:
    explicit Reader(std::string_view data) : data_(data) {}
    template <typename T>
    T get(const char* what) {
        need(sizeof(T), what);
        unsigned char b[sizeof(T)];
        std::memcpy(b, data_.data() + pos_, sizeof(T));
        if (!Writer::littleEndian()) std::reverse(b, b + sizeof(T));
        pos_ += sizeof(T);
        T value;
        std::memcpy(&value, b, sizeof(T));
        return value;
    }
    std::string_view bytes(std::size_t n, const char* what) {
        need(n, what);
        std::string_view s = data_.substr(pos_, n);
        pos_ += n;
        return s;
    }
    std::size_t position() const { return pos_; }

private:
    void need(std::size_t n, const char* what) const {
        if (data_.size() - pos_ < n)
            throw std::runtime_error(std::string("model file is truncated (it ends inside ") + what + " at byte " +
                                     std::to_string(pos_) + ")");
    }
    std::string_view data_;
    std::size_t pos_ = 0;
};

std::string_view clip(const std::string& s, std::size_t max) { return std::string_view(s).substr(0, max); }

// One block of count x dim vectors: float32 rows, or (quantize) the int8 form with an offset
// block; k: the cosine neighbours the int8 codes keep (0: plain rounding).
void writeVectors(Writer& w, const Matrix& vectors, bool quantize, std::size_t k, const Eigen::MatrixXf* metric = nullptr) {
    const auto count = static_cast<std::size_t>(vectors.rows()), dim = static_cast<std::size_t>(vectors.cols());
    if (!quantize) {
        for (std::size_t i = 0; i < count; ++i)
            for (std::size_t d = 0; d < dim; ++d) w.put(vectors(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(d)));
        return;
    }
    const Int8Vectors q = quantizeInt8(vectors, k, nullptr, metric);
    for (float x : q.offset) w.put(x);
    for (std::size_t i = 0; i < count; ++i) {
        w.put(q.norms[i]);
        w.put(q.steps[i]);
        w.bytes(std::string_view(reinterpret_cast<const char*>(q.codes.data()) + i * dim, dim));
    }
}

// The bytes of one vector block as the flags say it is stored.
std::uint64_t vectorBlockBytes(std::uint32_t count, std::uint32_t dim, bool quantized, bool offsetForm) {
    return offsetForm ? 4ull * dim + static_cast<std::uint64_t>(count) * (8 + dim)
                      : static_cast<std::uint64_t>(count) * (quantized ? 4 + dim : 4ull * dim);
}

// Reads one vector block into `out` (count x dim).
void readVectors(Reader& r, Matrix& out, std::uint32_t count, std::uint32_t dim, bool quantized, bool offsetForm) {
    out.resize(count, dim);
    std::vector<float> offset(offsetForm ? dim : 0);
    for (float& x : offset) x = r.get<float>("the vectors");
    if (!quantized && Writer::littleEndian()) {
        // The file's layout is the matrix's (row-major float32): one copy.
        const std::string_view block = r.bytes(static_cast<std::size_t>(count) * dim * sizeof(float), "the vectors");
        std::memcpy(out.data(), block.data(), block.size());
        return;
    }
    for (std::uint32_t i = 0; i < count; ++i) {
        if (!quantized) {
            for (std::uint32_t d = 0; d < dim; ++d) out(i, d) = r.get<float>("the vectors");
            continue;
        }
        if (offsetForm) {
            const float norm = r.get<float>("the vectors"), step = r.get<float>("the vectors");
            const std::string_view q = r.bytes(dim, "the vectors");
            for (std::uint32_t d = 0; d < dim; ++d) out(i, d) = decodeInt8(norm, offset[d], step, static_cast<std::int8_t>(q[d]));
            continue;
        }
        const float scale = r.get<float>("the vectors");
        const std::string_view q = r.bytes(dim, "the vectors");
        for (std::uint32_t d = 0; d < dim; ++d) out(i, d) = scale * static_cast<float>(static_cast<std::int8_t>(q[d]));
    }
}

}  // namespace

std::uint32_t crc32(std::string_view bytes) {
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char b : bytes) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

std::string saveModel(const ModelData& model, bool quantize) {
    const auto count = static_cast<std::uint32_t>(model.ids.size());
    const auto dim = static_cast<std::uint32_t>(model.vectors.cols());
    if (model.vectors.rows() != static_cast<Eigen::Index>(count) || model.movies.size() != count ||
        (!model.ratings.empty() && model.ratings.size() != count))
        throw std::invalid_argument("model: ids, movies, ratings and vectors differ in length");
    const bool withOutput = model.output.rows() > 0;
    if (withOutput && (model.output.rows() != model.vectors.rows() || model.output.cols() != model.vectors.cols()))
        throw std::invalid_argument("model: the output vectors differ in shape from the input vectors");
    const bool withNext = withOutput && model.nextInput.rows() > 0;
    if (withNext && (model.nextInput.rows() != model.vectors.rows() || model.nextInput.cols() != model.vectors.cols() ||
                     model.nextOutput.rows() != model.vectors.rows() || model.nextOutput.cols() != model.vectors.cols()))
        throw std::invalid_argument("model: the next model's vectors differ in shape from the input vectors");
    Writer w;
    w.bytes(std::string_view(kMagic, 4));
    w.put(kModelFileVersion);
    w.put((quantize ? kFlagInt8 | kFlagOffset : 0u) | (model.ratings.empty() ? 0u : kFlagRatings) | (withOutput ? kFlagOutput : 0u) |
          (withNext ? kFlagNext : 0u));
    w.put(count);
    w.put(dim);
    for (std::uint32_t i = 0; i < count; ++i) {
        const MovieInfo& m = model.movies[i];
        w.put(model.ids[i]);
        w.put(static_cast<std::int16_t>(std::clamp(m.year, -32768, 32767)));  // as read: a file saves back the same
        const auto title = clip(m.title, 65535);
        w.put(static_cast<std::uint16_t>(title.size()));
        w.bytes(title);
        const auto genres = std::min<std::size_t>(m.genres.size(), 255);
        w.put(static_cast<std::uint8_t>(genres));
        for (std::size_t g = 0; g < genres; ++g) {
            const auto name = clip(m.genres[g], 255);
            w.put(static_cast<std::uint8_t>(name.size()));
            w.bytes(name);
        }
    }
    for (std::uint32_t r : model.ratings) w.put(r);
    // Input vectors keep each movie's cosine top 10 (quantize.h). Output vectors are rounded to
    // move recommendation scores least (recommend.h, int8Metrics; docs/quality.md, "int8
    // recommendations"); they need no neighbour repair.
    writeVectors(w, model.vectors, quantize, 10);
    if (withOutput) {
        const Eigen::MatrixXf metric = quantize ? int8QueryMetric(model.vectors, model.ratings) : Eigen::MatrixXf();
        writeVectors(w, model.output, quantize, 0, quantize ? &metric : nullptr);
    }
    if (withNext) {
        // Its input vectors only make queries: plain rounding; its output vectors as CBOW's.
        writeVectors(w, model.nextInput, quantize, 0);
        const Eigen::MatrixXf metric = quantize ? int8QueryMetric(model.nextInput, model.ratings) : Eigen::MatrixXf();
        writeVectors(w, model.nextOutput, quantize, 0, quantize ? &metric : nullptr);
    }
    w.put(crc32(w.out));
    return std::move(w.out);
}

ModelData loadModel(std::string_view bytes) {
    if (bytes.size() < 4 || std::memcmp(bytes.data(), kMagic, 4) != 0)
        throw std::runtime_error("not a movie2vec model file (it does not start with \"M2V\")");
    Reader r(bytes);
    r.bytes(4, "the magic");
    const auto version = r.get<std::uint32_t>("the header");
    if (version != kModelFileVersion)
        throw std::runtime_error("model file version " + std::to_string(version) + " is not supported (this movie2vec reads version " +
                                 std::to_string(kModelFileVersion) + ")");
    if (bytes.size() < 24) throw std::runtime_error("model file is truncated (" + std::to_string(bytes.size()) + " bytes)");
    const std::uint32_t stored = [&] {
        Reader tail(bytes.substr(bytes.size() - 4));
        return tail.get<std::uint32_t>("the checksum");
    }();
    if (crc32(bytes.substr(0, bytes.size() - 4)) != stored)
        throw std::runtime_error("model file is corrupt or truncated (checksum mismatch)");
    const auto flags = r.get<std::uint32_t>("the header");
    const auto count = r.get<std::uint32_t>("the header");
    const auto dim = r.get<std::uint32_t>("the header");
    if ((flags & ~(kFlagInt8 | kFlagOffset | kFlagRatings | kFlagOutput | kFlagNext)) ||
        (flags & (kFlagInt8 | kFlagOffset)) == kFlagOffset || (flags & (kFlagNext | kFlagOutput)) == kFlagNext)
        throw std::runtime_error("model file has unknown flags " + std::to_string(flags) + " (written by a newer movie2vec?)");
    if (count == 0 || count > kMaxCount) throw std::runtime_error("model file: movie count " + std::to_string(count) + " is out of range");
    if (dim == 0 || dim > kMaxDim) throw std::runtime_error("model file: dimension " + std::to_string(dim) + " is out of range");
    const bool quantized = flags & kFlagInt8, offsetForm = flags & kFlagOffset, withRatings = flags & kFlagRatings,
               withOutput = flags & kFlagOutput, withNext = flags & kFlagNext;
    const std::uint64_t vectorBytes = (withRatings ? 4ull * count : 0) +
                                      vectorBlockBytes(count, dim, quantized, offsetForm) * (withNext ? 4 : withOutput ? 2 : 1);
    if (vectorBytes + 24 > bytes.size()) throw std::runtime_error("model file is truncated (too short for its vectors)");
    ModelData m;
    m.ids.resize(count);
    m.movies.resize(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        m.ids[i] = r.get<int32_t>("a movie entry");
        m.movies[i].year = r.get<std::int16_t>("a movie entry");
        m.movies[i].title = std::string(r.bytes(r.get<std::uint16_t>("a movie entry"), "a title"));
        const auto genres = r.get<std::uint8_t>("a movie entry");
        for (int g = 0; g < genres; ++g) m.movies[i].genres.emplace_back(r.bytes(r.get<std::uint8_t>("a genre"), "a genre"));
    }
    if (withRatings) {
        m.ratings.resize(count);
        for (std::uint32_t& x : m.ratings) x = r.get<std::uint32_t>("the rating counts");
    }
    readVectors(r, m.vectors, count, dim, quantized, offsetForm);
    if (withOutput) readVectors(r, m.output, count, dim, quantized, offsetForm);
    if (withNext) {
        readVectors(r, m.nextInput, count, dim, quantized, offsetForm);
        readVectors(r, m.nextOutput, count, dim, quantized, offsetForm);
    }
    if (!m.vectors.allFinite() || !m.output.allFinite() || !m.nextInput.allFinite() || !m.nextOutput.allFinite()) throw std::runtime_error("model file holds vectors that are not finite numbers");
    if (r.position() + 4 != bytes.size())
        throw std::runtime_error("model file has " + std::to_string(bytes.size() - r.position() - 4) + " unexpected bytes before its checksum");
    return m;
}

}  // namespace m2v
