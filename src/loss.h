// The two CBOW losses behind one interface. Each owns its scratch state; negative sampling owns
// the unigram^0.75 noise distribution. Templated on the scalar so that the gradient checks run in
// double while training runs in float.
//
// Convention for update(): given the hidden vector h (the mean of the context's input vectors),
// the loss adds dLoss/dh into `gradHidden` (computed with the output vectors as they were before
// this call), moves every output vector it touches by -lr * dLoss/dOutput, and returns the loss.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "kernels.h"
#include "random.h"

namespace m2v {

template <typename T>
using MatrixT = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Matrix = MatrixT<float>;

enum class LossKind { Negative, Softmax };

// log(1 + e^x) without overflow for large |x|.
template <typename T>
inline T softplus(T x) {
    return (x > 0 ? x : T(0)) + std::log1p(std::exp(-std::abs(x)));
}
template <typename T>
inline T sigmoid(T x) {
    return x >= 0 ? T(1) / (T(1) + std::exp(-x)) : std::exp(x) / (T(1) + std::exp(x));
}

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

template <typename T>
class NegativeSamplingLoss final : public Loss<T> {
public:
    NegativeSamplingLoss(std::shared_ptr<const AliasTable> noise, int negatives)
        : noise_(std::move(noise)), negatives_(negatives), drawn_(negatives) {}

    T update(const T* hidden, int32_t target, T lr, T* gradHidden, MatrixT<T>& output, Rng& rng) override {
        for (int i = 0; i < negatives_; ++i) {
            int32_t w = noise_->draw(rng);
            // As word2vec: a draw of the target itself is not a negative. One redraw keeps the count
            // exact without looping on a vocabulary of one.
            if (w == target) w = noise_->draw(rng);
            drawn_[i] = w;
        }
        return updateWith(hidden, target, drawn_.data(), negatives_, lr, gradHidden, output);
    }

    // The same with the negatives given: the exact function the gradient checks differentiate.
    // Loss = -log s(o_t . h) - sum_n log s(-o_n . h); negatives equal to the target are skipped.
    static T updateWith(const T* hidden, int32_t target, const int32_t* negatives, int count, T lr, T* gradHidden,
                        MatrixT<T>& output) {
        const auto dim = static_cast<std::size_t>(output.cols());
        T loss = 0;
        for (int i = -1; i < count; ++i) {
            const int32_t w = i < 0 ? target : negatives[i];
            if (i >= 0 && w == target) continue;
            T* out = output.row(w).data();
            const T score = dot(hidden, out, dim);
            const T label = i < 0 ? T(1) : T(0);
            loss += softplus(i < 0 ? -score : score);
            const T g = sigmoid(score) - label;  // dLoss/dscore
            axpy(g, out, gradHidden, dim);
            axpy(-lr * g, hidden, out, dim);
        }
        return loss;
    }

private:
    std::shared_ptr<const AliasTable> noise_;
    int negatives_;
    std::vector<int32_t> drawn_;
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
