#include "recommend.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "random.h"

namespace m2v {

Recommender::Recommender(const Matrix& input, const Matrix& output, const std::vector<std::uint32_t>& ratings)
    : input_(input), output_(output), ratings_(ratings) {
    if (output.rows() == 0) throw NoOutputVectors();
    if (input.rows() != output.rows() || input.cols() != output.cols())
        throw std::invalid_argument("recommend: " + std::to_string(input.rows()) + " input vectors but " +
                                    std::to_string(output.rows()) + " output vectors");
    if (!ratings.empty() && ratings.size() != static_cast<std::size_t>(input.rows()))
        throw std::invalid_argument("recommend: rating counts and vectors differ in length");
    scores_.resize(static_cast<std::size_t>(input.rows()));
    excluded_.assign(static_cast<std::size_t>(input.rows()), 0);
}

std::vector<RecommendedRow> Recommender::recommendRows(const std::vector<int32_t>& history, const RecommendOptions& options) {
    const auto rows = static_cast<int32_t>(input_.rows());
    for (int32_t r : history)
        if (r < -1 || r >= rows) throw std::out_of_range("recommend: row " + std::to_string(r) + " out of range");
    const std::size_t from = history.size() > options.recent ? history.size() - options.recent : 0;
    std::vector<int32_t> query;
    for (std::size_t i = from; i < history.size(); ++i)
        if (history[i] >= 0) query.push_back(history[i]);
    if (query.empty() || options.k == 0) return {};

    Eigen::VectorXf mean = Eigen::VectorXf::Zero(input_.cols());
    for (int32_t q : query) mean += input_.row(q).transpose();
    mean /= static_cast<float>(query.size());
    Eigen::Map<Eigen::VectorXf> scored(scores_.data(), static_cast<Eigen::Index>(scores_.size()));
    scored.noalias() = output_ * mean;

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
        // Each query movie's share of the mean is its own input vector . output(r) / |query|.
        float best = 0;
        for (int32_t q : query) {
            const float share = input_.row(q).dot(output_.row(r));
            if (out[i].because < 0 || share > best) {
                best = share;
                out[i].because = q;
            }
        }
    }
    return out;
}

RecommendResult recommend(const SimilarityIndex& index, const Matrix& input, const Matrix& output,
                          const std::vector<int32_t>& history, const RecommendOptions& options) {
    Recommender recommender(input, output, index.ratings());
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

Int8Metrics int8Metrics(const Matrix& input, const Matrix& output, const std::vector<std::uint32_t>& ratings) {
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

    // The mean of n rows drawn by weight has E[q q^T] = mu mu^T + Sigma / n.
    Eigen::VectorXd mu = Eigen::VectorXd::Zero(dim);
    Eigen::MatrixXd second = Eigen::MatrixXd::Zero(dim, dim);
    for (std::size_t r = 0; r < rows; ++r) {
        const Eigen::VectorXd x = input.row(static_cast<Eigen::Index>(r)).transpose().cast<double>();
        mu += weights[r] / total * x;
        second.selfadjointView<Eigen::Lower>().rankUpdate(x, weights[r] / total);
    }
    second = Eigen::MatrixXd(second.selfadjointView<Eigen::Lower>());
    const double n = static_cast<double>(kDefaultRecent);
    Int8Metrics m;
    m.forOutput = (mu * mu.transpose() + (second - mu * mu.transpose()) / n).cast<float>();

    // Sample queries: about 1e9 multiply-adds in all, at most 2000 queries.
    std::vector<double> cumulative(rows);
    double sum = 0;
    for (std::size_t r = 0; r < rows; ++r) cumulative[r] = sum += weights[r];
    const double cost = static_cast<double>(rows) * static_cast<double>(dim) + 1;
    const int queries = static_cast<int>(std::clamp(1e9 / cost, 50.0, 2000.0));
    std::vector<double> inTop(rows, 0.0);
    const std::vector<std::uint32_t> none;
    Recommender recommender(input, output, none);
    RecommendOptions options;
    options.k = 20;
    Rng rng(20240615);
    std::vector<int32_t> history(kDefaultRecent);
    for (int q = 0; q < queries; ++q) {
        for (int32_t& h : history) {
            const auto at = std::lower_bound(cumulative.begin(), cumulative.end(), rng.uniform() * sum);
            h = static_cast<int32_t>(std::min<std::ptrdiff_t>(at - cumulative.begin(), static_cast<std::ptrdiff_t>(rows) - 1));
        }
        for (const RecommendedRow& r : recommender.recommendRows(history, options)) inTop[static_cast<std::size_t>(r.row)] += 1;
    }
    Eigen::MatrixXd outer = Eigen::MatrixXd::Zero(dim, dim);
    for (std::size_t r = 0; r < rows; ++r)
        if (inTop[r] > 0) outer.selfadjointView<Eigen::Lower>().rankUpdate(output.row(static_cast<Eigen::Index>(r)).transpose().cast<double>(), inTop[r]);
    outer = Eigen::MatrixXd(outer.selfadjointView<Eigen::Lower>());
    const double scale = outer.trace();
    m.forInput = (scale > 0 ? Eigen::MatrixXd(outer / scale) : Eigen::MatrixXd::Identity(dim, dim)).cast<float>();
    const double outScale = m.forOutput.trace();
    if (outScale > 0) m.forOutput /= static_cast<float>(outScale);
    else m.forOutput = Eigen::MatrixXf::Identity(dim, dim);
    return m;
}

}  // namespace m2v
