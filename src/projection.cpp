#include "projection.h"

#include <Eigen/Eigenvalues>

namespace m2v {

std::vector<float> pca2d(const Matrix& vectors) {
    const Eigen::Index n = vectors.rows(), d = vectors.cols();
    std::vector<float> xy(static_cast<std::size_t>(2 * n), 0.0f);
    if (n < 2 || d < 1) return xy;
    // The covariance is d x d (64 x 64): cheap even for 60,000 movies.
    const Eigen::MatrixXd x = vectors.cast<double>();
    const Eigen::RowVectorXd mean = x.colwise().mean();
    const Eigen::MatrixXd centred = x.rowwise() - mean;
    const Eigen::MatrixXd covariance = centred.transpose() * centred / static_cast<double>(n - 1);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
    // Eigenvalues come in increasing order: the last columns are the principal axes.
    for (int axis = 0; axis < std::min<Eigen::Index>(2, d); ++axis) {
        Eigen::VectorXd direction = solver.eigenvectors().col(d - 1 - axis);
        Eigen::Index largest;
        direction.cwiseAbs().maxCoeff(&largest);
        if (direction[largest] < 0) direction = -direction;
        const Eigen::VectorXd coordinate = centred * direction;
        const double extent = coordinate.cwiseAbs().maxCoeff();
        for (Eigen::Index i = 0; i < n; ++i)
            xy[static_cast<std::size_t>(2 * i + axis)] = extent > 0 ? static_cast<float>(coordinate[i] / extent) : 0.0f;
    }
    return xy;
}

}  // namespace m2v
