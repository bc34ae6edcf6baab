#include "recommend.h"

#include <algorithm>
#include <stdexcept>
#include <string>


namespace m2v {

std::vector<float> queryWeights(std::size_t n, float decay) {
    std::vector<float> w(n);
    float total = 0, x = 1;
    for (std::size_t i = n; i-- > 0; x *= decay) {
        w[i] = x;
        total += x;
    }
    for (float& v : w) v /= total;
    return w;
}

Recommender::Recommender(const ScoringMatrices& m, const std::vector<std::uint32_t>& ratings)
    : input_(*m.input), output_(*m.output), ratings_(ratings) {
    const auto check = [&](const Matrix& other, const char* what) {
        if (other.rows() != input_.rows() || other.cols() != input_.cols())
            throw std::invalid_argument("recommend: " + std::to_string(input_.rows()) + " input vectors of " +
                                        std::to_string(input_.cols()) + " but " + std::to_string(other.rows()) + " " + what +
                                        " of " + std::to_string(other.cols()));
    };
    if (output_.rows() == 0) throw NoOutputVectors();
    check(output_, "output vectors");
    if (m.nextInput && m.nextInput->rows() > 0) {
        if (!m.nextOutput) throw std::invalid_argument("recommend: a next model without output vectors");
        check(*m.nextInput, "next-model input vectors");
        check(*m.nextOutput, "next-model output vectors");
        nextInput_ = m.nextInput;
        nextOutput_ = m.nextOutput;
    }
    if (!ratings.empty() && ratings.size() != static_cast<std::size_t>(input_.rows()))
        throw std::invalid_argument("recommend: rating counts and vectors differ in length");
    scores_.resize(static_cast<std::size_t>(input_.rows()));
    excluded_.assign(static_cast<std::size_t>(input_.rows()), 0);
}

float Recommender::share(int32_t query, int32_t row) const {
    float s = input_.row(query).dot(output_.row(row));
    if (nextInput_) s += nextInput_->row(query).dot(nextOutput_->row(row));
    return s;
}

std::vector<RecommendedRow> Recommender::recommendRows(const std::vector<int32_t>& history, const RecommendOptions& options) {
    const auto rows = static_cast<int32_t>(input_.rows());
    for (int32_t r : history)
        if (r < -1 || r >= rows) throw std::out_of_range("recommend: row " + std::to_string(r) + " out of range");
    if (!(options.decay > 0 && options.decay <= 1))
        throw std::invalid_argument("recommend: decay must be above 0 and at most 1, got " + std::to_string(options.decay));
    // The window's known movies (an unknown one keeps its place in the window and adds nothing),
    // weighed by their order.
    const std::size_t from = history.size() > options.recent ? history.size() - options.recent : 0;
    std::vector<int32_t> query;
    for (std::size_t i = from; i < history.size(); ++i)
        if (history[i] >= 0) query.push_back(history[i]);
    if (query.empty() || options.k == 0) return {};
    const std::vector<float> weights = queryWeights(query.size(), options.decay);
    Eigen::Map<Eigen::VectorXf> scored(scores_.data(), static_cast<Eigen::Index>(scores_.size()));
    Eigen::VectorXf mean = Eigen::VectorXf::Zero(input_.cols());
    for (std::size_t i = 0; i < query.size(); ++i) mean += weights[i] * input_.row(query[i]).transpose();
    scored.noalias() = output_ * mean;
    if (nextInput_) {
        mean.setZero();
        for (std::size_t i = 0; i < query.size(); ++i) mean += weights[i] * nextInput_->row(query[i]).transpose();
        scored.noalias() += *nextOutput_ * mean;
    }

    for (int32_t r : history)
        if (r >= 0) excluded_[static_cast<std::size_t>(r)] = 1;
    std::vector<int32_t> candidates;
    candidates.reserve(scores_.size());
    for (int32_t r = 0; r < rows; ++r)
        if (!excluded_[static_cast<std::size_t>(r)] && (ratings_.empty() || ratings_[static_cast<std::size_t>(r)] >= options.minRatings))
            candidates.push_back(r);
    for (int32_t r : history)
        if (r >= 0) excluded_[static_cast<std::size_t>(r)] = 0;

    const auto n = std::min(options.k, candidates.size());
    const auto better = [&](int32_t a, int32_t b) {
        const float sa = scores_[static_cast<std::size_t>(a)], sb = scores_[static_cast<std::size_t>(b)];
        return sa != sb ? sa > sb : a < b;
    };
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(n), candidates.end(), better);
    std::vector<RecommendedRow> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        const int32_t r = candidates[i];
        out[i].row = r;
        out[i].score = scores_[static_cast<std::size_t>(r)];
        float best = 0;
        for (std::size_t j = 0; j < query.size(); ++j) {
            const float part = weights[j] * share(query[j], r);
            if (out[i].because < 0 || part > best) {
                best = part;
                out[i].because = query[j];
            }
        }
    }
    return out;
}

RecommendResult recommend(const SimilarityIndex& index, const ScoringMatrices& matrices,
                          const std::vector<int32_t>& history, const RecommendOptions& options) {
    Recommender recommender(matrices, index.ratings());
    RecommendResult result;
    std::vector<int32_t> rows;
    rows.reserve(history.size());
    for (int32_t id : history) {
        rows.push_back(index.rowOf(id));
        if (rows.back() < 0) result.unknown.push_back(id);
    }
    const auto& ids = index.ids();
    for (const RecommendedRow& r : recommender.recommendRows(rows, options))
        result.items.push_back({ids[static_cast<std::size_t>(r.row)], r.score, ids[static_cast<std::size_t>(r.because)],
                                index.ratingsOf(r.row)});
    return result;
}

Eigen::MatrixXf int8QueryMetric(const Matrix& input, const std::vector<std::uint32_t>& ratings) {
    const auto rows = static_cast<std::size_t>(input.rows());
    const Eigen::Index dim = input.cols();
    std::vector<double> weights(rows, 1.0);
    if (ratings.size() == rows)
        for (std::size_t r = 0; r < rows; ++r) weights[r] = static_cast<double>(ratings[r]);
    double total = 0;
    for (double w : weights) total += w;
    if (!(total > 0)) {
        std::fill(weights.begin(), weights.end(), 1.0);
        total = static_cast<double>(rows);
    }
    // A mean of n rows drawn by weight, with weights w_i summing to 1, has
    // E[q q^T] = mu mu^T + Sigma sum w_i^2 (sum w_i^2 = 1 / n for the plain mean).
    double spread = 0;
    for (float w : queryWeights(kDefaultRecent, kDefaultDecay)) spread += static_cast<double>(w) * w;
    Eigen::VectorXd mu = Eigen::VectorXd::Zero(dim);
    Eigen::MatrixXd second = Eigen::MatrixXd::Zero(dim, dim);
    for (std::size_t r = 0; r < rows; ++r) {
        const Eigen::VectorXd x = input.row(static_cast<Eigen::Index>(r)).transpose().cast<double>();
        mu += weights[r] / total * x;
        second.selfadjointView<Eigen::Lower>().rankUpdate(x, weights[r] / total);
    }
    second = Eigen::MatrixXd(second.selfadjointView<Eigen::Lower>());
    const Eigen::MatrixXd outer = mu * mu.transpose();
    Eigen::MatrixXd metric = outer + (second - outer) * spread;
    const double trace = metric.trace();
    if (!(trace > 0) || !std::isfinite(trace)) return Eigen::MatrixXf::Identity(dim, dim);
    return (metric / trace).cast<float>();
}

}  // namespace m2v
