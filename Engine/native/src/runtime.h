#pragma once
#include <torch/torch.h>

namespace eh {
torch::Device default_device();
}
