// eh_linalg_*: the dense linear algebra of the classical models (PCA, kernel PCA, precomputed SVM kernels,
// kernel ridge regression) on libtorch's LAPACK/BLAS, in float64 so that the solvers downstream (LIBSVM,
// LIBLINEAR) see the same numbers scikit-learn's would; only PCA's covariance GEMM runs in float32.
#include <torch/torch.h>
#include <algorithm>
#include <cstring>
#include <string>
#include "errors.h"

namespace {

torch::Tensor wrap(const float* data, int64_t rows, int64_t cols, const char* name) {
    eh::require(data != nullptr, name);
    eh::require(rows > 0 && cols > 0, "matrix dimensions must be positive");
    return torch::from_blob(const_cast<float*>(data), {rows, cols}, torch::kFloat32).to(torch::kFloat64);
}

torch::Tensor wrap(const double* data, int64_t rows, int64_t cols, const char* name) {
    eh::require(data != nullptr, name);
    eh::require(rows > 0 && cols > 0, "matrix dimensions must be positive");
    return torch::from_blob(const_cast<double*>(data), {rows, cols}, torch::kFloat64);
}

template <typename T>
void copy_out(const torch::Tensor& t, T* out) {
    eh::require(out != nullptr, "output buffer is null");
    auto c = t.to(torch::CppTypeToScalarType<T>()).contiguous();
    std::memcpy(out, c.template data_ptr<T>(), sizeof(T) * static_cast<size_t>(c.numel()));
}

}  // namespace

EH_API eh_status eh_linalg_pca_fit(const float* samples, int64_t count, int64_t dimension, int64_t components,
                                   float* mean, float* axes, double* variances, double* total_variance) {
    return eh::guarded([&] {
        eh::require(count >= 2, "PCA needs at least two samples");
        eh::require(components >= 1 && components <= dimension && components <= count,
                    "components must be between 1 and min(samples, dimension)");
        torch::NoGradGuard no_grad;
        eh::require(samples != nullptr, "samples buffer is null");
        eh::require(count > 0 && dimension > 0, "matrix dimensions must be positive");
        auto x = torch::from_blob(const_cast<float*>(samples), {count, dimension}, torch::kFloat32);
        eh::require(torch::isfinite(x).all().item<bool>(), "samples contain NaN or infinite values");
        auto mu = x.mean({0}, false, torch::kFloat64);
        auto centred = x - mu.to(torch::kFloat32);
        // Covariance (d×d, one GEMM) and its symmetric eigendecomposition: for n ≫ d this is what a full SVD
        // computes, at a fraction of the cost. The GEMM runs in float32 (pixels carry no more than that; half
        // the time of float64) and the eigensolver in float64.
        auto covariance = centred.t().mm(centred).to(torch::kFloat64) / static_cast<double>(count - 1);
        auto [values, vectors] = torch::linalg::eigh(covariance, "L");  // ascending
        auto top = values.flip(0).slice(0, 0, components).clamp_min(0);
        auto directions = vectors.flip(1).slice(1, 0, components).t().contiguous();  // k×d
        // Sign convention as scikit-learn's svd_flip on V: the largest |loading| of each axis is positive.
        auto pivots = directions.abs().argmax(1);
        auto signs = directions.gather(1, pivots.unsqueeze(1)).sign();
        signs.masked_fill_(signs.eq(0), 1);
        directions = directions * signs;
        copy_out(mu, mean);
        copy_out(directions, axes);
        copy_out(top, variances);
        eh::require(total_variance != nullptr, "total_variance is null");
        *total_variance = values.clamp_min(0).sum().item<double>();
    });
}

EH_API eh_status eh_linalg_pca_transform(const float* samples, int64_t count, int64_t dimension, const float* mean,
                                         const float* axes, int64_t components, float* out) {
    return eh::guarded([&] {
        torch::NoGradGuard no_grad;
        eh::require(samples != nullptr && out != nullptr, "samples or output buffer is null");
        eh::require(count > 0 && dimension > 0 && components > 0, "matrix dimensions must be positive");
        auto mu = wrap(mean, 1, dimension, "mean buffer is null");
        auto pt = wrap(axes, components, dimension, "axes buffer is null").t();
        // In blocks of rows, so the float64 copies stay a few MB and are reused by the allocator instead of
        // faulting in fresh pages for the whole set (what costs most on these machines).
        constexpr int64_t block = 2048;
        for (int64_t first = 0; first < count; first += block) {
            const auto rows = std::min(block, count - first);
            auto z = (wrap(samples + first * dimension, rows, dimension, "samples buffer is null") - mu).mm(pt);
            copy_out(z, out + first * components);
        }
    });
}

EH_API eh_status eh_linalg_kernel(const char* kind, const float* a, int64_t rows_a, const float* b, int64_t rows_b,
                                  int64_t dimension, double gamma, double coef0, int32_t degree, double* out) {
    return eh::guarded([&] {
        eh::require(kind != nullptr, "kernel kind is null");
        torch::NoGradGuard no_grad;
        auto x = wrap(a, rows_a, dimension, "first samples buffer is null");
        auto y = wrap(b, rows_b, dimension, "second samples buffer is null");
        auto dots = x.mm(y.t());
        const std::string k(kind);
        torch::Tensor result;
        if (k == "linear") {
            result = dots;
        } else if (k == "poly") {
            result = (gamma * dots + coef0).pow(degree);
        } else if (k == "rbf") {
            auto xx = x.pow(2).sum(1, true);
            auto yy = y.pow(2).sum(1, true).t();
            result = torch::exp(-gamma * (xx + yy - 2 * dots).clamp_min(0));
        } else if (k == "sigmoid") {
            result = torch::tanh(gamma * dots + coef0);
        } else {
            throw eh::invalid_argument("unknown kernel '" + k + "' (linear, poly, rbf, sigmoid)");
        }
        copy_out(result, out);
    });
}

EH_API eh_status eh_linalg_dot_into(const double* a, int64_t rows_a, const double* b, int64_t rows_b, int64_t dimension,
                                    double* out) {
    return eh::guarded([&] {
        eh::require(out != nullptr, "output buffer is null");
        torch::NoGradGuard no_grad;
        // The GEMM writes straight into the caller's buffer: no temporary of the result's size (a fresh
        // allocation, and page faults are what cost on these machines).
        auto k = torch::from_blob(out, {rows_a, rows_b}, torch::kFloat64);
        torch::mm_out(k, wrap(a, rows_a, dimension, "first samples buffer is null"),
                      wrap(b, rows_b, dimension, "second samples buffer is null").t());
    });
}

EH_API eh_status eh_linalg_eigh_top(const double* matrix, int64_t size, int64_t count, double* values, double* vectors) {
    return eh::guarded([&] {
        eh::require(count >= 1 && count <= size, "count must be between 1 and the matrix size");
        torch::NoGradGuard no_grad;
        auto m = wrap(matrix, size, size, "matrix buffer is null");
        auto [all_values, all_vectors] = torch::linalg::eigh(m, "L");
        copy_out(all_values.flip(0).slice(0, 0, count), values);
        copy_out(all_vectors.flip(1).slice(1, 0, count).t(), vectors);  // count×size, one eigenvector a row
    });
}

EH_API eh_status eh_linalg_solve_spd(const double* matrix, int64_t size, const double* rhs, int64_t columns,
                                     double ridge, double* solution) {
    return eh::guarded([&] {
        eh::require(ridge >= 0, "ridge must not be negative");
        torch::NoGradGuard no_grad;
        auto a = wrap(matrix, size, size, "matrix buffer is null");
        auto b = wrap(rhs, size, columns, "right-hand side buffer is null");
        if (ridge > 0) a = a + ridge * torch::eye(size, torch::kFloat64);
        auto factor = torch::linalg::cholesky(a);
        copy_out(torch::cholesky_solve(b, factor), solution);
    });
}

EH_API eh_status eh_linalg_matmul(const double* a, int64_t rows, int64_t inner, const double* b, int64_t columns,
                                  double* out) {
    return eh::guarded([&] {
        torch::NoGradGuard no_grad;
        copy_out(wrap(a, rows, inner, "left matrix is null").mm(wrap(b, inner, columns, "right matrix is null")), out);
    });
}
