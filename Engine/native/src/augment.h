// Random geometric augmentation of an image batch, on whatever device the batch lives.
#pragma once
#include <ATen/core/Generator.h>
#include <torch/torch.h>

namespace eh {

struct augmentation {
    double max_rotation_degrees = 0;  // uniform in ±this
    double max_shift_pixels = 0;      // uniform in ±this, x and y independently
    bool horizontal_flip = false;     // with probability ½
    bool active() const { return max_rotation_degrees > 0 || max_shift_pixels > 0 || horizontal_flip; }
};

// One random affine warp per image (rotation about the centre, shift, mirror), bilinear, zeros outside.
// The random draws come from `generator` (CPU), so a seeded run sees the same warps on CPU and CUDA.
torch::Tensor augment(const torch::Tensor& images, const augmentation& a, at::Generator& generator);

}  // namespace eh
