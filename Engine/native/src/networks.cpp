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
    auto h = F::max_pool2d(conv1->forward(x).relu_(), F::MaxPool2dFuncOptions(2));
    return F::max_pool2d(conv2->forward(h).relu_(), F::MaxPool2dFuncOptions(2));
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
    auto h = F::max_pool2d(conv1->forward(x).relu_(), pool);
    h = F::max_pool2d(conv2->forward(h).relu_(), pool);
    h = F::max_pool2d(conv3->forward(h).relu_(), pool);
    h = F::max_pool2d(conv4->forward(h).relu_(), pool);
    return conv5->forward(h).relu_();
}

BasicBlockImpl::BasicBlockImpl(int64_t in, int64_t out, int64_t stride) {
    conv1 = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false)));
    bn1 = register_module("bn1", torch::nn::BatchNorm2d(out));
    conv2 = register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(out, out, 3).padding(1).bias(false)));
    bn2 = register_module("bn2", torch::nn::BatchNorm2d(out));
    shortcut = register_module("shortcut", torch::nn::Sequential());
    if (stride != 1 || in != out) {
        shortcut->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1).stride(stride).bias(false)));
        shortcut->push_back(torch::nn::BatchNorm2d(out));
    }
}

// ReLUs and the residual sum work in place on tensors this block just made (as torchvision's ReLU(inplace=True)
// and `out += identity`): no extra activation-sized buffer per op, which at batch 256 is most of inference's
// memory traffic. Autograd allows it: conv and batch-norm backward read their inputs, not these outputs.
torch::Tensor BasicBlockImpl::forward(const torch::Tensor& x) {
    auto o = bn1->forward(conv1->forward(x)).relu_();
    o = bn2->forward(conv2->forward(o));
    o += shortcut->is_empty() ? x : shortcut->forward(x);
    return o.relu_();
}

ResNetImpl::ResNetImpl(std::vector<int64_t> blocks, int64_t channels, int64_t classes, bool small)
    : GapNetImpl(channels), small_input(small) {
    conv1 = register_module("conv1", small ? torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, 64, 3).padding(1).bias(false))
                                           : torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, 64, 7).stride(2).padding(3).bias(false)));
    bn1 = register_module("bn1", torch::nn::BatchNorm2d(64));
    const int64_t widths[] = {64, 128, 256, 512};
    torch::nn::Sequential* stages[] = {&layer1, &layer2, &layer3, &layer4};
    int64_t in = 64;
    for (size_t s = 0; s < 4; ++s) {
        torch::nn::Sequential stage;
        for (int64_t b = 0; b < blocks[s]; ++b) {
            stage->push_back(BasicBlock(in, widths[s], (b == 0 && s > 0) ? 2 : 1));
            in = widths[s];
        }
        *stages[s] = register_module("layer" + std::to_string(s + 1), stage);
    }
    fc = register_module("fc", torch::nn::Linear(512, classes));
}

torch::Tensor ResNetImpl::trunk(const torch::Tensor& x) {
    auto h = bn1->forward(conv1->forward(x)).relu_();
    if (!small_input) h = F::max_pool2d(h, F::MaxPool2dFuncOptions(3).stride(2).padding(1));
    return layer4->forward(layer3->forward(layer2->forward(layer1->forward(h))));
}

VggImpl::VggImpl(const std::vector<int64_t>& convs_per_block, int64_t channels, int64_t classes) : GapNetImpl(channels) {
    const int64_t widths[] = {64, 128, 256, 512, 512};
    int64_t in = channels;
    for (size_t b = 0; b < convs_per_block.size(); ++b) {
        torch::nn::Sequential block;
        for (int64_t c = 0; c < convs_per_block[b]; ++c) {
            block->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, widths[b], 3).padding(1)));
            block->push_back(torch::nn::BatchNorm2d(widths[b]));
            block->push_back(torch::nn::ReLU(torch::nn::ReLUOptions().inplace(true)));
            in = widths[b];
        }
        block->push_back(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)));
        blocks.push_back(register_module("block" + std::to_string(b + 1), block));
    }
    fc = register_module("fc", torch::nn::Linear(512, classes));
}

torch::Tensor VggImpl::trunk(const torch::Tensor& x) {
    auto h = x;
    for (auto& block : blocks) h = block->forward(h);
    return h;
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

std::shared_ptr<GapNetImpl> make_network(const std::string& arch, int64_t channels, int64_t classes, int64_t height, int64_t width) {
    const bool small = std::max(height, width) <= 64;
    if (arch == "seed-cnn") return std::make_shared<SeedCnnImpl>(channels, classes);
    if (arch == "five-conv-cnn") return std::make_shared<FiveConvCnnImpl>(channels, classes);
    if (arch == "resnet18") return std::make_shared<ResNetImpl>(std::vector<int64_t>{2, 2, 2, 2}, channels, classes, small);
    if (arch == "resnet34") return std::make_shared<ResNetImpl>(std::vector<int64_t>{3, 4, 6, 3}, channels, classes, small);
    if (arch == "vgg13-bn") return std::make_shared<VggImpl>(std::vector<int64_t>{2, 2, 2, 2, 2}, channels, classes);
    if (arch == "vgg16-bn") return std::make_shared<VggImpl>(std::vector<int64_t>{2, 2, 3, 3, 3}, channels, classes);
    throw invalid_argument("unknown architecture '" + arch + "' (known: seed-cnn, five-conv-cnn, resnet18, resnet34, vgg13-bn, vgg16-bn)");
}

}  // namespace eh
