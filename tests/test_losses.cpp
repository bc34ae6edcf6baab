// The two losses: values and gradients against finite differences (double precision), the
// update convention, and the alias table's distribution.
#include <doctest/doctest.h>

#include <cmath>
#include <map>

#include "loss.h"
#include "random.h"

using namespace m2v;

namespace {

using MatrixD = MatrixT<double>;
using VectorD = Eigen::VectorXd;

MatrixD randomMatrix(int rows, int cols, Rng& rng) {
    MatrixD m(rows, cols);
    for (int i = 0; i < m.size(); ++i) m.data()[i] = rng.uniform() - 0.5;
    return m;
}

// Loss at (h, output) without changing anything: lr = 0 leaves the output untouched.
template <typename F>
double lossAt(F&& f, const VectorD& h, MatrixD output) {
    VectorD grad = VectorD::Zero(h.size());
    return f(h.data(), grad.data(), output, 0.0);
}

double relativeError(double a, double b) { return std::abs(a - b) / std::max({std::abs(a), std::abs(b), 1e-8}); }

// Checks dLoss/dh and dLoss/dOutput of f against central differences.
template <typename F>
void checkGradients(F&& f, const VectorD& h, const MatrixD& output) {
    const double eps = 1e-6;
    VectorD grad = VectorD::Zero(h.size());
    MatrixD out0 = output;
    f(h.data(), grad.data(), out0, 0.0);
    for (int i = 0; i < h.size(); ++i) {
        VectorD hp = h, hm = h;
        hp[i] += eps;
        hm[i] -= eps;
        const double numeric = (lossAt(f, hp, output) - lossAt(f, hm, output)) / (2 * eps);
        CHECK(relativeError(grad[i], numeric) < 1e-3);
    }
    // The output moves by -lr * dLoss/dOutput: recover the analytic gradient from one update.
    const double lr = 1e-3;
    MatrixD moved = output;
    VectorD ignored = VectorD::Zero(h.size());
    f(h.data(), ignored.data(), moved, lr);
    const MatrixD analytic = (output - moved) / lr;
    int checked = 0;
    for (int r = 0; r < output.rows(); ++r)
        for (int c = 0; c < output.cols(); ++c) {
            MatrixD op = output, om = output;
            op(r, c) += eps;
            om(r, c) -= eps;
            const double numeric = (lossAt(f, h, op) - lossAt(f, h, om)) / (2 * eps);
            CHECK(relativeError(analytic(r, c), numeric) < 1e-3);
            if (numeric != 0) ++checked;
        }
    CHECK(checked > 0);
}

}  // namespace

TEST_CASE("softmax loss: value is -log p(target) and gradients match finite differences") {
    Rng rng(7);
    const MatrixD output = randomMatrix(6, 4, rng) * 3.0;
    VectorD h(4);
    h << 0.3, -0.7, 1.1, 0.2;
    const int target = 2;
    auto f = [&](const double* hidden, double* grad, MatrixD& out, double lr) {
        SoftmaxLoss<double> loss;
        Rng unused(1);
        return loss.update(hidden, target, lr, grad, out, unused);
    };
    SUBCASE("the value") {
        const VectorD scores = output * h;
        const double expected = -std::log(std::exp(scores[target]) / scores.array().exp().sum());
        CHECK(lossAt(f, h, output) == doctest::Approx(expected).epsilon(1e-12));
    }
    SUBCASE("stable for huge scores, where a naive softmax overflows") {
        MatrixD big = output * 1000.0;
        const double value = lossAt(f, h, big);
        CHECK(std::isfinite(value));
        CHECK(value >= 0);
    }
    SUBCASE("gradients") { checkGradients(f, h, output); }
}

TEST_CASE("negative-sampling loss: value and gradients match finite differences") {
    Rng rng(11);
    const MatrixD output = randomMatrix(8, 5, rng);
    VectorD h(5);
    h << 0.5, -0.25, 0.75, -1.0, 0.1;
    const int target = 3;
    const int32_t negatives[] = {1, 6, 3, 1, 0};  // a repeat, and the target itself (skipped)
    auto f = [&](const double* hidden, double* grad, MatrixD& out, double lr) {
        return NegativeSamplingLoss<double>::updateWith(hidden, target, negatives, 5, lr, grad, out);
    };
    SUBCASE("the value") {
        auto logSigmoid = [](double x) { return -std::log1p(std::exp(-x)); };
        double expected = -logSigmoid(output.row(target).dot(h));
        for (int n : {1, 6, 1, 0}) expected -= logSigmoid(-output.row(n).dot(h));
        CHECK(lossAt(f, h, output) == doctest::Approx(expected).epsilon(1e-12));
    }
    SUBCASE("gradients") {
        // Repeated negatives are applied one after the other, so the recovered output gradient
        // differs from the instantaneous one by O(lr); use distinct negatives here.
        const int32_t distinct[] = {1, 6, 0};
        auto g = [&](const double* hidden, double* grad, MatrixD& out, double lr) {
            return NegativeSamplingLoss<double>::updateWith(hidden, target, distinct, 3, lr, grad, out);
        };
        checkGradients(g, h, output);
    }
}

TEST_CASE("alias table draws in proportion to count^0.75") {
    const std::vector<std::uint64_t> counts{1000, 100, 10, 1};
    auto table = unigramTable(counts);
    double total = 0;
    for (auto c : counts) total += std::pow(static_cast<double>(c), 0.75);
    for (std::size_t i = 0; i < counts.size(); ++i)
        CHECK(table->probability(i) == doctest::Approx(std::pow(static_cast<double>(counts[i]), 0.75) / total).epsilon(1e-6));
    Rng rng(3);
    std::map<int, int> seen;
    const int draws = 200000;
    for (int i = 0; i < draws; ++i) ++seen[table->draw(rng)];
    for (std::size_t i = 0; i < counts.size(); ++i)
        CHECK(seen[static_cast<int>(i)] / double(draws) == doctest::Approx(table->probability(i)).epsilon(0.05));
}
