// Network architectures with a global-average-pooling head, so CAM applies to each of them.
#pragma once
#include <torch/torch.h>
#include <memory>
#include <string>
#include <vector>

namespace eh {

struct GapNetImpl : torch::nn::Module {
    explicit GapNetImpl(int64_t channels);

    // The last convolutional block's output F (N×K×h×w) that the GAP head averages, for inputs in [0,1]:
    // the per-channel standardisation is part of the network, so it is saved with the weights and every
    // caller (training, prediction, CAM) sees the same input.
    torch::Tensor features(const torch::Tensor& x) { return trunk((x - input_mean) / input_std); }
    virtual torch::Tensor trunk(const torch::Tensor& x) = 0;
    // The linear layer after GAP: weight C×K is w_k^c of CAM.
    virtual torch::nn::Linear& head() = 0;

    // Where the feature grid sits on the input: cell j's receptive-field centre is at input pixel
    // offset + stride·j (pixel centres at integers). stride 0 = unknown: plain stretch to the input.
    virtual std::pair<double, double> feature_geometry() const { return {0.0, 0.0}; }

    // The smallest input side whose feature grid is still at least 1×1.
    virtual int64_t min_input_size() const = 0;

    torch::Tensor forward(const torch::Tensor& x) { return head()->forward(features(x).mean({2, 3})); }

    torch::Tensor input_mean, input_std;  // 1×C×1×1 buffers; 0 and 1 = no standardisation
};

// Seed 001: Conv(32,3×3,relu) → MaxPool 2 → Conv(64,3×3,relu) → MaxPool 2 → GAP → Dense(classes).
struct SeedCnnImpl : GapNetImpl {
    SeedCnnImpl(int64_t channels, int64_t classes);
    torch::Tensor trunk(const torch::Tensor& x) override;
    torch::nn::Linear& head() override { return fc; }
    // valid conv3 → pool2 → valid conv3 → pool2: cell j covers input 4j..4j+9, centre 4j+4.5.
    std::pair<double, double> feature_geometry() const override { return {4.0, 4.5}; }
    int64_t min_input_size() const override { return 10; }

    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
    torch::nn::Linear fc{nullptr};
};

// Seed 001's CNN+SVM network: five 3×3 "same" convolutions of 16, 32, 64, 128 and 256 channels (ReLU), a 2×2
// max-pool after each of the first four, GAP → Dense(classes). Its 256 GAP features feed the hybrid SVM.
struct FiveConvCnnImpl : GapNetImpl {
    FiveConvCnnImpl(int64_t channels, int64_t classes);
    torch::Tensor trunk(const torch::Tensor& x) override;
    torch::nn::Linear& head() override { return fc; }
    // same convs keep positions; each pool halves them: after four, cell j is centred at input 16j + 7.5.
    std::pair<double, double> feature_geometry() const override { return {16.0, 7.5}; }
    int64_t min_input_size() const override { return 16; }

    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr}, conv4{nullptr}, conv5{nullptr};
    torch::nn::Linear fc{nullptr};
};

// ResNet basic block: conv3×3(stride) → BN → ReLU → conv3×3 → BN, plus the input (through a 1×1 conv + BN when
// the shape changes), → ReLU.
struct BasicBlockImpl : torch::nn::Module {
    BasicBlockImpl(int64_t in, int64_t out, int64_t stride);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr};
    torch::nn::Sequential shortcut{nullptr};  // empty = identity
};
TORCH_MODULE(BasicBlock);

// ResNet-18/34 (BasicBlocks, widths 64-128-256-512, GAP → Linear). Inputs up to 64 px get the CIFAR stem (3×3,
// stride 1, no max-pool, as the reference's); larger ones torchvision's (7×7 stride 2, 3×3 max-pool stride 2).
// Layers are named conv1, bn1, layer1..layer4 (blocks 0, 1, …), fc, as in torchvision.
struct ResNetImpl : GapNetImpl {
    ResNetImpl(std::vector<int64_t> blocks, int64_t channels, int64_t classes, bool small_input);
    torch::Tensor trunk(const torch::Tensor& x) override;
    torch::nn::Linear& head() override { return fc; }
    std::pair<double, double> feature_geometry() const override { return {small_input ? 8.0 : 32.0, 0.0}; }
    int64_t min_input_size() const override { return small_input ? 8 : 65; }

    bool small_input;
    torch::nn::Conv2d conv1{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr};
    torch::nn::Sequential layer1{nullptr}, layer2{nullptr}, layer3{nullptr}, layer4{nullptr};
    torch::nn::Linear fc{nullptr};
};

// VGG-13/16 with batch norm: five blocks of 3×3 same convs (each Conv → BN → ReLU) ending in a 2×2 max-pool,
// named block1..block5; GAP → Linear(512, classes) as the head, so CAM applies.
struct VggImpl : GapNetImpl {
    VggImpl(const std::vector<int64_t>& convs_per_block, int64_t channels, int64_t classes);
    torch::Tensor trunk(const torch::Tensor& x) override;
    torch::nn::Linear& head() override { return fc; }
    // same convs keep positions; five 2×2 pools: cell j is centred at input 32j + 15.5.
    std::pair<double, double> feature_geometry() const override { return {32.0, 15.5}; }
    int64_t min_input_size() const override { return 32; }

    std::vector<torch::nn::Sequential> blocks;
    torch::nn::Linear fc{nullptr};
};

// Bilinear upsampling of N×1×h×w maps to height×width that puts each feature cell at its receptive-field
// centre, so that a peak in the map lands where the evidence is in the image.
torch::Tensor upsample_to_input(const torch::Tensor& maps, const GapNetImpl& net, int64_t height, int64_t width);

// The network `arch` for channels×height×width inputs (the input size picks ResNet's stem).
std::shared_ptr<GapNetImpl> make_network(const std::string& arch, int64_t channels, int64_t classes, int64_t height, int64_t width);

}  // namespace eh
