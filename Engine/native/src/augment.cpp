#include "augment.h"
#include <cmath>

namespace F = torch::nn::functional;

namespace eh {

torch::Tensor augment(const torch::Tensor& images, const augmentation& a, at::Generator& generator) {
    if (!a.active()) return images;
    torch::NoGradGuard no_grad;
    const auto n = images.size(0);
    const auto h = static_cast<double>(images.size(2));
    const auto w = static_cast<double>(images.size(3));
    auto uniform = [&](double bound) {  // n draws in [-bound, bound]
        return (at::rand({n}, generator, torch::kFloat64) * 2 - 1) * bound;
    };
    auto angle = uniform(a.max_rotation_degrees * M_PI / 180.0);
    // affine_grid works in [-1, 1] coordinates: a shift of s pixels is 2s/size there.
    auto tx = uniform(a.max_shift_pixels * 2.0 / w);
    auto ty = uniform(a.max_shift_pixels * 2.0 / h);
    auto mirror = a.horizontal_flip
        ? torch::where(at::rand({n}, generator, torch::kFloat64) < 0.5, -1.0, 1.0)
        : torch::ones({n}, torch::kFloat64);
    auto c = angle.cos(), s = angle.sin();
    // Output pixel p samples the input at θ·p: rotation (with the aspect ratio kept), then the mirror on x.
    auto theta = torch::stack({torch::stack({c * mirror, -s * (h / w), tx}, 1),
                               torch::stack({s * (w / h) * mirror, c, ty}, 1)}, 1)
                     .to(images.device(), images.scalar_type());
    auto grid = F::affine_grid(theta, images.sizes(), /*align_corners=*/false);
    return F::grid_sample(images, grid, F::GridSampleFuncOptions().mode(torch::kBilinear).padding_mode(torch::kZeros).align_corners(false));
}

}  // namespace eh
