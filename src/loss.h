// The CBOW losses behind one interface. Each owns its scratch state; negative sampling owns
// the unigram^ns noise distribution, and with NCE also each row's log(k q(w)). Templated on the
// scalar so that the gradient checks run in double while training runs in float.
//
// Convention for update(): given the hidden vector h (the mean of the context's input vectors),
// the loss adds dLoss/dh into `gradHidden` (computed with the output vectors as they were before
// this call), moves every output vector it touches by -lr * dLoss/dOutput, and returns the loss.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <vector>

#include "kernels.h"
#include "random.h"

namespace m2v {

template <typename T>
using MatrixT = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Matrix = MatrixT<float>;

// Negative: word2vec's negative sampling. Nce: noise-contrastive estimation, the same draws with
// each score less log(k q(w)) (docs/design.md, "The C++ core"). Softmax: the exact full softmax.
enum class LossKind { Negative, Softmax, Nce };

// log(1 + e^x) without overflow for large |x|.
template <typename T>
inline T softplus(T x) {
    return (x > 0 ? x : T(0)) + std::log1p(std::exp(-std::abs(x)));
}
template <typename T>
inline T sigmoid(T x) {
    return x >= 0 ? T(1) / (T(1) + std::exp(-x)) : std::exp(x) / (T(1) + std::exp(x));
}

// Scratch written on every token by one thread, with a cache line of padding either side, so that
// no other thread's data shares its cache lines (Hogwild threads would otherwise slow each other).
template <typename T>
class PaddedBuffer {
public:
    explicit PaddedBuffer(std::size_t n = 0) : storage_(n + 2 * kPad) {}
    T* data() { return storage_.data() + kPad; }
    const T* data() const { return storage_.data() + kPad; }
    T& operator[](std::size_t i) { return storage_[i + kPad]; }

private:
    static constexpr std::size_t kPad = (64 + sizeof(T) - 1) / sizeof(T);
    std::vector<T> storage_;
};

// Row i of a matrix whose first `hotCount` rows are read and written elsewhere: a training
// thread's private copies of the most frequent movies' rows (hot_rows.h). With hotCount 0 it is
// the matrix itself.
struct SplitRows {
    float* hot = nullptr;
    float* rest = nullptr;
    int32_t hotCount = 0;
    std::size_t dim = 0;
    float* operator()(int32_t i) const { return (i < hotCount ? hot : rest) + static_cast<std::size_t>(i) * dim; }
    static SplitRows of(MatrixT<float>& m) { return {m.data(), m.data(), 0, static_cast<std::size_t>(m.cols())}; }
};

template <typename T>
class Loss {
public:
    virtual ~Loss() = default;
    virtual T update(const T* hidden, int32_t target, T lr, T* gradHidden, MatrixT<T>& output, Rng& rng) = 0;
};

// Draws from a discrete distribution in O(1) with Walker's alias method: two reads per draw from
// a table of the vocabulary's size, instead of word2vec's 100-million-entry table.
class AliasTable {
public:
    explicit AliasTable(const std::vector<double>& weights);
    int32_t draw(Rng& rng) const {
        const std::uint64_t r = rng.next();
        const auto column = static_cast<std::uint32_t>(((r >> 32) * size_) >> 32);
        const auto coin = static_cast<std::uint32_t>(r);
        return coin < threshold_[column] ? static_cast<int32_t>(column) : alias_[column];
    }
    std::size_t size() const { return size_; }
    // The probability of drawing i (for tests).
    double probability(std::size_t i) const;

private:
    std::uint32_t size_ = 0;
    std::vector<std::uint32_t> threshold_;  // keep column i when a 32-bit coin is below this
    std::vector<int32_t> alias_;
};

// word2vec's noise distribution: count^0.75, normalised.
std::shared_ptr<const AliasTable> unigramTable(const std::vector<std::uint64_t>& counts, double power = 0.75);

// NCE's correction per row: log(k q(w)), with q(w) = count^power / sum count^power (the noise
// unigramTable() draws from; counts must be >= 1) and k the negatives per target. Subtracted from
// each score, it makes output . hidden learn log p(w | context) itself, where negative sampling
// learns log p(w | context) - log(k q(w)): a popularity discount.
std::vector<float> nceOffsets(const std::vector<std::uint64_t>& counts, double power, int negatives);

// Sigmoid and softplus for float training, where std::exp per score would cost as much as the
// score itself. A table of both at -|x|, over [-16, 0] at steps of 1/128 with linear interpolation
// (absolute error below 1e-6 for the sigmoid and 5e-6 for softplus, tested against the exact
// functions), and for x > 0 sigmoid(x) = 1 - sigmoid(-x), softplus(x) = softplus(-x) + x. Beyond
// |x| = 16 the terms left out are below 1.2e-7: the reported loss stays honest for any score, and
// a well-trained model (whose scores go far past +-8) never falls back to std::exp.
class LogisticTable {
public:
    static constexpr float kRange = 16.0f;
    static constexpr int kStepsPerUnit = 128;
    static const LogisticTable& get();

    // sigmoid(x) into *sig; returns softplus(x) = log(1 + e^x) = -log sigmoid(-x). NaN gives NaN.
    float lookup(float x, float* sig) const {
        const float a = std::fabs(x);
        float s = 0, sp = 0;  // sigmoid(-a), softplus(-a)
        if (a < kRange) {
            const float t = (kRange - a) * static_cast<float>(kStepsPerUnit);
            const int i = static_cast<int>(t);
            const float f = t - static_cast<float>(i);
            const Entry& lo = entries_[i];
            const Entry& hi = entries_[i + 1];
            s = lo.sigmoid + f * (hi.sigmoid - lo.sigmoid);
            sp = lo.softplus + f * (hi.softplus - lo.softplus);
        } else if (!(a >= kRange)) {
            *sig = x;
            return x;
        }
        if (x > 0) {
            *sig = 1.0f - s;
            return sp + x;
        }
        *sig = s;
        return sp;
    }

private:
    LogisticTable();
    struct Entry {
        float sigmoid, softplus;
    };
    std::vector<Entry> entries_;  // at -kRange + i / kStepsPerUnit
};

template <typename T>
class NegativeSamplingLoss final : public Loss<T> {
public:
    // With `offsets` (nceOffsets()), the loss is NCE's: every score s(w) becomes s(w) - offsets[w].
    // With share > 1, training's path (updateRows()) draws the negatives once for `share`
    // consecutive targets of a sequence (newSequence() starts a new draw): see TrainOptions::shareNegatives.
    NegativeSamplingLoss(std::shared_ptr<const AliasTable> noise, int negatives,
                         std::shared_ptr<const std::vector<float>> offsets = nullptr, int share = 1)
        : noise_(std::move(noise)),
          offsets_(std::move(offsets)),
          negatives_(negatives),
          share_(std::max(share, 1)),
          shared_(static_cast<std::size_t>(negatives)),
          drawn_(static_cast<std::size_t>(negatives) + 1),
          scores_(static_cast<std::size_t>(negatives) + 1),
          gradients_(static_cast<std::size_t>(negatives) + 1),
          steps_(static_cast<std::size_t>(negatives) + 1),
          pointers_(static_cast<std::size_t>(negatives) + 1),
          table_(&LogisticTable::get()) {}

    T update(const T* hidden, int32_t target, T lr, T* gradHidden, MatrixT<T>& output, Rng& rng) override {
        if constexpr (std::is_same_v<T, float>) {
            return updateRows(hidden, target, lr, gradHidden, SplitRows::of(output), rng);
        } else {
            for (int i = 0; i < negatives_; ++i) drawn_[i] = drawNegative(target, rng);
            return updateWith(hidden, target, drawn_.data(), negatives_, lr, gradHidden, output,
                              offsets_ ? offsets_->data() : nullptr);
        }
    }

    // The same with the negatives given: the exact function the gradient checks differentiate.
    // Loss = -log s(o_t . h - b_t) - sum_n log s(-(o_n . h - b_n)), with b = offsets (NCE) or 0;
    // negatives equal to the target are skipped.
    static T updateWith(const T* hidden, int32_t target, const int32_t* negatives, int count, T lr, T* gradHidden,
                        MatrixT<T>& output, const float* offsets = nullptr) {
        const auto dim = static_cast<std::size_t>(output.cols());
        T loss = 0;
        for (int i = -1; i < count; ++i) {
            const int32_t w = i < 0 ? target : negatives[i];
            if (i >= 0 && w == target) continue;
            T* out = output.row(w).data();
            const T score = dot(hidden, out, dim) - (offsets ? T(offsets[w]) : T(0));
            const T label = i < 0 ? T(1) : T(0);
            loss += softplus(i < 0 ? -score : score);
            const T g = sigmoid(score) - label;  // dLoss/dscore
            gradAndStep(g, -lr * g, hidden, out, gradHidden, dim);
        }
        return loss;
    }

    // The next target starts a sequence: its negatives are a new draw.
    void newSequence() { sinceDraw_ = 0; }

    // Training's path (below), with the output rows wherever `rows` says they are.
    float updateRows(const float* hidden, int32_t target, float lr, float* gradHidden, const SplitRows& rows, Rng& rng) {
        return updateFast(hidden, target, lr, gradHidden, rows, rng);
    }

private:
    int32_t drawNegative(int32_t target, Rng& rng) const {
        int32_t w = noise_->draw(rng);
        // As word2vec: a draw of the target itself is not a negative. One redraw keeps the count
        // exact without looping on a vocabulary of one.
        if (w == target) w = noise_->draw(rng);
        return w;
    }

    // Training's path: the same loss with the tabulated logistic, and the same result as applying the
    // rows one after the other. The negatives are drawn first and their rows prefetched, and all
    // scores are computed before any update (a row's update does not change another row's score),
    // so the misses and the additions of different rows overlap; a row drawn twice is rescored.
    // Shared negatives: a draw that equals the target is left out (one fewer negative that time).
    float updateFast(const float* hidden, int32_t target, float lr, float* gradHidden, const SplitRows& output, Rng& rng) {
        const std::size_t dim = output.dim;
        int32_t* rows = drawn_.data();
        float* scores = scores_.data();
        int count = 0;
        rows[count++] = target;
        if (share_ > 1) {
            if (sinceDraw_ == 0)
                for (int i = 0; i < negatives_; ++i) shared_[i] = noise_->draw(rng);
            if (++sinceDraw_ == share_) sinceDraw_ = 0;
        }
        for (int i = 0; i < negatives_; ++i) {
            const int32_t w = share_ > 1 ? shared_[i] : drawNegative(target, rng);
            if (w == target) continue;
            prefetchRow(output(w), dim * sizeof(float));
            rows[count++] = w;
        }
        bool distinct = true;
        const float* offsets = offsets_ ? offsets_->data() : nullptr;
        for (int i = 0; i < count; ++i) {
            float* out = output(rows[i]);
            pointers_[i] = out;
            scores[i] = dot(hidden, out, dim) - (offsets ? offsets[rows[i]] : 0.0f);
            for (int j = 1; j < i; ++j) distinct = distinct && rows[j] != rows[i];
        }
        const LogisticTable& table = *table_;
        float loss = 0;
        if (distinct) {
            // The usual case: every gradient is known before any update.
            for (int i = 0; i < count; ++i) {
                float sig;
                const float sp = table.lookup(scores[i], &sig);
                // The target's loss is softplus(-x) = softplus(x) - x.
                loss += i == 0 ? sp - scores[i] : sp;
                gradients_[i] = i == 0 ? sig - 1.0f : sig;
                steps_[i] = -lr * gradients_[i];
            }
            gradAndStepRows(gradients_.data(), steps_.data(), hidden, pointers_.data(), static_cast<std::size_t>(count),
                            gradHidden, dim);
            return loss;
        }
        for (int i = 0; i < count; ++i) {
            float* out = pointers_[i];
            for (int j = 1; j < i; ++j)
                if (rows[j] == rows[i]) {
                    scores[i] = dot(hidden, out, dim) - (offsets ? offsets[rows[i]] : 0.0f);  // changed by its update
                    break;
                }
            float sig;
            const float sp = table.lookup(scores[i], &sig);
            loss += i == 0 ? sp - scores[i] : sp;
            const float g = i == 0 ? sig - 1.0f : sig;
            gradAndStep(g, -lr * g, hidden, out, gradHidden, dim);
        }
        return loss;
    }

    std::shared_ptr<const AliasTable> noise_;
    std::shared_ptr<const std::vector<float>> offsets_;  // NCE's log(k q(w)); null for negative sampling
    int negatives_;
    int share_;                     // targets per draw of negatives
    int sinceDraw_ = 0;             // targets trained on the current draw
    PaddedBuffer<int32_t> shared_;  // the current draw
    PaddedBuffer<int32_t> drawn_;  // scratch: the rows of one update
    PaddedBuffer<float> scores_, gradients_, steps_;
    PaddedBuffer<float*> pointers_;
    const LogisticTable* table_;
};

// The full softmax over the vocabulary, done right: loss = -log p(target | h) with the
// log-sum-exp taken around the largest score, gradient of the scores = p - onehot(target).
template <typename T>
class SoftmaxLoss final : public Loss<T> {
public:
    T update(const T* hidden, int32_t target, T lr, T* gradHidden, MatrixT<T>& output, Rng&) override {
        using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
        const auto dim = output.cols();
        Eigen::Map<const Vector> h(hidden, dim);
        Eigen::Map<Vector> gh(gradHidden, dim);
        scores_.noalias() = output * h;
        const T top = scores_.maxCoeff();
        probabilities_ = (scores_.array() - top).exp();
        const T sum = probabilities_.sum();
        const T loss = std::log(sum) + top - scores_[target];
        probabilities_ /= sum;
        probabilities_[target] -= T(1);  // now dLoss/dscores
        gh.noalias() += output.transpose() * probabilities_;
        output.noalias() -= (lr * probabilities_) * h.transpose();
        return loss;
    }

private:
    Eigen::Matrix<T, Eigen::Dynamic, 1> scores_, probabilities_;
};

}  // namespace m2v
