// eh_net_*: a network, its optimiser and its device behind one opaque handle.
#include <torch/torch.h>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>
#include <ATen/CPUGeneratorImpl.h>
#include "augment.h"
#include "errors.h"
#include "networks.h"
#include "runtime.h"

namespace F = torch::nn::functional;

struct eh_net {
    std::shared_ptr<eh::GapNetImpl> module;
    std::unique_ptr<torch::optim::Optimizer> optimizer;
    torch::Device device{torch::kCPU};
    int64_t channels = 0, height = 0, width = 0, classes = 0;
    // Training-time augmentation, drawn from the net's own generator so a seeded run is reproducible.
    eh::augmentation augmentation;
    at::Generator augmentation_generator = at::detail::createCPUGenerator(0);
    // One caller at a time: libtorch modules are not safe for concurrent train/eval switches.
    std::mutex mutex;
};

namespace {

eh_net& checked(eh_net* net) {
    eh::require(net != nullptr, "network handle is null");
    return *net;
}

// Wraps the caller's float buffer without copying, then moves it to the network's device.
torch::Tensor image_batch(const eh_net& net, const float* images, int64_t count) {
    eh::require(images != nullptr, "images buffer is null");
    eh::require(count > 0, "count must be positive");
    auto cpu = torch::from_blob(const_cast<float*>(images), {count, net.channels, net.height, net.width},
                                torch::kFloat32);
    return net.device.is_cpu() ? cpu : cpu.to(net.device);
}

void copy_out(const torch::Tensor& t, float* out) {
    auto c = t.to(torch::kCPU, torch::kFloat32).contiguous();
    std::memcpy(out, c.data_ptr<float>(), sizeof(float) * static_cast<size_t>(c.numel()));
}

}  // namespace

extern "C" {

EH_API eh_status eh_net_create(const char* arch, int64_t channels, int64_t height, int64_t width,
                               int64_t classes, eh_net** out) {
    return eh::guarded([&] {
        eh::require(out != nullptr, "out must not be null");
        eh::require(arch != nullptr, "architecture name is null");
        eh::require(channels > 0 && height > 0 && width > 0, "input shape must be positive");
        eh::require(classes >= 2, "a classifier needs at least two classes");
        auto net = std::make_unique<eh_net>();
        net->module = eh::make_network(arch, channels, classes, height, width);
        const auto smallest = net->module->min_input_size();
        eh::require(height >= smallest && width >= smallest,
                    std::string(arch) + " needs images of at least " + std::to_string(smallest) + "×" + std::to_string(smallest) +
                        " pixels, not " + std::to_string(height) + "×" + std::to_string(width));
        net->device = eh::default_device();
        net->module->to(net->device);
        net->channels = channels;
        net->height = height;
        net->width = width;
        net->classes = classes;
        net->optimizer = std::make_unique<torch::optim::Adam>(net->module->parameters(),
                                                              torch::optim::AdamOptions(1e-3));
        *out = net.release();
        ++eh::live_handles;
    });
}

EH_API eh_status eh_net_free(eh_net* net) {
    return eh::guarded([&] {
        if (net == nullptr) return;
        delete net;
        --eh::live_handles;
    });
}

EH_API eh_status eh_net_parameter_count(eh_net* net, int64_t* out) {
    return eh::guarded([&] {
        auto& n = checked(net);
        eh::require(out != nullptr, "out must not be null");
        int64_t total = 0;
        for (const auto& p : n.module->parameters()) total += p.numel();
        *out = total;
    });
}

EH_API eh_status eh_net_set_optimizer(eh_net* net, const char* kind, double learning_rate, double momentum,
                                      double weight_decay) {
    return eh::guarded([&] {
        auto& n = checked(net);
        eh::require(kind != nullptr, "optimizer kind is null");
        eh::require(learning_rate > 0, "learning rate must be positive");
        std::lock_guard<std::mutex> lock(n.mutex);
        std::string k(kind);
        if (k == "adam") {
            n.optimizer = std::make_unique<torch::optim::Adam>(
                n.module->parameters(), torch::optim::AdamOptions(learning_rate).weight_decay(weight_decay));
        } else if (k == "sgd") {
            n.optimizer = std::make_unique<torch::optim::SGD>(
                n.module->parameters(),
                torch::optim::SGDOptions(learning_rate).momentum(momentum).weight_decay(weight_decay));
        } else {
            throw eh::invalid_argument("unknown optimizer '" + k + "' (known: adam, sgd)");
        }
    });
}

EH_API eh_status eh_net_set_learning_rate(eh_net* net, double learning_rate) {
    return eh::guarded([&] {
        auto& n = checked(net);
        eh::require(learning_rate > 0, "learning rate must be positive");
        std::lock_guard<std::mutex> lock(n.mutex);
        for (auto& group : n.optimizer->param_groups()) {
            if (auto* adam = dynamic_cast<torch::optim::AdamOptions*>(&group.options())) adam->lr(learning_rate);
            else if (auto* sgd = dynamic_cast<torch::optim::SGDOptions*>(&group.options())) sgd->lr(learning_rate);
            else throw std::runtime_error("optimizer does not support setting the learning rate");
        }
    });
}

EH_API eh_status eh_net_set_input_normalization(eh_net* net, const float* mean, const float* std, int64_t channels) {
    return eh::guarded([&] {
        auto& n = checked(net);
        eh::require(mean != nullptr && std != nullptr, "mean and std must not be null");
        eh::require(channels == n.channels, "one mean and one std per input channel");
        std::lock_guard<std::mutex> lock(n.mutex);
        auto m = torch::from_blob(const_cast<float*>(mean), {1, channels, 1, 1}, torch::kFloat32);
        auto s = torch::from_blob(const_cast<float*>(std), {1, channels, 1, 1}, torch::kFloat32);
        eh::require(s.gt(0).all().item<bool>(), "standard deviations must be positive");
        torch::NoGradGuard no_grad;
        n.module->input_mean.copy_(m);
        n.module->input_std.copy_(s);
    });
}

EH_API eh_status eh_net_set_augmentation(eh_net* net, double max_rotation_degrees, double max_shift_pixels,
                                         int32_t horizontal_flip, int64_t seed) {
    return eh::guarded([&] {
        auto& n = checked(net);
        eh::require(max_rotation_degrees >= 0 && max_rotation_degrees <= 180, "rotation must be 0..180 degrees");
        eh::require(max_shift_pixels >= 0, "shift must not be negative");
        eh::require(seed >= 0, "seed must not be negative");
        std::lock_guard<std::mutex> lock(n.mutex);
        n.augmentation = {max_rotation_degrees, max_shift_pixels, horizontal_flip != 0};
        n.augmentation_generator = at::detail::createCPUGenerator(static_cast<uint64_t>(seed));
    });
}

EH_API eh_status eh_net_initialize(eh_net* net, const char* scheme) {
    return eh::guarded([&] {
        auto& n = checked(net);
        eh::require(scheme != nullptr, "scheme is null");
        std::string s(scheme);
        std::lock_guard<std::mutex> lock(n.mutex);
        torch::NoGradGuard no_grad;
        for (auto& module : n.module->modules(/*include_self=*/false)) {
            auto* conv = module->as<torch::nn::Conv2d>();
            auto* linear = module->as<torch::nn::Linear>();
            if (conv == nullptr && linear == nullptr) continue;
            if (s == "glorot") {
                auto& weight = conv ? conv->weight : linear->weight;
                auto& bias = conv ? conv->bias : linear->bias;
                torch::nn::init::xavier_uniform_(weight);
                if (bias.defined()) torch::nn::init::zeros_(bias);
            } else if (s == "torch") {
                if (conv) conv->reset_parameters(); else linear->reset_parameters();
            } else {
                throw eh::invalid_argument("unknown initialisation '" + s + "' (known: torch, glorot)");
            }
        }
    });
}

EH_API eh_status eh_net_train_step(eh_net* net, const float* images, const int64_t* labels, int64_t count,
                                   float* loss, int64_t* correct) {
    return eh::guarded([&] {
        auto& n = checked(net);
        eh::require(labels != nullptr && loss != nullptr && correct != nullptr, "output buffers must not be null");
        std::lock_guard<std::mutex> lock(n.mutex);
        auto x = image_batch(n, images, count);
        auto y = torch::from_blob(const_cast<int64_t*>(labels), {count}, torch::kInt64);
        eh::require(y.min().item<int64_t>() >= 0 && y.max().item<int64_t>() < n.classes,
                    "label out of range for this network's classes");
        y = y.to(n.device);
        x = eh::augment(x, n.augmentation, n.augmentation_generator);
        n.module->train();
        n.optimizer->zero_grad();
        auto logits = n.module->forward(x);
        auto l = F::cross_entropy(logits, y);
        l.backward();
        n.optimizer->step();
        *loss = l.item<float>();
        *correct = logits.argmax(1).eq(y).sum().item<int64_t>();
    });
}

EH_API eh_status eh_net_predict(eh_net* net, const float* images, int64_t count, float* probabilities) {
    return eh::guarded([&] {
        auto& n = checked(net);
        eh::require(probabilities != nullptr, "probabilities buffer is null");
        std::lock_guard<std::mutex> lock(n.mutex);
        torch::NoGradGuard no_grad;
        n.module->eval();
        copy_out(torch::softmax(n.module->forward(image_batch(n, images, count)), 1), probabilities);
    });
}

EH_API eh_status eh_net_cam(eh_net* net, const float* images, int64_t count, const int64_t* targets,
                            float* maps, int64_t* used_targets, float* probabilities) {
    return eh::guarded([&] {
        auto& n = checked(net);
        eh::require(targets != nullptr && maps != nullptr && used_targets != nullptr && probabilities != nullptr,
                    "buffers must not be null");
        std::lock_guard<std::mutex> lock(n.mutex);
        torch::NoGradGuard no_grad;
        n.module->eval();
        auto features = n.module->features(image_batch(n, images, count));  // N×K×h×w
        auto logits = n.module->head()->forward(features.mean({2, 3}));
        auto probs = torch::softmax(logits, 1);
        auto requested = torch::from_blob(const_cast<int64_t*>(targets), {count}, torch::kInt64).to(n.device);
        eh::require(requested.max().item<int64_t>() < n.classes, "target class out of range");
        auto chosen = torch::where(requested.lt(0), probs.argmax(1), requested);
        // M_c(x,y) = sum_k w_k^c F_k(x,y) (Zhou et al. 2016, eq. 2); the bias shifts every pixel alike.
        auto weights = n.module->head()->weight.index_select(0, chosen);  // N×K
        auto cam = (features * weights.unsqueeze(-1).unsqueeze(-1)).sum(1, true);  // N×1×h×w
        auto up = eh::upsample_to_input(cam, *n.module, n.height, n.width);
        copy_out(up.squeeze(1), maps);
        copy_out(probs, probabilities);
        auto chosen_cpu = chosen.to(torch::kCPU).contiguous();
        std::memcpy(used_targets, chosen_cpu.data_ptr<int64_t>(), sizeof(int64_t) * static_cast<size_t>(count));
    });
}

EH_API eh_status eh_net_feature_count(eh_net* net, int64_t* out) {
    return eh::guarded([&] {
        auto& n = checked(net);
        eh::require(out != nullptr, "out is null");
        *out = n.module->head()->weight.size(1);
    });
}

EH_API eh_status eh_net_features(eh_net* net, const float* images, int64_t count, float* features) {
    return eh::guarded([&] {
        auto& n = checked(net);
        eh::require(features != nullptr, "features buffer is null");
        std::lock_guard<std::mutex> lock(n.mutex);
        torch::NoGradGuard no_grad;
        n.module->eval();
        copy_out(n.module->features(image_batch(n, images, count)).mean({2, 3}), features);
    });
}

EH_API eh_status eh_net_save(eh_net* net, const char* path) {
    return eh::guarded([&] {
        auto& n = checked(net);
        eh::require(path != nullptr, "path is null");
        std::lock_guard<std::mutex> lock(n.mutex);
        torch::serialize::OutputArchive archive;
        n.module->save(archive);
        archive.save_to(path);
    });
}

EH_API eh_status eh_net_load(eh_net* net, const char* path) {
    return eh::guarded([&] {
        auto& n = checked(net);
        eh::require(path != nullptr, "path is null");
        std::lock_guard<std::mutex> lock(n.mutex);
        torch::serialize::InputArchive archive;
        archive.load_from(path, n.device);
        n.module->load(archive);
    });
}

EH_API eh_status eh_net_checkpoint_save(eh_net* net, const char* path) {
    return eh::guarded([&] {
        auto& n = checked(net);
        eh::require(path != nullptr, "path is null");
        std::lock_guard<std::mutex> lock(n.mutex);
        torch::serialize::OutputArchive archive, model, optimizer;
        n.module->save(model);
        n.optimizer->save(optimizer);
        archive.write("model", model);
        archive.write("optimizer", optimizer);
        archive.write("augmentation_generator", n.augmentation_generator.get_state());
        archive.save_to(path);
    });
}

EH_API eh_status eh_net_checkpoint_load(eh_net* net, const char* path) {
    return eh::guarded([&] {
        auto& n = checked(net);
        eh::require(path != nullptr, "path is null");
        std::lock_guard<std::mutex> lock(n.mutex);
        torch::serialize::InputArchive archive, model, optimizer;
        archive.load_from(path, n.device);
        archive.read("model", model);
        archive.read("optimizer", optimizer);
        n.module->load(model);
        n.optimizer->load(optimizer);
        torch::Tensor generator_state;
        archive.read("augmentation_generator", generator_state);
        n.augmentation_generator.set_state(generator_state.to(torch::kCPU));
    });
}

// The network's floating-point state (parameters, then buffers such as batch-norm statistics and the input
// normalisation), in registration order with their dotted names: what an export writes and an import sets.
static std::vector<std::pair<std::string, torch::Tensor>> float_state(eh_net& n) {
    std::vector<std::pair<std::string, torch::Tensor>> state;
    for (const auto& p : n.module->named_parameters()) state.emplace_back(p.key(), p.value());
    for (const auto& b : n.module->named_buffers()) {
        if (b.value().is_floating_point()) state.emplace_back(b.key(), b.value());
    }
    return state;
}

// Entry `index` of float_state, refused when out of range.
static std::pair<std::string, torch::Tensor> state_at(eh_net& n, int64_t index) {
    auto state = float_state(n);
    eh::require(index >= 0 && index < static_cast<int64_t>(state.size()), "state index out of range");
    return state[static_cast<size_t>(index)];
}

EH_API eh_status eh_net_state_count(eh_net* net, int64_t* count) {
    return eh::guarded([&] {
        auto& n = checked(net);
        eh::require(count != nullptr, "count is null");
        std::lock_guard<std::mutex> lock(n.mutex);
        *count = static_cast<int64_t>(float_state(n).size());
    });
}

EH_API eh_status eh_net_state_describe(eh_net* net, int64_t index, char* name, int32_t capacity, int64_t* shape,
                                       int32_t* rank) {
    return eh::guarded([&] {
        auto& n = checked(net);
        eh::require(name != nullptr && shape != nullptr && rank != nullptr, "outputs must not be null");
        std::lock_guard<std::mutex> lock(n.mutex);
        const auto [key, tensor] = state_at(n, index);
        eh::require(static_cast<int32_t>(key.size()) < capacity, "name buffer too small");
        eh::require(tensor.dim() <= 8, "tensor of more than 8 dimensions");
        std::memcpy(name, key.c_str(), key.size() + 1);
        *rank = static_cast<int32_t>(tensor.dim());
        for (int64_t d = 0; d < tensor.dim(); ++d) shape[d] = tensor.size(d);
    });
}

EH_API eh_status eh_net_state_get(eh_net* net, int64_t index, float* values, int64_t count) {
    return eh::guarded([&] {
        auto& n = checked(net);
        eh::require(values != nullptr, "values buffer is null");
        std::lock_guard<std::mutex> lock(n.mutex);
        auto tensor = state_at(n, index).second.detach().to(torch::kCPU, torch::kFloat32).contiguous();
        eh::require(tensor.numel() == count, "values buffer does not match the tensor's size");
        std::memcpy(values, tensor.data_ptr<float>(), sizeof(float) * static_cast<size_t>(count));
    });
}

EH_API eh_status eh_net_state_set(eh_net* net, int64_t index, const float* values, int64_t count) {
    return eh::guarded([&] {
        auto& n = checked(net);
        eh::require(values != nullptr, "values buffer is null");
        std::lock_guard<std::mutex> lock(n.mutex);
        auto tensor = state_at(n, index).second;  // shares storage with the module's tensor
        eh::require(tensor.numel() == count, "values do not match the tensor's size");
        torch::NoGradGuard no_grad;
        auto source = torch::from_blob(const_cast<float*>(values), tensor.sizes(), torch::kFloat32);
        tensor.copy_(source.to(tensor.device(), tensor.scalar_type()));
    });
}

}  // extern "C"
