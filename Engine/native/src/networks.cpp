#include "networks.h"
#include "errors.h"

namespace F = torch::nn::functional;

namespace eh {

GapNetImpl::GapNetImpl(int64_t channels) {
    input_mean = register_buffer("input_mean", torch::zeros({1, channels, 1, 1}));
    input_std = register_buffer("input_std", torch::ones({1, channels, 1, 1}));
}

SeedCnnImpl::SeedCnnImpl(int64_t channels, int64_t classes) : GapNetImpl(channels) {
    conv1 = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, 32, 3)));
    conv2 = register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(32, 64, 3)));
    fc = register_module("fc", torch::nn::Linear(64, classes));
}

torch::Tensor SeedCnnImpl::trunk(const torch::Tensor& x) {
    auto h = F::max_pool2d(torch::relu(conv1->forward(x)), F::MaxPool2dFuncOptions(2));
    return F::max_pool2d(torch::relu(conv2->forward(h)), F::MaxPool2dFuncOptions(2));
}

FiveConvCnnImpl::FiveConvCnnImpl(int64_t channels, int64_t classes) : GapNetImpl(channels) {
    auto conv = [](int64_t in, int64_t out) { return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1)); };
    conv1 = register_module("conv1", conv(channels, 16));
    conv2 = register_module("conv2", conv(16, 32));
    conv3 = register_module("conv3", conv(32, 64));
    conv4 = register_module("conv4", conv(64, 128));
    conv5 = register_module("conv5", conv(128, 256));
    fc = register_module("fc", torch::nn::Linear(256, classes));
}

torch::Tensor FiveConvCnnImpl::trunk(const torch::Tensor& x) {
    auto pool = F::MaxPool2dFuncOptions(2);
    auto h = F::max_pool2d(torch::relu(conv1->forward(x)), pool);
    h = F::max_pool2d(torch::relu(conv2->forward(h)), pool);
    h = F::max_pool2d(torch::relu(conv3->forward(h)), pool);
    h = F::max_pool2d(torch::relu(conv4->forward(h)), pool);
    return torch::relu(conv5->forward(h));
}

torch::Tensor upsample_to_input(const torch::Tensor& maps, const GapNetImpl& net, int64_t height, int64_t width) {
    auto [stride, offset] = net.feature_geometry();
    const auto h = maps.size(2), w = maps.size(3);
    if (stride <= 0 || h < 2 || w < 2) {
        return F::interpolate(maps, F::InterpolateFuncOptions()
                                        .size(std::vector<int64_t>{height, width})
                                        .mode(torch::kBilinear)
                                        .align_corners(false));
    }
    // grid_sample with align_corners=true maps −1/+1 to the first/last cell centre. Beyond the outermost
    // centres the map fades to zero (zeros padding), as receptive-field coverage does; clamping instead would
    // make a flat band whose first pixel, not the evidence, wins an argmax.
    auto opts = torch::TensorOptions().dtype(maps.dtype()).device(maps.device());
    auto gy = (torch::arange(height, opts) - offset) / stride * (2.0 / static_cast<double>(h - 1)) - 1.0;
    auto gx = (torch::arange(width, opts) - offset) / stride * (2.0 / static_cast<double>(w - 1)) - 1.0;
    auto grid = torch::stack({gx.view({1, width}).expand({height, width}), gy.view({height, 1}).expand({height, width})}, -1);
    grid = grid.unsqueeze(0).expand({maps.size(0), height, width, 2});
    return F::grid_sample(maps, grid, F::GridSampleFuncOptions()
                                          .mode(torch::kBilinear)
                                          .padding_mode(torch::kZeros)
                                          .align_corners(true));
}

std::shared_ptr<GapNetImpl> make_network(const std::string& arch, int64_t channels, int64_t classes) {
    if (arch == "seed-cnn") return std::make_shared<SeedCnnImpl>(channels, classes);
    if (arch == "five-conv-cnn") return std::make_shared<FiveConvCnnImpl>(channels, classes);
    throw invalid_argument("unknown architecture '" + arch + "' (known: seed-cnn, five-conv-cnn)");
}

}  // namespace eh
