// The two losses: values and gradients against finite differences (double precision), the
// update convention, and the alias table's distribution.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <set>

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

TEST_CASE("NCE loss: each score less its offset, value and gradients match finite differences") {
    Rng rng(12);
    const MatrixD output = randomMatrix(8, 5, rng);
    VectorD h(5);
    h << 0.5, -0.25, 0.75, -1.0, 0.1;
    const int target = 3;
    const float offsets[] = {-2.0f, -3.5f, -1.0f, -4.0f, -2.5f, -0.5f, -6.0f, -3.0f};
    const int32_t distinct[] = {1, 6, 0};
    auto f = [&](const double* hidden, double* grad, MatrixD& out, double lr) {
        return NegativeSamplingLoss<double>::updateWith(hidden, target, distinct, 3, lr, grad, out, offsets);
    };
    SUBCASE("the value") {
        auto logSigmoid = [](double x) { return -std::log1p(std::exp(-x)); };
        double expected = -logSigmoid(output.row(target).dot(h) - offsets[target]);
        for (int n : {1, 6, 0}) expected -= logSigmoid(-(output.row(n).dot(h) - offsets[n]));
        CHECK(lossAt(f, h, output) == doctest::Approx(expected).epsilon(1e-12));
        // And it is not negative sampling's value.
        auto g = [&](const double* hidden, double* grad, MatrixD& out, double lr) {
            return NegativeSamplingLoss<double>::updateWith(hidden, target, distinct, 3, lr, grad, out);
        };
        CHECK(std::abs(lossAt(g, h, output) - expected) > 0.1);
    }
    SUBCASE("gradients") { checkGradients(f, h, output); }
}

TEST_CASE("NCE offsets are log(k q(w)) of the noise the table draws, finite for any count") {
    const std::vector<std::uint64_t> counts{1000, 100, 10, 1};
    for (const double power : {0.75, 0.6, 0.0, -1.0}) {
        CAPTURE(power);
        const auto offsets = nceOffsets(counts, power, 25);
        const auto table = unigramTable(counts, power);
        for (std::size_t i = 0; i < counts.size(); ++i)
            CHECK(offsets[i] == doctest::Approx(std::log(25 * table->probability(i))).epsilon(1e-5));
    }
    // 25 million ratings for one movie and one for another: count^-1 spans 2.5e7, count^1 too.
    const std::vector<std::uint64_t> extreme{25'000'000, 1};
    for (const double power : {1.0, -1.0}) {
        const auto offsets = nceOffsets(extreme, power, 5);
        CHECK(std::isfinite(offsets[0]));
        CHECK(std::isfinite(offsets[1]));
        CHECK(offsets[0] - offsets[1] == doctest::Approx(power * std::log(25e6)).epsilon(1e-5));
    }
}

TEST_CASE("alias table draws in proportion to count^power") {
    const std::vector<std::uint64_t> counts{1000, 100, 10, 1};
    // 0.75 (word2vec), 0.5 (movie2vec's default), 0 (uniform) and -0.5 (rare movies first).
    for (const double power : {0.75, 0.5, 0.0, -0.5}) {
        CAPTURE(power);
        auto table = unigramTable(counts, power);
        double total = 0;
        for (auto c : counts) total += std::pow(static_cast<double>(c), power);
        for (std::size_t i = 0; i < counts.size(); ++i)
            CHECK(table->probability(i) == doctest::Approx(std::pow(static_cast<double>(counts[i]), power) / total).epsilon(1e-6));
        Rng rng(3);
        std::map<int, int> seen;
        const int draws = 200000;
        for (int i = 0; i < draws; ++i) ++seen[table->draw(rng)];
        for (std::size_t i = 0; i < counts.size(); ++i)
            CHECK(seen[static_cast<int>(i)] / double(draws) == doctest::Approx(table->probability(i)).epsilon(0.05));
    }
}

TEST_CASE("the tabulated sigmoid and softplus match the exact functions") {
    const LogisticTable& table = LogisticTable::get();
    double worstSigmoid = 0, worstSoftplus = 0;
    // Dense over the table, across its edges, and far beyond (where it falls back to the exact functions).
    for (double x = -30; x <= 30; x += 1.0 / 1024 + 1e-7) {
        float sig = 0;
        const float sp = table.lookup(static_cast<float>(x), &sig);
        const double xf = static_cast<float>(x);
        worstSigmoid = std::max(worstSigmoid, std::abs(sig - sigmoid(xf)));
        worstSoftplus = std::max(worstSoftplus, std::abs(sp - softplus(xf)));
    }
    CHECK(worstSigmoid < 1e-6);
    CHECK(worstSoftplus < 5e-6);
    float sig = 0;
    CHECK(table.lookup(100.0f, &sig) == doctest::Approx(100.0));
    CHECK(sig == 1.0f);
    CHECK(table.lookup(-100.0f, &sig) < 1.2e-7);
    CHECK(sig < 1.2e-7);
    CHECK(table.lookup(0.0f, &sig) == doctest::Approx(std::log(2.0)).epsilon(1e-6));
    CHECK(sig == doctest::Approx(0.5).epsilon(1e-6));
    CHECK(std::isnan(table.lookup(std::nanf(""), &sig)));
}

TEST_CASE("the float negative-sampling update (tables, SIMD) agrees with the exact double one") {
    // The same negatives both ways: draw them with the same generator as update() does.
    Rng init(5);
    const int rows = 50, dim = 37;  // 37: the kernels' vector loops and their scalar tails
    const MatrixD output = randomMatrix(rows, dim, init);
    VectorD h(dim);
    for (int i = 0; i < dim; ++i) h[i] = init.uniform() - 0.5;
    std::vector<std::uint64_t> counts(rows);
    for (int i = 0; i < rows; ++i) counts[i] = 1 + static_cast<std::uint64_t>(i) * 3;
    auto noise = unigramTable(counts);
    const int target = 7, negatives = 6;
    const double lr = 0.1;

    Matrix outF = output.cast<float>();
    Eigen::VectorXf hF = h.cast<float>(), gradF = Eigen::VectorXf::Zero(dim);
    NegativeSamplingLoss<float> fast(noise, negatives);
    Rng rngF(9);
    const float lossF = fast.update(hF.data(), target, static_cast<float>(lr), gradF.data(), outF, rngF);

    MatrixD outD = output;
    VectorD gradD = VectorD::Zero(dim);
    NegativeSamplingLoss<double> exact(noise, negatives);
    Rng rngD(9);
    const double lossD = exact.update(h.data(), target, lr, gradD.data(), outD, rngD);

    CHECK(lossF == doctest::Approx(lossD).epsilon(1e-5));
    CHECK((gradF.cast<double>() - gradD).cwiseAbs().maxCoeff() < 1e-5);
    CHECK((outF.cast<double>() - outD).cwiseAbs().maxCoeff() < 1e-5);
    CHECK((outD - output).cwiseAbs().maxCoeff() > 1e-3);  // the update did move something
    CHECK(rngF.next() == rngD.next());                    // and drew as many numbers
}

TEST_CASE("the float NCE update agrees with the exact double one") {
    Rng init(6);
    const int rows = 50, dim = 37;
    const MatrixD output = randomMatrix(rows, dim, init);
    VectorD h(dim);
    for (int i = 0; i < dim; ++i) h[i] = init.uniform() - 0.5;
    std::vector<std::uint64_t> counts(rows);
    for (int i = 0; i < rows; ++i) counts[i] = 1 + static_cast<std::uint64_t>(i) * 3;
    const int target = 7, negatives = 6;
    auto noise = unigramTable(counts, 0.6);
    auto offsets = std::make_shared<const std::vector<float>>(nceOffsets(counts, 0.6, negatives));
    const double lr = 0.1;

    Matrix outF = output.cast<float>();
    Eigen::VectorXf hF = h.cast<float>(), gradF = Eigen::VectorXf::Zero(dim);
    NegativeSamplingLoss<float> fast(noise, negatives, offsets);
    Rng rngF(9);
    const float lossF = fast.update(hF.data(), target, static_cast<float>(lr), gradF.data(), outF, rngF);

    MatrixD outD = output;
    VectorD gradD = VectorD::Zero(dim);
    NegativeSamplingLoss<double> exact(noise, negatives, offsets);
    Rng rngD(9);
    const double lossD = exact.update(h.data(), target, lr, gradD.data(), outD, rngD);

    CHECK(lossF == doctest::Approx(lossD).epsilon(1e-5));
    CHECK((gradF.cast<double>() - gradD).cwiseAbs().maxCoeff() < 1e-5);
    CHECK((outF.cast<double>() - outD).cwiseAbs().maxCoeff() < 1e-5);

    // The offsets change the update: without them the same draws give another loss.
    MatrixD outN = output;
    VectorD gradN = VectorD::Zero(dim);
    NegativeSamplingLoss<double> plain(noise, negatives);
    Rng rngN(9);
    CHECK(std::abs(plain.update(h.data(), target, lr, gradN.data(), outN, rngN) - lossD) > 0.1);
}

TEST_CASE("the float kernels agree with plain loops, tails included") {
    Rng rng(13);
    for (std::size_t n : {1u, 3u, 4u, 5u, 15u, 16u, 17u, 33u, 64u, 67u}) {
        CAPTURE(n);
        std::vector<float> a(n), b(n), c(n);
        for (std::size_t i = 0; i < n; ++i) {
            a[i] = static_cast<float>(rng.uniform() - 0.5);
            b[i] = static_cast<float>(rng.uniform() - 0.5);
            c[i] = static_cast<float>(rng.uniform() - 0.5);
        }
        double expected = 0;
        for (std::size_t i = 0; i < n; ++i) expected += static_cast<double>(a[i]) * b[i];
        CHECK(dot(a.data(), b.data(), n) == doctest::Approx(expected).epsilon(1e-5));
        std::vector<float> y = b;
        axpy(0.5f, a.data(), y.data(), n);
        for (std::size_t i = 0; i < n; ++i) CHECK(y[i] == doctest::Approx(b[i] + 0.5f * a[i]));
        std::vector<float> out = b, grad = c;
        gradAndStep(0.25f, -2.0f, a.data(), out.data(), grad.data(), n);
        for (std::size_t i = 0; i < n; ++i) {
            CHECK(grad[i] == doctest::Approx(c[i] + 0.25f * b[i]));  // with the output as it was
            CHECK(out[i] == doctest::Approx(b[i] - 2.0f * a[i]));
        }
        // The row kernels: exactly the one-row kernels applied row after row.
        std::vector<float> r0 = a, r1 = b, r2 = c;
        float* rows[] = {r0.data(), r1.data(), r2.data()};
        std::vector<float> mean(n);
        scaledSumOfRows(rows, 3, 0.5f, mean.data(), n);
        for (std::size_t i = 0; i < n; ++i) CHECK(mean[i] == ((0.0f + a[i]) + b[i] + c[i]) * 0.5f);
        axpyRows(-0.5f, mean.data(), rows, 3, n);
        for (std::size_t i = 0; i < n; ++i) {
            CHECK(r0[i] == a[i] + -0.5f * mean[i]);
            CHECK(r2[i] == c[i] + -0.5f * mean[i]);
        }
        const float g[] = {0.5f, -0.25f, 2.0f}, steps[] = {-0.1f, 0.2f, 0.3f};
        std::vector<float> s0 = r0, s1 = r1, s2 = r2, grad2(n, 0.0f), grad3(n, 0.0f);
        gradAndStepRows(g, steps, mean.data(), rows, 3, grad2.data(), n);
        gradAndStep(g[0], steps[0], mean.data(), s0.data(), grad3.data(), n);
        gradAndStep(g[1], steps[1], mean.data(), s1.data(), grad3.data(), n);
        gradAndStep(g[2], steps[2], mean.data(), s2.data(), grad3.data(), n);
        CHECK(grad2 == grad3);
        CHECK(r0 == s0);
        CHECK(r1 == s1);
        CHECK(r2 == s2);
    }
}

TEST_CASE("shared negatives: `share` consecutive targets use one draw, and a new sequence draws again") {
    Rng init(11);
    const int rows = 60, dim = 8, negatives = 6;
    Matrix output = randomMatrix(rows, dim, init).cast<float>();
    Eigen::VectorXf h(dim), grad(dim);
    for (int i = 0; i < dim; ++i) h[i] = static_cast<float>(init.uniform() - 0.5);
    std::vector<std::uint64_t> counts(rows, 5);
    auto noise = unigramTable(counts);
    // The rows one update moves, other than its target.
    auto touched = [&](NegativeSamplingLoss<float>& loss, int32_t target, Rng& rng) {
        const Matrix before = output;
        grad.setZero();
        loss.updateRows(h.data(), target, 0.1f, grad.data(), SplitRows::of(output), rng);
        std::set<int32_t> moved;
        for (int32_t r = 0; r < rows; ++r)
            if (r != target && output.row(r) != before.row(r)) moved.insert(r);
        return moved;
    };
    Rng rng(3);
    NegativeSamplingLoss<float> shared(noise, negatives, nullptr, 3);
    shared.newSequence();
    const std::set<int32_t> first = touched(shared, 0, rng);
    CHECK(first.size() >= 4);
    CHECK(touched(shared, 1, rng) == first);
    CHECK(touched(shared, 2, rng) == first);
    const std::set<int32_t> second = touched(shared, 3, rng);  // the fourth target: a new draw
    CHECK(second != first);
    CHECK(touched(shared, 4, rng) == second);
    shared.newSequence();
    CHECK(touched(shared, 5, rng) != second);  // a new sequence: a new draw

    NegativeSamplingLoss<float> fresh(noise, negatives);  // share 1: a draw for every target
    CHECK(touched(fresh, 0, rng) != touched(fresh, 1, rng));
}
